"""The indicator engine on small hand-made frames, and on the pipeline's core data, without Dagster."""

import shutil

import duckdb
import pandas as pd
import pytest

from indicators.engine import compute, refresh_mart
from indicators.model import ObservationSchema, with_defaults
from kernel.query import TOTALS
from pipelines.warehouse import checksum, connect


def load(rows: list[tuple], measure="registered_unemployed", vintage="2026-01-01") -> duckdb.DuckDBPyConnection:
    con = connect(":memory:")
    frame = pd.DataFrame(rows, columns=["geo", "period", "value"]).assign(
        measure=measure, unit="persons", dataset="seco_bulletin")
    frame = ObservationSchema.validate(with_defaults(frame, concept="SECO_registered", source="t", vintage=vintage,
                                                     realm="official"))
    con.register("f", frame)
    con.execute("INSERT INTO core.observations SELECT * FROM f")
    return con


def values(con, measure: str, geo: str) -> dict[str, float]:
    rel = compute(con).filter(f"measure = '{measure}' AND geo = '{geo}'")
    return {p: v for p, v in rel.project("period, value").fetchall()}


def test_changes_on_previous_month_and_year():
    rows = [("CH", f"{y}-{m:02d}", 100 + 10 * (y - 2024) + m) for y in (2024, 2025) for m in range(1, 13)]
    con = load(rows)
    assert values(con, "change_prev_abs", "CH")["2025-01"] == pytest.approx(111 - 112)
    assert values(con, "change_year_abs", "CH")["2025-03"] == pytest.approx(10)
    assert values(con, "change_year_pct", "CH")["2025-03"] == pytest.approx(100 * (113 / 103 - 1))
    assert "2024-01" not in values(con, "change_prev_abs", "CH")


def test_annual_mean_and_share_of_national():
    rows = [(g, f"2025-{m:02d}", v * m) for m in range(1, 13) for g, v in (("CH", 10.0), ("CH-ZH", 4.0))]
    con = load(rows)
    assert values(con, "level", "CH")["2025"] == pytest.approx(10 * 6.5)
    assert values(con, "share_national", "CH-ZH")["2025-05"] == pytest.approx(40.0)


def test_rate_changes_are_percentage_points():
    con = load([("CH", "2025-01", 3.0), ("CH", "2025-02", 2.9)], measure="registered_unemployment_rate")
    rel = compute(con).filter("measure LIKE 'change_prev%' AND period = '2025-02'")
    got = dict(rel.project("measure, value").fetchall())
    units = dict(rel.project("measure, unit").fetchall())
    assert got["change_prev_pp"] == pytest.approx(-0.1)
    assert units == {"change_prev_pp": "percentage points", "change_prev_pct": "percent"}


def test_quarter_and_year_arithmetic():
    con = duckdb.connect()
    con.execute(open("indicators/sql/macros.sql").read())
    got = con.execute("SELECT prev_period('2025-Q1', 'Q'), prev_period('2025-Q3', 'Q'), prev_period('2025-01', 'M'), "
                      "prev_period('2025', 'A'), year_ago('2025-Q2'), year_ago('2025-12')").fetchall()
    assert got == [("2024-Q4", "2025-Q2", "2024-12", "2024", "2024-Q2", "2024-12")]


def test_latest_vintage_wins_and_as_of_reads_the_older_one():
    con = load([("CH", "2025-01", 3.0)], measure="registered_unemployment_rate", vintage="2025-02-10")
    con.execute("INSERT INTO core.observations SELECT * REPLACE ('2025-07-01' AS vintage, 2.9 AS value) "
                "FROM core.observations")
    assert dict(compute(con).filter("measure = 'level'").project("period, value").fetchall())["2025-01"] == 2.9
    old = compute(con, as_of="2025-03-01").filter("measure = 'level' AND period = '2025-01'")
    assert old.project("value").fetchall() == [(3.0,)]


