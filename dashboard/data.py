"""The dashboard's only data access: short read-only connections to the published warehouse copy."""

import json
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from lmo.duck import records
from lmo.settings import DATA_DIR, LmoError, published_path, warehouse_path

COLUMNS = ("indicator, geo, period, sex, age, citizenship, activity, occupation, programme, "
           "measure, value, unit, obs_status, conf_status, concept, adjustment, source, vintage")


def published(db: Path | None = None) -> Path:
    path = published_path(Path(db) if db else warehouse_path())
    if not path.exists():
        raise LmoError(f"no published warehouse at {path}; run `lmo run` first")
    return path


@contextmanager
def reader(db: Path | None = None):
    """A read-only connection to the published copy; never blocks or is blocked by a pipeline run."""
    con = duckdb.connect(str(published(db)), read_only=True)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def vintage_reader(db, as_of: str):
    """Indicators as published on `as_of`, recomputed in memory over the read-only published copy.

    A read-only database cannot hold the engine's temporary tables, so an in-memory database
    attaches the published copy read-only and keeps the temporary tables itself.
    """
    from indicators.engine import compute

    con = duckdb.connect()
    try:
        con.execute("ATTACH ? AS published (READ_ONLY)", [str(published(db))])
        con.execute("USE published")
        compute(con, as_of=as_of)
        con.execute("CREATE TEMP VIEW indicator_values AS SELECT * REPLACE (round(value, 8) AS value) FROM mart_new")
        yield con
    finally:
        con.close()


def indicator_records(db, indicator: str, geos=None, period=None, measure="level", as_of=None) -> list[dict]:
    """An indicator's values; with `as_of` (YYYY-MM-DD) as published on that date."""
    table = "indicator_values" if as_of else "mart.indicator_values"
    with (vintage_reader(db, as_of) if as_of else reader(db)) as con:
        return records(con, f"""
            SELECT {COLUMNS} FROM {table}
            WHERE indicator = $indicator
              AND ($geos IS NULL OR list_contains($geos, geo))
              AND ($period IS NULL OR period = $period)
              AND ($measure IS NULL OR measure = $measure)
            ORDER BY geo, period, measure""",
            {"indicator": indicator, "geos": geos, "period": period, "measure": measure})


def series(indicator: str, geos: list[str], measure: str = "level", freq: str = "M") -> pd.DataFrame:
    """One indicator over time for some geos (totals of every breakdown)."""
    with reader() as con:
        return con.execute("""
            SELECT geo, period, value, unit, obs_status FROM mart.indicator_values
            WHERE indicator = ? AND list_contains(?, geo) AND measure = ? AND adjustment = 'NSA'
              AND length(period) = CASE ? WHEN 'A' THEN 4 ELSE 7 END
              AND sex = '_T' AND age = '_T' AND citizenship = '_T' AND activity = '_T'
              AND occupation = '_T' AND programme = '_T'
            ORDER BY geo, period""", [indicator, geos, measure, freq]).df()


def cross_section(indicator: str, period: str, measure: str = "level") -> pd.DataFrame:
    """One indicator for every geo in one period (totals of every breakdown)."""
    with reader() as con:
        return con.execute("""
            SELECT geo, value, unit, obs_status FROM mart.indicator_values
            WHERE indicator = ? AND period = ? AND measure = ? AND adjustment = 'NSA'
              AND sex = '_T' AND age = '_T' AND citizenship = '_T' AND activity = '_T'
              AND occupation = '_T' AND programme = '_T'
            ORDER BY value DESC""", [indicator, period, measure]).df()


def periods(indicator: str, freq: str = "M") -> list[str]:
    with reader() as con:
        rows = con.execute("""
            SELECT DISTINCT period FROM mart.indicator_values
            WHERE indicator = ? AND measure = 'level' AND length(period) = CASE ? WHEN 'A' THEN 4 ELSE 7 END
            ORDER BY period DESC""", [indicator, freq]).fetchall()
    return [row[0] for row in rows]


def indicators_with_geo(prefix: str = "CH-") -> list[str]:
    with reader() as con:
        rows = con.execute("SELECT DISTINCT indicator FROM mart.indicator_values WHERE starts_with(geo, ?) "
                           "ORDER BY indicator", [prefix]).fetchall()
    return [row[0] for row in rows]


@cache
def canton_geojson() -> dict:
    return json.loads((DATA_DIR / "geo" / "ch-cantons-2025.geojson").read_text(encoding="utf-8"))


def concept_series(indicators: list[str], geos: list[str], sex: str = "_T", age: str = "_T") -> pd.DataFrame:
    """Annual levels of several indicators for some countries, each row with its concept and source."""
    with reader() as con:
        return con.execute("""
            SELECT indicator, geo, period, value, unit, obs_status, concept, source FROM mart.indicator_values
            WHERE list_contains(?, indicator) AND list_contains(?, geo) AND measure = 'level'
              AND length(period) = 4 AND sex = ? AND age = ? AND citizenship = '_T' AND activity = '_T'
              AND occupation = '_T' AND programme = '_T' AND adjustment = 'NSA'
            ORDER BY indicator, geo, period""", [indicators, geos, sex, age]).df()


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


def quarantine_reports(db: Path | None = None) -> list[dict]:
    """Reports of rejected files, newest first (read from the quarantine folder beside the warehouse)."""
    from lmo.settings import quarantine_dir
    from pipelines.quarantine import reports

    return reports(quarantine_dir(Path(db) if db else warehouse_path()))
