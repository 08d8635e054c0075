"""`lmo` with a fault at a named stage of a load, its mart refresh and its publication (issue 17 tests): `$LMO_FAULT`
names a stage, where the process SIGKILLs itself, or is `full:<stage>`, where a write fails as on a full disk.

The bulletin (PDF rendering, most of a run's time here) follows the publication and is left out."""

import errno
import os
import signal
import sys
from pathlib import Path

import pipelines.pending as pending
import pipelines.publication as publication
import pipelines.warehouse as warehouse
import publish.bulletin_files as bulletin_files


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def disk_full() -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class HalfCopy:
    """store_raw's copy, ended by the fault halfway through the file."""

    @staticmethod
    def copyfile(source, target):
        data = Path(source).read_bytes()
        with open(target, "wb") as handle:
            handle.write(data[:len(data) // 2])
            handle.flush()
            FAULT()


def before(module, name: str) -> None:
    setattr(module, name, lambda *args, **kwargs: FAULT())


def after(module, name: str) -> None:
    original = getattr(module, name)

    def wrapped(*args, **kwargs):
        original(*args, **kwargs)
        FAULT()
    setattr(module, name, wrapped)


def before_current() -> None:
    original = publication.write_atomically
    publication.write_atomically = lambda path, text: FAULT() if path.name == "CURRENT" else original(path, text)


# In the order a load runs: the raw copy, the core commit, the mart (refreshed before the publication starts), the
# copy of the publication (written, not yet renamed), the renamed file before CURRENT points at it, CURRENT moved.
STAGES = {
    "raw-copy": lambda: setattr(warehouse, "shutil", HalfCopy),
    "core-committed": lambda: after(warehouse, "load_table"),
    "mart-refreshed": lambda: before(publication, "publish"),
    "publication-copy": lambda: after(publication, "copy_tables"),
    "before-current": before_current,
    "after-current": lambda: before(pending, "clear_published"),
}

if __name__ == "__main__":
    bulletin_files.write_all = lambda *args, **kwargs: []
    fault = os.environ.get("LMO_FAULT", "")
    FAULT = disk_full if fault.startswith("full:") else die
    if fault:
        STAGES[fault.removeprefix("full:")]()
    from lmo.cli import main
    sys.exit(main(sys.argv[1:]))