def test_withheld_months_withhold_the_annual_value_and_moving_average():
    rows = [("CH-ZH", f"2025-{m:02d}", 10.0 + m) for m in range(1, 13)]
    con = load(rows)
    con.execute("UPDATE core.observations SET value = NULL, conf_status = 'C' WHERE period = '2025-03'")
    out = compute(con).filter("geo = 'CH-ZH' AND period = '2025' AND measure = 'level'")
    assert out.project("value, conf_status").fetchall() == [(None, "C")]
    ma = compute(con).filter("measure = 'ma12' AND period = '2025-12'").project("value, conf_status").fetchall()
    assert ma == [(None, "C")]


def test_flags_flow_worst_first_into_changes_and_aggregates():
    rows = [("CH", f"2025-{m:02d}", 100.0 + m) for m in range(1, 13)]
    con = load(rows)
    con.execute("UPDATE core.observations SET obs_status = 'P' WHERE period = '2025-12'")
    con.execute("UPDATE core.observations SET obs_status = 'B' WHERE period = '2025-06'")
    rel = compute(con)
    status = dict(rel.filter("measure = 'change_prev_abs'").project("period, obs_status").fetchall())
    assert status["2025-12"] == "P" and status["2025-06"] == "B" and status["2025-07"] == "B"
    assert status["2025-08"] == "A"
    assert rel.filter("measure = 'level' AND period = '2025'").project("obs_status").fetchall() == [("B",)]


def test_formula_indicator_takes_the_worst_flags_of_its_inputs():
    con = load([("CH", "2025-01", 140000.0)])
    con.execute("INSERT INTO core.observations SELECT * REPLACE ('registered_unemployment_rate' AS measure, "
                "3.0 AS value, 'E' AS obs_status) FROM core.observations")
    got = compute(con).filter("indicator = 'implied_labour_force' AND measure = 'level' AND period = '2025-01'")
    assert got.project("value, obs_status").fetchall() == [(pytest.approx(140000 / 3 * 100), "E")]


# The two-row correction of issue 17 item 3 as it was loaded before such files were refused: SECO's own figures
# for Zurich, June and July 2026, from a user's file without a concept column (concept 'other', realm 'user').
SPLICED = """INSERT INTO core.observations SELECT * REPLACE ('other' AS concept, 'user' AS realm, '2026-09-01' AS vintage)
             FROM core.observations WHERE dataset = 'seco_bulletin' AND geo = 'CH-ZH'
             AND measure = 'registered_unemployed' AND period IN ('2026-06', '2026-07')"""


def test_a_concept_spliced_into_a_series_neither_wipes_it_nor_depends_on_the_thread_count(warehouse, tmp_path,
                                                                                        bulletin):
    """From identical core data, the mart is the same with 1 and 4 DuckDB threads, and it keeps the concept of
    the most values: every month SECO published for Zurich (the concept tie once kept 3 months or 21 by chance)."""
    spliced = tmp_path / "spliced.duckdb"
    shutil.copyfile(warehouse, spliced)
    with connect(spliced) as con:
        con.execute(SPLICED)
    marts = {}
    for threads in (1, 4):
        db = shutil.copyfile(spliced, tmp_path / f"threads-{threads}.duckdb")
        with connect(db) as con:
            con.execute(f"SET threads = {threads}")
            refresh_mart(con, ["seco_bulletin"])
            marts[threads] = checksum(con, ["mart.indicator_values"])
            zurich = con.execute(f"""
                SELECT period, concept FROM mart.indicator_values WHERE indicator = 'registered_unemployed'
                AND geo = 'CH-ZH' AND measure = 'level' AND length(period) = 7 AND realm = 'official'
                AND {TOTALS} ORDER BY period""").fetchall()
        published = [m["period"] for c in bulletin["cantons"] if c["code"] == "ZH" for m in c["months"]]
        assert zurich == [(period, "SECO_registered") for period in published], (threads, zurich)
    assert marts[1] == marts[4]
