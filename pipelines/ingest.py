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
    """Store the file as received, then load it; an identical file already loaded changes nothing.

    A source module maps to core.observations (to_canonical) or, if it names a TABLE, loads
    microdata into that table (to_table, periods)."""
    path = Path(path)
    if not path.is_file():
        raise LmoError(f"{path}: no such file")
    module = source_module(kind)
    raw = warehouse.store_raw(path, raw_store, kind)
    if warehouse.is_loaded(con, raw.sha256):
        return IngestResult(str(path), kind, raw.sha256, "", unchanged=True)
    frame = module.read(path)
    vintage = vintage or getattr(module, "vintage_of", lambda _: None)(path) or date.today().isoformat()
    if hasattr(module, "TABLE"):  # microdata: the module's own table, periods from its dates
        table, rows, skipped = module.TABLE, module.to_table(frame, vintage), {}
        periods = module.periods(rows)
    else:
        mapped = module.to_canonical(frame, vintage)
        table, skipped = "core.observations", dict(mapped.attrs.get("skipped", {}))
        rows = validate(mapped, ObservationSchema, str(path))
        periods = sorted(rows["period"].unique())
    loaded = warehouse.load_table(con, table, rows, raw, vintage)
    return IngestResult(
        str(path), kind, raw.sha256, vintage, loaded,
        datasets=sorted(rows["dataset"].unique()),
        geos=sorted(rows["geo"].unique()),
        periods=periods,
        skipped=skipped,
    )
