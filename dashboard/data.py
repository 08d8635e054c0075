"""The dashboard's queries, over the read module kernel.query: short read-only access to the published copy."""

from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.kept import kept
from dashboard.world import datasets_clause, demo, values
from kernel.query import COLUMNS, _connection, published, reader


def series(indicator: str, geos: list[str], measure: str = "level", freq: str = "M") -> pd.DataFrame:
    """One indicator over time for some geos (totals of every breakdown)."""
    with reader() as con:
        return con.execute(f"""
            SELECT geo, period, value, unit, obs_status FROM {values()}
            WHERE indicator = ? AND list_contains(?, geo) AND measure = ? AND adjustment = 'NSA'
              AND frequency = ?
              AND sex = '_T' AND age = '_T' AND citizenship = '_T' AND activity = '_T'
              AND occupation = '_T' AND programme = '_T'
            ORDER BY geo, period""", [indicator, geos, measure, freq]).df()


def cross_section(indicator: str, period: str, measure: str = "level") -> pd.DataFrame:
    """One indicator for every geo in one period (totals of every breakdown)."""
    with reader() as con:
        return con.execute(f"""
            SELECT geo, value, unit, obs_status FROM {values()}
            WHERE indicator = ? AND period = ? AND measure = ? AND adjustment = 'NSA'
              AND sex = '_T' AND age = '_T' AND citizenship = '_T' AND activity = '_T'
              AND occupation = '_T' AND programme = '_T'
            ORDER BY value DESC""", [indicator, period, measure]).df()


def periods(indicator: str, freq: str = "M") -> list[str]:
    with reader() as con:
        rows = con.execute(f"""
            SELECT DISTINCT period FROM {values()}
            WHERE indicator = ? AND measure = 'level' AND frequency = ?
            ORDER BY period DESC""", [indicator, freq]).fetchall()
    return [row[0] for row in rows]


def indicators_with_geo(prefix: str = "CH-") -> list[str]:
    with reader() as con:
        rows = con.execute(f"SELECT DISTINCT indicator FROM {values()} WHERE starts_with(geo, ?) "
                           "ORDER BY indicator", [prefix]).fetchall()
    return [row[0] for row in rows]


FREQ = "frequency"
DIMS = ("sex", "age", "citizenship", "activity", "occupation", "programme")
# A breakdown dimension varies only when it is the one chosen ($dim); every other one is the total.
ONE_BREAKDOWN = " ".join(f"AND ({d} = '_T' OR $dim = '{d}')" for d in DIMS)


@kept
def observations(indicator: str, geos: list[str] | None = None, measure: str = "level", adjustment: str = "NSA",
                 freq: str = "M", dim: str | None = None, period: str | None = None) -> pd.DataFrame:
    """Values of one indicator with what a chart or a download shows beside them (flags, source, vintage, note)."""
    with reader() as con:
        return con.execute(f"""
            SELECT geo, period, {", ".join(DIMS)}, value, unit, obs_status, conf_status, source, vintage, note
            FROM {values()}
            WHERE indicator = $indicator AND measure = $measure AND adjustment = $adjustment
              AND {FREQ} = $freq AND ($geos IS NULL OR list_contains($geos, geo))
              AND ($period IS NULL OR period = $period) {ONE_BREAKDOWN}
            ORDER BY geo, period, {", ".join(DIMS)}""",
            {"indicator": indicator, "measure": measure, "adjustment": adjustment, "freq": freq,
             "geos": geos, "period": period, "dim": dim}).df()


def available() -> dict[str, dict]:
    """For each indicator in the mart: its geos, measures, adjustments, frequencies and breakdowns."""
    path = published(None)
    return _available(path, path.stat().st_mtime_ns, demo())


@lru_cache(maxsize=8)
def _available(path: Path, _mtime: int, _demo: bool) -> dict[str, dict]:
    """Cached per published copy and world: a new publication (new mtime) is read again."""
    with _connection(path, _mtime).cursor() as con:
        rows = con.execute(f"""
            SELECT indicator, list(DISTINCT geo ORDER BY geo), list(DISTINCT measure ORDER BY measure),
                   list(DISTINCT adjustment ORDER BY adjustment), list(DISTINCT {FREQ} ORDER BY {FREQ} DESC),
                   [{", ".join(f"bool_or({d} <> '_T')" for d in DIMS)}], max(vintage)
            FROM {values()} GROUP BY indicator ORDER BY indicator""").fetchall()
    return {row[0]: {"geos": row[1], "measures": row[2], "adjustments": row[3], "freqs": row[4],
                     "dims": [d for d, varies in zip(DIMS, row[5]) if varies], "vintage": row[6]}
            for row in rows}


@kept
def shared_periods(indicator: str, freq: str, geos: list[str], minimum: int = 2) -> list[str]:
    """Periods, latest first, in which at least `minimum` of the geos have a total value."""
    with reader() as con:
        rows = con.execute(f"""
            SELECT period FROM {values()}
            WHERE indicator = $i AND measure = 'level' AND adjustment = 'NSA' AND {FREQ} = $f
              AND list_contains($g, geo) {ONE_BREAKDOWN}
            GROUP BY period HAVING count(DISTINCT geo) >= $m ORDER BY period DESC""",
            {"i": indicator, "f": freq, "g": geos, "m": minimum, "dim": None}).fetchall()
    return [row[0] for row in rows]


@kept
def latest_period(indicator: str, freq: str = "M", geo: str = "CH") -> str | None:
    with reader() as con:
        row = con.execute(f"""SELECT max(period) FROM {values()}
                              WHERE indicator = ? AND geo = ? AND {FREQ} = ? AND measure = 'level'""",
                          [indicator, geo, freq]).fetchone()
    return row[0]


