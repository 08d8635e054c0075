"""Load one file of a known kind: keep it raw, validate, map to the canonical table, all or nothing."""

import importlib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import yaml

from indicators.model import ObservationSchema
from lmo.settings import LmoError
from pipelines import warehouse
from pipelines.sources.validation import validate

KINDS_FILE = Path(__file__).with_name("sources") / "kinds.yaml"


@cache
def kinds() -> dict[str, dict]:
    return yaml.safe_load(KINDS_FILE.read_text(encoding="utf-8"))


def source_module(kind: str):
    if kind not in kinds():
        raise LmoError(f"unknown kind {kind!r}; `lmo ingest --list` shows the known kinds")
    return importlib.import_module(kinds()[kind]["module"])


@dataclass
class IngestResult:
    file: str
    kind: str
    sha256: str
    vintage: str
    rows: int = 0
    unchanged: bool = False
    datasets: list[str] = field(default_factory=list)
    geos: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # rows left out on purpose (aggregates, ...)


def ingest_file(con, kind: str, path: Path, raw_store: Path, vintage: str | None = None) -> IngestResult:
    """Store the file as received, then load it; an identical file already loaded changes nothing."""
    path = Path(path)
    if not path.is_file():
        raise LmoError(f"{path}: no such file")
    module = source_module(kind)
    raw = warehouse.store_raw(path, raw_store, kind)
    if warehouse.is_loaded(con, raw.sha256):
        return IngestResult(str(path), kind, raw.sha256, "", unchanged=True)
    frame = module.read(path)
    vintage = vintage or getattr(module, "vintage_of", lambda _: None)(path) or date.today().isoformat()
    mapped = module.to_canonical(frame, vintage)
    skipped = dict(mapped.attrs.get("skipped", {}))
    canonical = validate(mapped, ObservationSchema, str(path))
    rows = warehouse.load_observations(con, canonical, raw, vintage)
    return IngestResult(
        str(path), kind, raw.sha256, vintage, rows,
        datasets=sorted(canonical["dataset"].unique()),
        geos=sorted(canonical["geo"].unique()),
        periods=sorted(canonical["period"].unique()),
        skipped=skipped,
    )


def ingest_and_publish(db: Path, kind: str, path: Path, vintage: str | None = None) -> IngestResult:
    """Load a file, recompute the indicators and publish the read-only copy (nothing if unchanged)."""
    from indicators.engine import refresh_mart
    from lmo.settings import raw_dir

    con = warehouse.connect(db)
    try:
        result = ingest_file(con, kind, path, raw_dir(db), vintage)
        if not result.unchanged:
            refresh_mart(con)
    finally:
        con.close()
    if not result.unchanged:
        warehouse.publish(db)
    return result
