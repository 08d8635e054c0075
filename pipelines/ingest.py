"""Load one file of a known kind into core: validate, quarantine it if rejected, else load it, all or nothing."""

import importlib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from indicators.model import ObservationSchema, with_realm
from kernel.settings import LmoError
from pipelines import streamed, warehouse
from pipelines.quarantine import Rejected, quarantine, refuse_unsafe
from pipelines.sources.rules import rule_problems
from pipelines.sources.validation import ValidationFailed, problem, problems_of

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
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> rows left out on purpose (aggregates, ...)

    def skipped_lines(self) -> list[str]:
        return [f"{count} rows skipped: {reason}" for reason, count in self.skipped.items()]


def mapped_rows(module, frame, vintage: str, realm: str):
    """Rows for the module's table: microdata (TABLE, to_table) or canonical observations stamped with the
    kind's realm where the file says none, with their problems."""
    if hasattr(module, "TABLE"):
        return module.TABLE, module.to_table(frame, vintage), []
    rows = with_realm(module.to_canonical(frame, vintage), realm)
    problems = problems_of(rows, ObservationSchema)
    return "core.observations", rows, problems or rule_problems(rows)


def prepare(module, path: Path, vintage: str | None, realm: str):
    """The file as rows for its table; any failure, even an unforeseen one, becomes a list of problems."""
    try:
        frame = module.read(path)
        vintage = vintage_for(module, path, vintage)
        return (*mapped_rows(module, frame, vintage, realm), vintage)
    except ValidationFailed as error:
        return None, None, error.problems, vintage
    except LmoError as error:
        return None, None, [problem("file", "-", "unreadable", str(error).removeprefix(f"{path}: "))], vintage
    except Exception as error:  # a reader meeting input its author did not foresee
        return None, None, [problem("file", "-", "unreadable", f"{type(error).__name__}: {error}")], vintage


def vintage_for(module, path: Path, vintage: str | None) -> str:
    """The vintage asked for, else the publisher's own date in the file, else today."""
    return vintage or getattr(module, "vintage_of", lambda _: None)(path) or date.today().isoformat()


def ingest_streamed(con, kind: str, module, path: Path, digest: str, raw_store: Path, vintage: str,
                    folder: Path) -> IngestResult:
    """A file too big to read whole, checked and loaded in chunks; rejected like any other file."""
    try:
        done = streamed.load(con, module, path, vintage, digest, lambda: warehouse.store_raw(path, raw_store, kind),
                             kinds()[kind]["realm"])
    except ValidationFailed as error:
        report = quarantine(path, kind, digest, error.problems, folder, error.total)
        raise Rejected(str(path), error.problems, report, error.total) from None
    return IngestResult(str(path), kind, digest, vintage, done.rows, datasets=done.datasets, geos=done.geos,
                        periods=done.periods)


@dataclass
class Checked:
    """A file read, mapped and validated, not yet loaded: what a load needs, in or out of the warehouse lock."""

    kind: str
    path: Path
    table: str
    rows: pd.DataFrame
    raw: warehouse.RawFile
    vintage: str
    skipped: dict[str, int]
    periods: list[str]


def quarantine_of(raw_store: Path, quarantine_dir: Path | None) -> Path:
    return quarantine_dir or Path(raw_store).with_name("quarantine")


def checked_file(kind: str, path: Path, raw_store: Path, vintage: str | None = None,
                 quarantine_dir: Path | None = None, digest: str | None = None) -> Checked:
    """Read and validate a file without the warehouse (`digest`: its sha256 if known); a rejected one is
    quarantined and raised."""
    module = source_module(kind)
    digest = digest or warehouse.sha256_of(path)
    table, rows, problems, vintage = prepare(module, path, vintage, kinds()[kind]["realm"])
    if problems:
        raise Rejected(str(path), problems, quarantine(path, kind, digest, problems, quarantine_of(raw_store, quarantine_dir)))
    skipped = dict(rows.attrs.get("skipped", {}))
    if table == "core.observations":
        rows = ObservationSchema.validate(rows)
        periods = sorted(rows["period"].unique())
    else:
        periods = module.periods(rows)
    return Checked(kind, path, table, rows, warehouse.store_raw(path, raw_store, kind, digest), vintage, skipped, periods)


def load_checked(con, checked: Checked, folder: Path) -> IngestResult:
    """Load a checked file, all or nothing; rules across files may still reject it (the warehouse rolls back)."""
    rows = checked.rows
    try:
        loaded = warehouse.load_table(con, checked.table, rows, checked.raw, checked.vintage, checked.skipped)
    except ValidationFailed as error:
        raise Rejected(str(checked.path), error.problems,
                       quarantine(checked.path, checked.kind, checked.raw.sha256, error.problems, folder)) from None
    return IngestResult(str(checked.path), checked.kind, checked.raw.sha256, checked.vintage, loaded,
                        datasets=sorted(rows["dataset"].unique()), geos=sorted(rows["geo"].unique()),
                        periods=checked.periods, skipped=checked.skipped)


def ingest_file(con, kind: str, path: Path, raw_store: Path, vintage: str | None = None,
                quarantine_dir: Path | None = None) -> IngestResult:
    """Load a file; an identical file already loaded changes nothing, a rejected one changes nothing either.

    A source module maps to core.observations (to_canonical) or, if it names a TABLE, loads
    microdata into that table (to_table, periods). A rejected file goes to quarantine with a report."""
    path = Path(path)
    folder = quarantine_of(raw_store, quarantine_dir)
    refuse_unsafe(path, kind, folder)  # before a byte is read
    if not path.is_file():
        raise LmoError(f"{path}: no such file")
    module = source_module(kind)
    digest = warehouse.sha256_of(path)
    if warehouse.is_loaded(con, digest):
        return IngestResult(str(path), kind, digest, "", unchanged=True)
    if streamed.applies(module, path):
        return ingest_streamed(con, kind, module, path, digest, raw_store, vintage_for(module, path, vintage), folder)
    return load_checked(con, checked_file(kind, path, raw_store, vintage, folder, digest), folder)
