"""Raw layer: files kept byte for byte as received — the embedded data, and a file a user hands in."""

from pathlib import Path

import dagster as dg
import yaml

from kernel.settings import DATA_DIR, SHIPPED_DEMO, LmoError, demo_register_dir, quarantine_dir
from pipelines import warehouse as wh
from pipelines.ingest import kinds
from pipelines.quarantine import refuse_unsafe
from pipelines.resources import Warehouse

EMBEDDED = yaml.safe_load((DATA_DIR / "embedded.yaml").read_text(encoding="utf-8"))


def embedded_paths(spec: dict) -> list[Path]:
    """A spec's path may be a pattern (statabs/*.tsv): a family of tables loaded as one asset. A synthetic
    register's files are read from the demo register folder (the shipped one unless $LMO_DEMO_REGISTER)."""
    if Path(spec["path"]).is_relative_to(SHIPPED_DEMO):
        return sorted(demo_register_dir().glob(str(Path(spec["path"]).relative_to(SHIPPED_DEMO))))
    return sorted(DATA_DIR.glob(spec["path"]))


@dg.asset(group_name="raw", kinds={"file"}, description="The files shipped in data/ (data/embedded.yaml), kept as received")
def embedded_files(warehouse: Warehouse) -> dg.MaterializeResult:
    stored = [wh.store_raw(path, warehouse.raw_store, spec["kind"]) for spec in EMBEDDED for path in embedded_paths(spec)]
    return dg.MaterializeResult(metadata={"files": len(stored), "bytes": sum(r.bytes for r in stored)})


class Upload(dg.Config):
    """A file handed in by `lmo ingest` or dropped in the inbox; empty when a run loads no file."""

    kind: str = ""
    path: str = ""
    vintage: str = ""


def received(path: Path, kind: str, db: Path) -> Path:
    """The file itself, never a link or a special file (refused and reported before a byte of it is read)."""
    refuse_unsafe(path, kind, quarantine_dir(db))
    if not path.is_file():
        raise LmoError(f"{path}: no such file")
    return path


@dg.asset(group_name="raw", kinds={"file"}, description="A user's file kept as received under raw/<sha256>/")
def upload(config: Upload, warehouse: Warehouse) -> dg.MaterializeResult:
    if not config.path:
        return dg.MaterializeResult(metadata={"file": ""})
    if config.kind not in kinds():
        raise LmoError(f"unknown kind {config.kind!r}; `lmo ingest --list` shows the known kinds")
    path = received(Path(config.path), config.kind, Path(warehouse.path))
    raw = wh.store_raw(path, warehouse.raw_store, config.kind)
    return dg.MaterializeResult(metadata={
        "file": str(path), "kind": config.kind, "vintage": config.vintage, "sha256": raw.sha256,
        "stored_path": str(raw.stored_path), "bytes": raw.bytes})
