"""Many writers, one warehouse: files are read and validated in parallel, outside the warehouse's lock, and
staged; the run that holds the lock loads every staged file (a group commit), each all or nothing.

A staged file is `<sha256>.parquet` (its rows) and `<sha256>.json` (what the load needs), the JSON written
last, so a file is staged whole or not at all. Its load leaves `<sha256>.outcome.json`: loaded, or rejected
with its problems, which the run that staged it reports as its own."""

import json
import os
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from pipelines import warehouse
from pipelines.ingest import Checked, IngestResult, load_checked
from pipelines.quarantine import Rejected


def stage(checked: Checked, folder: Path) -> None:
    """The checked file's rows and what its load needs, under its sha256."""
    folder.mkdir(parents=True, exist_ok=True)
    name = checked.raw.sha256
    write_whole(folder / f"{name}.parquet", lambda path: checked.rows.to_parquet(path, index=False))
    manifest = {"kind": checked.kind, "path": str(checked.path), "table": checked.table,
                "raw": {k: str(v) for k, v in asdict(checked.raw).items()}, "vintage": checked.vintage,
                "skipped": checked.skipped, "periods": list(checked.periods)}
    write_whole(folder / f"{name}.json", lambda path: path.write_text(json.dumps(manifest), encoding="utf-8"))


def write_whole(target: Path, write) -> None:
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        write(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def staged(folder: Path) -> list[Path]:
    """The manifests waiting, oldest first."""
    found = [p for p in folder.glob("*.json") if not p.name.endswith(".outcome.json")] if folder.is_dir() else []
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name))


def load_staged(con, folder: Path, quarantine_folder: Path) -> int:
    """Inside the warehouse's lock: every staged file loaded (or rejected), its outcome kept. Returns how many."""
    manifests = staged(folder)
    for manifest in manifests:
        outcome = load_one(con, manifest, quarantine_folder)
        write_whole(manifest.with_suffix(".outcome.json"),
                    lambda path, o=outcome: path.write_text(json.dumps(o, default=str), encoding="utf-8"))
        manifest.with_suffix(".parquet").unlink(missing_ok=True)
        manifest.unlink()
    return len(manifests)


def checked_of(manifest: Path) -> Checked:
    spec = json.loads(manifest.read_text(encoding="utf-8"))
    raw = spec["raw"]
    raw = warehouse.RawFile(raw["sha256"], raw["kind"], raw["name"], Path(raw["stored_path"]), int(raw["bytes"]))
    rows = pd.read_parquet(manifest.with_suffix(".parquet"))
    return Checked(spec["kind"], Path(spec["path"]), spec["table"], rows, raw, spec["vintage"], spec["skipped"],
                   spec["periods"])


def load_one(con, manifest: Path, quarantine_folder: Path) -> dict:
    if warehouse.is_loaded(con, manifest.stem):  # loaded before a kill removed its staging
        return {"status": "unchanged", "sha256": manifest.stem}
    checked = checked_of(manifest)
    try:
        return {"status": "loaded", **asdict(load_checked(con, checked, quarantine_folder))}
    except Rejected as error:
        return {"status": "rejected", "file": error.file, "problems": error.problems, "report": str(error.report),
                "total": error.total}


def outcome(folder: Path, path: Path, sha256: str, con) -> IngestResult:
    """What became of a staged file: its result, or its rejection raised as the file's own."""
    found = folder / f"{sha256}.outcome.json"
    done = json.loads(found.read_text(encoding="utf-8")) if found.exists() else {"status": "unchanged"}
    found.unlink(missing_ok=True)
    if done["status"] == "rejected":
        raise Rejected(str(path), done["problems"], Path(done["report"]), done["total"])
    if done["status"] == "unchanged" and not warehouse.is_loaded(con, sha256):
        raise RuntimeError(f"{path}: staged but neither loaded nor rejected")  # not expected: a defect if seen
    if done["status"] == "unchanged":
        return IngestResult(str(path), "", sha256, "", unchanged=True)
    done.pop("status")
    return IngestResult(**done)
