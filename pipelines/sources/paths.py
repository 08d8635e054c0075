"""Only plain files are read: a symbolic link or a special file is refused by its real path, unread."""

import os
import stat
from pathlib import Path

from pipelines.sources.validation import ValidationFailed, problem

LINK_RULE = "symbolic link (give the file itself, not a link to it)"
SPECIAL_RULE = "not a regular file"
SPECIAL = [(stat.S_ISFIFO, "FIFO (named pipe)"), (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
           (stat.S_ISSOCK, "socket"), (stat.S_ISDIR, "directory")]


def unsafe(path: Path) -> dict | None:
    """Why `path` must not be read (a link anywhere in it, or not a regular file), else None; a missing file is
    left to its reader to name."""
    real = os.path.realpath(path)
    if real != os.path.abspath(path):
        return problem("file", "-", LINK_RULE, real)
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISREG(mode):
        return None
    return problem("file", "-", SPECIAL_RULE, next((what for test, what in SPECIAL if test(mode)), "special file"))


def check_regular(path: Path) -> None:
    if found := unsafe(path):
        raise ValidationFailed(str(path), [found])
