"""Publication: a new read-only file of what readers need, swapped in by a pointer; the status readers see."""

import json
import os
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from kernel.duck import scalar
from kernel.settings import publication_dir, publication_status, publication_status_path

# What readers get: figures, quality and metadata, never microdata with person ids.
PUBLISHED_TABLES = ("core.observations", "mart.indicator_values", "mart.check_results", "mart.programme_effects",
                    "mart.programme_balance", "mart.programme_overlap", "mart.programme_targets", "raw.files")
KEEP_PUBLICATIONS = 3


def publish(db: Path, checks: list[str] | None = None) -> Path:
    """Write a new read-only publication of the reader tables and point CURRENT at it, all or nothing.

    A kill or a full disk before the pointer moves leaves the previous publication current."""
    return install(db, lambda partial: copy_tables(db, partial))


def adopt(db: Path, file: Path) -> Path:
    """Make a copy of an existing publication file the current publication of `db` (tests, restores)."""
    return install(db, lambda partial: shutil.copyfile(file, partial))


def install(db: Path, write: Callable[[Path], None]) -> Path:
    """`write` fills a partial file; it becomes a new stamped publication and CURRENT points at it."""
    folder = publication_dir(db)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{stamp}.duckdb"
    partial = folder / f".{stamp}.{os.getpid()}.part"
    try:
        write(partial)
        os.replace(partial, target)
        write_atomically(folder / "CURRENT", target.name)
    finally:
        partial.unlink(missing_ok=True)
    write_status(db, {"published_at": stamp, "file": target.name, "held_back": None})
    prune(folder, target)
    return target


def copy_tables(db: Path, out: Path) -> None:
    with duckdb.connect(str(db)) as con:
        con.execute("ATTACH ? AS pub", [str(out)])
        try:
            for table in PUBLISHED_TABLES:
                schema, name = table.split(".")
                if scalar(con, "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database()"
                               " AND table_schema = ? AND table_name = ?", [schema, name]):
                    con.execute(f"CREATE SCHEMA IF NOT EXISTS pub.{schema}")
                    con.execute(f"CREATE TABLE pub.{table} AS SELECT * FROM {table}")
            con.execute("CHECKPOINT pub")
        finally:
            con.execute("DETACH pub")


def write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with open(partial, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def write_status(db: Path, status: dict) -> None:
    write_atomically(publication_status_path(db), json.dumps(status, ensure_ascii=False))


def hold_back(db: Path, failed: list[str]) -> None:
    """A gate failed: the current publication stays; readers are told what was held back."""
    status = publication_status(db)
    status["held_back"] = {"checks": failed, "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
    if publication_dir(db).exists():
        write_status(db, status)


def prune(folder: Path, current: Path) -> None:
    """Older publications beyond the last few are removed (a reader still holding one keeps its open file)."""
    older = sorted(p for p in folder.glob("*.duckdb") if p != current)
    for stale in older[:-(KEEP_PUBLICATIONS - 1)] if KEEP_PUBLICATIONS > 1 else older:
        stale.unlink(missing_ok=True)
    for leftover in folder.glob(".*.part"):
        leftover.unlink(missing_ok=True)
