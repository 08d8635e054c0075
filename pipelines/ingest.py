"""Load one file of a known kind: validate, quarantine it if rejected, else keep it raw and load it, all or nothing."""

import importlib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import yaml

from indicators.model import ObservationSchema
from lmo.settings import LmoError
from pipelines import warehouse
from pipelines.quarantine import quarantine
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


class Rejected(ValidationFailed):
    """A file refused: every problem, and where its quarantine report is."""

    def __init__(self, file: str, problems: list[dict], report: Path):
        self.report = report
        super().__init__(file, problems)
        self.args = (f"{self.args[0]}\nquarantined: {report}",)


def prepare(module, path: Path, vintage: str | None):
    """The file as canonical rows; any failure, even an unforeseen one, becomes a list of problems."""
    try:
        raw = module.read(path)
        vintage = vintage or getattr(module, "vintage_of", lambda _: None)(path) or date.today().isoformat()
        canonical = module.to_canonical(raw, vintage)
    except ValidationFailed as error:
        return None, vintage, error.problems
    except LmoError as error:
        return None, vintage, [problem("file", "-", "unreadable", str(error).removeprefix(f"{path}: "))]
    except Exception as error:  # a reader meeting input its author did not foresee
        return None, vintage, [problem("file", "-", "unreadable", f"{type(error).__name__}: {error}")]
    problems = problems_of(canonical, ObservationSchema)
    return canonical, vintage, problems or rule_problems(canonical)


def ingest_file(con, kind: str, path: Path, raw_store: Path, vintage: str | None = None,
                quarantine_dir: Path | None = None) -> IngestResult:
    """Load a file; an identical file already loaded changes nothing, a rejected one changes nothing either."""
    path = Path(path)
    if not path.is_file():
        raise LmoError(f"{path}: no such file")
    module = source_module(kind)
    digest = warehouse.sha256_of(path)
    if warehouse.is_loaded(con, digest):
        return IngestResult(str(path), kind, digest, "", unchanged=True)
    canonical, vintage, problems = prepare(module, path, vintage)
    if problems:
        folder = quarantine_dir or Path(raw_store).with_name("quarantine")
        raise Rejected(str(path), problems, quarantine(path, kind, digest, problems, folder))
    raw = warehouse.store_raw(path, raw_store, kind)
    rows = warehouse.load_observations(con, ObservationSchema.validate(canonical), raw, vintage)
    return IngestResult(
        str(path), kind, raw.sha256, vintage, rows,
        datasets=sorted(canonical["dataset"].unique()),
        geos=sorted(canonical["geo"].unique()),
        periods=sorted(canonical["period"].unique()),
    )
