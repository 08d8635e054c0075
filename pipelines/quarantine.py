"""Rejected files: kept byte for byte in the quarantine folder beside a JSON report of every problem."""

import json
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

from pipelines.warehouse import safe_name

MAX_REPORTED = 1000  # problems kept in a report; the count says how many there were


def quarantine(path: Path, kind: str, sha256: str, problems: list[dict], folder: Path, total: int | None = None) -> Path:
    """Copy the file (streamed) and write its report; returns the report's path, always inside `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    moment = datetime.now(timezone.utc)
    stem = f"{moment:%Y%m%dT%H%M%S%fZ}-{sha256[:12]}"
    copy = folder / f"{stem}-{safe_name(Path(path).name)}"
    shutil.copyfile(path, copy)
    report = {
        "file": Path(path).name, "kind": kind, "sha256": sha256, "bytes": copy.stat().st_size,
        "time": moment.isoformat(timespec="seconds"), "quarantined_as": copy.name,
        "problem_count": max(total or 0, len(problems)), "problems": problems[:MAX_REPORTED],
    }
    target = folder / f"{stem}.json"
    partial = target.with_suffix(".json.part")
    partial.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    os.replace(partial, target)
    return target


def reports(folder: Path, limit: int = 200) -> list[dict]:
    """The newest reports first, each with the name of its JSON file."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.json"), reverse=True)[:limit]:
        try:
            found.append(json.loads(path.read_text(encoding="utf-8")) | {"report": path.name})
        except (OSError, ValueError):
            continue
    return found