@kept
def headline(indicator: str, geo: str, period: str, adjustment: str = "NSA") -> dict[str, float]:
    """measure → value for the totals of one indicator, place and period, unadjusted or seasonally adjusted."""
    with reader() as con:
        rows = con.execute(f"""SELECT measure, value FROM {values()}
                               WHERE indicator = $i AND geo = $g AND period = $p AND adjustment = $a
                               {ONE_BREAKDOWN}""",
                           {"i": indicator, "g": geo, "p": period, "a": adjustment, "dim": None}).fetchall()
    return dict(rows)


def export(indicator: str | None = None) -> pd.DataFrame:
    """Every published row of one indicator (or of all), for the downloads page."""
    with reader() as con:
        return con.execute(f"SELECT {COLUMNS} FROM {values()} WHERE $i IS NULL OR indicator = $i "
                           "ORDER BY indicator, geo, period, measure", {"i": indicator}).df()


CANTONS_URL = "/geo/ch-cantons-2025.geojson"  # served by the app (dashboard/app.py): the browser fetches it once


# --- Programmes page (monitoring from mart.indicator_values, evaluation from mart.programme_*) ---

def _frame(sql: str, params=None) -> pd.DataFrame:
    """A query on the published copy; an empty frame where a programme table is not there yet."""
    with reader() as con:
        try:
            return con.execute(sql, params).df()
        except duckdb.CatalogException:
            return pd.DataFrame()


def programme_list() -> pd.DataFrame:
    """Programmes with monitoring data: country (geo), programme code, source; the largest first in each country."""
    return _frame(f"""
        SELECT geo, programme, any_value(source) AS source FROM {values()}
        WHERE indicator = 'programme_entrants' AND geo NOT LIKE '%-%' AND programme <> '_T'
          AND programme NOT LIKE 'LMP\\_%' ESCAPE '\\' AND measure = 'level'
        GROUP BY geo, programme ORDER BY geo, sum(value) FILTER (frequency = 'A') DESC NULLS LAST, programme""")


def programme_annual(geo: str, programme: str) -> pd.DataFrame:
    """Annual totals of every programme indicator for one programme in one country or region."""
    return _frame(f"""
        SELECT indicator, period, value, unit, obs_status, conf_status FROM {values()}
        WHERE starts_with(indicator, 'programme_') AND geo = ? AND programme = ? AND measure = 'level'
          AND frequency = 'A' AND sex = '_T' AND age = '_T' AND citizenship = '_T'
        ORDER BY indicator, period""", [geo, programme])


def programme_cohorts(geo: str, programme: str) -> pd.DataFrame:
    """Employment of exiters 3, 6 and 12 months after exit, by exit month."""
    return _frame(f"""
        SELECT indicator, geo, programme, period, value, unit, obs_status, conf_status, source, vintage
        FROM {values()}
        WHERE indicator IN ('programme_employment_3m', 'programme_employment_6m', 'programme_employment_12m')
          AND geo = ? AND programme = ? AND measure = 'level' AND frequency = 'M'
          AND sex = '_T' AND age = '_T' AND citizenship = '_T'
        ORDER BY period""", [geo, programme])


def programme_targets(geo: str) -> pd.DataFrame:
    """Targets of the programmes this reader's world has monitoring values of."""
    return _frame(f"""SELECT * FROM mart.programme_targets t WHERE geo = $g AND EXISTS (
                          SELECT 1 FROM {values()} v WHERE v.indicator = 'programme_entrants' AND v.geo = t.geo
                          AND v.programme = t.programme) ORDER BY programme, indicator""", {"g": geo})


def programme_effects(programmes: list[str], outcome: str) -> pd.DataFrame:
    return _frame(f"""SELECT * FROM mart.programme_effects WHERE list_contains(?, programme) AND outcome = ?
                      AND {datasets_clause()}
                     ORDER BY programme, method""", [programmes, outcome])


def programme_balance(programme: str, method: str) -> pd.DataFrame:
    return _frame(f"SELECT * FROM mart.programme_balance WHERE programme = ? AND method = ? AND {datasets_clause()}",
                  [programme, method])


def programme_overlap(programme: str) -> pd.DataFrame:
    return _frame(f"SELECT * FROM mart.programme_overlap WHERE programme = ? AND {datasets_clause()} "
                  "ORDER BY \"group\", bin_low", [programme])


def concept_series(indicators: list[str], geos: list[str], sex: str = "_T", age: str = "_T") -> pd.DataFrame:
    """Annual levels of several indicators for some countries, each row with its concept and source."""
    with reader() as con:
        return con.execute(f"""
            SELECT indicator, geo, period, value, unit, obs_status, concept, source, vintage FROM {values()}
            WHERE list_contains(?, indicator) AND list_contains(?, geo) AND measure = 'level'
              AND frequency = 'A' AND sex = ? AND age = ? AND citizenship = '_T' AND activity = '_T'
              AND occupation = '_T' AND programme = '_T' AND adjustment = 'NSA'
            ORDER BY indicator, geo, period""", [indicators, geos, sex, age]).df()


def programme_datasets(programmes: list[str]) -> list[str]:
    """The register datasets the programmes' impact estimates come from."""
    frame = _frame(f"SELECT DISTINCT dataset FROM mart.programme_effects WHERE list_contains(?, programme) "
                   f"AND {datasets_clause()}",
                   [programmes])
    return frame["dataset"].tolist() if len(frame) else []
