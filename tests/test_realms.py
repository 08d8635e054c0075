"""Realms in the published copy of a full run: inputs never mixed, every synthetic value flagged as such, every
value plausible, no microdata; the dashboard's real world never serves a synthetic value."""

import duckdb
import pytest

from indicators.catalog import catalogue, value_range
from indicators.model import REALMS
from kernel.settings import published_path

MIXABLE = {"official": {"official"}, "user": {"user"}, "synthetic": {"synthetic"},
           "derived": {"official", "user", "official+user"}}


@pytest.fixture(scope="module")
def published(warehouse):
    with duckdb.connect(str(published_path(warehouse)), read_only=True) as con:
        yield con


def test_no_published_value_rests_on_inputs_of_mixed_realms(published):
    pairs = published.execute("SELECT realm, basis, count(*) FROM mart.indicator_values GROUP BY ALL").fetchall()
    assert {realm for realm, _basis, _n in pairs} <= set(REALMS)
    wrong = [(realm, basis, n) for realm, basis, n in pairs if basis not in MIXABLE[realm]]
    assert wrong == []
    assert {realm for realm, _b, _n in pairs} >= {"official", "derived", "synthetic"}


def test_every_value_of_the_synthetic_register_is_flagged_synthetic(published, warehouse):
    unflagged = published.execute("""
        SELECT indicator, geo, period, realm, basis FROM mart.indicator_values
        WHERE (source ILIKE '%synthetic%' OR concept = 'register') AND basis <> 'synthetic' LIMIT 5""").fetchall()
    assert unflagged == []
    with duckdb.connect(str(warehouse), read_only=True) as con:  # every synthetic input is synthetic in core
        inputs = con.execute("SELECT DISTINCT realm FROM core.observations WHERE starts_with(dataset, 'synthetic_')"
                             ).fetchall()
    assert inputs == [("synthetic",)]


def test_no_share_or_rate_outside_its_declared_range(published):
    """Percentages of a whole within 0–100 and counts not negative, unless the catalogue declares a range."""
    ranges = {i["id"]: value_range(i) for i in catalogue()}
    frame = published.execute("SELECT indicator, geo, period, realm, value FROM mart.indicator_values "
                              "WHERE measure = 'level' AND value IS NOT NULL").df()
    low = frame["indicator"].map(lambda i: ranges[i][0]).astype(float)
    high = frame["indicator"].map(lambda i: ranges[i][1]).astype(float)
    outside = frame[(frame["value"] < low) | (frame["value"] > high)]
    assert outside.head(5).to_dict("records") == []
    assert low.notna().sum() > len(frame) / 2  # most published values are bounded: the test has teeth


def test_a_value_in_percent_is_a_share_within_0_and_100(published):
    """'percent' means a part of a whole: a figure that can leave 0–100 (target attainment) has a unit of its own."""
    assert [i["id"] for i in catalogue() if i["unit"] == "percent" and value_range(i) != (0, 100)] == []
    outside = published.execute("""SELECT indicator, geo, period, value FROM mart.indicator_values
        WHERE measure = 'level' AND unit IN ('percent', '%') AND (value < 0 OR value > 100) LIMIT 5""").fetchall()
    assert outside == []
    units = {u for (u,) in published.execute("SELECT DISTINCT unit FROM mart.indicator_values "
                                             "WHERE indicator = 'programme_target_attainment'").fetchall()}
    assert units == {"percent_of_target"}


def test_the_publication_holds_no_microdata(published):
    columns = published.execute("SELECT DISTINCT column_name FROM information_schema.columns").fetchall()
    assert not {c for (c,) in columns} & {"person_id", "spell_id", "participation_id", "birth_date"}


def test_the_real_world_never_serves_a_synthetic_value_and_the_demo_world_only_those(warehouse, monkeypatch):
    from dashboard import data
    from dashboard.app import create_app

    monkeypatch.setenv("LMO_DB", str(warehouse))
    server = create_app().server
    seen = {}
    for world in ("real", "demo"):
        with server.test_request_context("/", headers={"Cookie": f"lmo_world={world}"}):
            catalog = data.available()
            seen[world] = data.observations("registered_unemployed", ["CH"], period="2026-07")
            seen[world + "-downloads"] = set(data.export("jobseekers")["basis"]) if "jobseekers" in catalog else set()
    assert seen["real"]["value"].tolist() == [published_value(warehouse, "official")]
    assert seen["demo"]["value"].tolist() == [published_value(warehouse, "synthetic")]
    assert seen["real-downloads"] == set() and seen["demo-downloads"] == {"synthetic"}


def published_value(warehouse, realm: str) -> float:
    with duckdb.connect(str(published_path(warehouse)), read_only=True) as con:
        [(value,)] = con.execute("""
            SELECT value FROM mart.indicator_values WHERE indicator = 'registered_unemployed' AND geo = 'CH'
              AND period = '2026-07' AND measure = 'level' AND adjustment = 'NSA' AND realm = ?
              AND sex = '_T' AND age = '_T' AND citizenship = '_T' AND activity = '_T' AND occupation = '_T'
              AND programme = '_T'""", [realm]).fetchall()
    return value
