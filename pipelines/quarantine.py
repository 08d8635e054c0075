"""Rejected files: kept byte for byte in the quarantine folder beside a JSON report of every problem."""

import json
from datetime import UTC, datetime
from pathlib import Path

from pipelines.publication import write_atomically
from pipelines.sources.paths import unsafe
from pipelines.sources.validation import ValidationFailed
from pipelines.warehouse import copy_whole, safe_name

MAX_REPORTED = 1000  # problems kept in a report; the count says how many there were


class Rejected(ValidationFailed):
    """A file refused: every problem, and where its quarantine report is."""

    def __init__(self, file: str, problems: list[dict], report: Path, total: int | None = None):
        self.report = report
        super().__init__(file, problems, total)
        self.args = (f"{self.args[0]}\nquarantined: {report}",)


def refuse_unsafe(path: Path, kind: str, folder: Path) -> None:
    """A symbolic link or special file is refused before a byte of it is read: reported, never copied."""
    if found := unsafe(path):
        raise Rejected(str(path), [found], quarantine(path, kind, "", [found], folder))


def quarantine(path: Path, kind: str, sha256: str, problems: list[dict], folder: Path, total: int | None = None) -> Path:
    """Copy the file (streamed; a link or special file is not copied) and write its report; returns the report's
    path, always inside `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    moment = datetime.now(UTC)
    stem = f"{moment:%Y%m%dT%H%M%S%fZ}-{sha256[:12] or 'unread'}"
    copy = None if unsafe(path) else folder / f"{stem}-{safe_name(Path(path).name)}"
    if copy:
        copy_whole(path, copy)
    report = {
        "file": Path(path).name, "kind": kind, "sha256": sha256, "bytes": copy.stat().st_size if copy else 0,
        "time": moment.isoformat(timespec="seconds"), "quarantined_as": copy.name if copy else "",
        "problem_count": max(total or 0, len(problems)), "problems": problems[:MAX_REPORTED],
    }
    target = folder / f"{stem}.json"
    write_atomically(target, json.dumps(report, ensure_ascii=False, indent=1, default=str))
    return target

