"""The one read module: short read-only access to the published copy for the dashboard, the CLI and the API."""

import json
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import duckdb

from indicators.model import MART_COLUMNS
from kernel.duck import records
from kernel.settings import LmoError, published_path, quarantine_dir, warehouse_path
from kernel.vocabulary import CHOICES

COLUMNS = ", ".join(MART_COLUMNS)
MART_VALUES = "mart.indicator_values"
TOTALS = " AND ".join(f"{d} = '_T'" for d in ("sex", "age", "citizenship", "activity", "occupation", "programme"))


def world_values(world: str, table: str = MART_VALUES) -> str:
    """The indicator values of one world as a subquery: synthetic and real values never together."""
    if world not in CHOICES:
        raise LmoError(f"unknown world {world!r}: choose one of {', '.join(CHOICES)}")
    if world == "all":
        return table
    return f"(SELECT * FROM {table} WHERE (basis = 'synthetic') = {str(world == 'demo').lower()})"


def published(db: Path | None = None) -> Path:
    path = published_path(Path(db) if db else warehouse_path())
    if not path.exists():
        raise LmoError(f"no published warehouse at {path}; run `lmo run` first")
    return path


@contextmanager
def reader(db: Path | None = None):
    """A cursor on the published copy: never blocks or is blocked by a pipeline run, which swaps in a new file."""
    path = published(db)
    cursor = _connection(path, path.stat().st_mtime_ns).cursor()
    try:
        yield cursor
    finally:
        cursor.close()


@lru_cache(maxsize=2)
def _connection(path: Path, _mtime: int) -> duckdb.DuckDBPyConnection:
    """One read-only connection per published file (opening one costs ~40 ms; a cursor ~0.1 ms)."""
    return duckdb.connect(str(path), read_only=True)


@contextmanager
def vintage_reader(db, as_of: str, config: dict | None = None):
    """Indicators as published on `as_of`, recomputed in memory over the read-only published copy.

    A read-only database cannot hold the engine's temporary tables, so an in-memory database
    (`config`: DuckDB settings such as a memory limit) attaches the published copy read-only and keeps them.
    """
    from indicators.engine import compute

    con = duckdb.connect(config=config or {})
    try:
        con.execute("ATTACH ? AS published (READ_ONLY)", [str(published(db))])
        con.execute("USE published")
        compute(con, as_of=as_of)
        con.execute("CREATE TEMP VIEW indicator_values AS SELECT * REPLACE (round(value, 8) AS value) FROM mart_new")
        yield con
    finally:
        con.close()


def indicator_records(db, indicator: str, geos=None, period=None, measure="level", as_of=None,
                      breakdowns=False, world: str = "real", adjustment: str | None = "NSA") -> list[dict]:
    """An indicator's values, totals only unless `breakdowns`; with `as_of` as published on that date; of the
    real world unless `world` is `demo` (synthetic values) or `all`; unadjusted unless `adjustment` is SA (or
    None: both)."""
    table = world_values(world, "indicator_values" if as_of else MART_VALUES)
    with (vintage_reader(db, as_of) if as_of else reader(db)) as con:
        return records(con, f"""
            SELECT {COLUMNS} FROM {table}
            WHERE indicator = $indicator
              AND ($geos IS NULL OR list_contains($geos, geo))
              AND ($period IS NULL OR period = $period)
              AND ($measure IS NULL OR measure = $measure)
              AND ($adjustment IS NULL OR adjustment = $adjustment)
              AND ($breakdowns OR ({TOTALS}))
            ORDER BY geo, period, measure, ({TOTALS}) DESC, sex, age, citizenship, activity, occupation, programme""",
            {"indicator": indicator, "geos": geos, "period": period, "measure": measure,
             "adjustment": adjustment, "breakdowns": breakdowns})


def quality_results(db: Path | None = None) -> list[dict]:
    """The newest result of every data-quality check on every dataset ([] before the first checked run)."""
    from indicators.quality import latest_results

    with reader(db) as con:
        try:
            return latest_results(con)
        except duckdb.CatalogException:
            return []


def freshness(db: Path | None = None) -> list[dict]:
    from indicators.quality import freshness as latest_periods

    with reader(db) as con:
        return latest_periods(con)


def quarantine_reports(db: Path | None = None, limit: int = 200) -> list[dict]:
    """Reports of rejected files, newest first, each with the name of its JSON file (from the quarantine folder
    beside the warehouse)."""
    folder = quarantine_dir(Path(db) if db else warehouse_path())
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.json"), reverse=True)[:limit]:
        try:
            found.append(json.loads(path.read_text(encoding="utf-8")) | {"report": path.name})
        except (OSError, ValueError):
            continue
    return found
