"""SDMX query parsing, time filters, last observations and history as SQL on small frames (no warehouse)."""

import json

import duckdb
import pandas as pd
import pytest

from kernel.settings import LmoError
from publish import sdmx_query as q
from publish.sdmx_format import json_chunks, write_csv
from publish.sdmx_structure import DIMENSIONS
from tests.sdmx_schema import schema_errors


def rows(periods, values, geo="CH", vintage="2026-08-29"):
    base = {c: "_T" for c in DIMENSIONS} | {"indicator": "registered_unemployed", "geo": geo, "measure": "level",
                                            "adjustment": "NSA", "realm": "official"}
    return pd.DataFrame([base | {"period": p, "value": v, "vintage": vintage, "obs_status": "A"}
                         for p, v in zip(periods, values)])


def test_key_parts_follow_the_data_structure():
    assert q.parse_key("*") == {}
    assert q.parse_key(".CH+CH-GE.........official") == {"geo": ["CH", "CH-GE"], "realm": ["official"]}
    with pytest.raises(LmoError, match="has 2 parts"):
        q.parse_key("CH.level")


def kept(frame: pd.DataFrame, sql: str, params=None) -> pd.DataFrame:
    with duckdb.connect() as con:
        con.register("frame", frame)
        return con.execute(sql, params or {}).df()


def selected(frame: pd.DataFrame, conditions=(), updated_after=None, n=None) -> pd.DataFrame:
    where, params = q.where({}, conditions, updated_after)
    return kept(frame, f"SELECT * FROM frame WHERE {where} {q.last_n(n)} ORDER BY geo, period", params)


def test_time_period_filter_keeps_periods_inside_the_bounds():
    frame = rows(["2024-12", "2025-01", "2025", "2025-Q3", "2026-07", "2026-08", "2026"], range(7))
    args = {"c[TIME_PERIOD]": "ge:2025-01 le:2026-07"}  # '+' arrives as a space from a query string
    assert sorted(selected(frame, q.parse_filters(args))["period"]) == ["2025", "2025-01", "2025-Q3", "2026-07"]
    assert selected(frame, q.parse_filters({"c[TIME_PERIOD]": "gt:2025-Q2"}))["period"].tolist() == [
        "2025-Q3", "2026", "2026-07", "2026-08"]


@pytest.mark.parametrize("args, message", [
    ({"c[TIME_PERIOD]": "ge:2026-13"}, "is not YYYY"), ({"c[REF_AREA]": "ge:CH"}, "TIME_PERIOD only"),
    ({"c[NOPE]": "x"}, "unknown component")])
def test_malformed_filters_are_refused(args, message):
    with pytest.raises(LmoError, match=message):
        q.parse_filters(args)


def test_dates_and_counts_of_parameters_are_checked():
    assert q.moment("2026-06-30", "asOf") == "2026-06-30" and q.moment("2026-06-30T10:00:00Z", "asOf") == "2026-06-30"
    with pytest.raises(LmoError, match="asOf '2026-99-99' is not an ISO 8601"):
        q.moment("2026-99-99", "asOf")
    assert q.count("3", "lastNObservations") == 3
    for bad in ("abc", "0", "-1"):
        with pytest.raises(LmoError, match="not a positive whole number"):
            q.count(bad, "lastNObservations")


def test_component_filters_select_codes_and_refuse_unknown_components():
    conditions = q.parse_filters({"c[REF_AREA]": "CH,CH-GE", "c[MEASURE]": "level"})
    assert q.selection("registered_unemployed", {}, conditions) == {
        "geo": ["CH", "CH-GE"], "measure": ["level"], "indicator": ["registered_unemployed"]}


def test_last_n_observations_per_series():
    frame = pd.concat([rows(["2026-05", "2026-06", "2026-07"], [1, 2, 3]),
                       rows(["2026-06", "2026-07"], [4, 5], geo="CH-GE")], ignore_index=True)
    last = selected(frame, n=1)
    assert list(zip(last["geo"], last["period"], last["value"])) == [("CH", "2026-07", 3), ("CH-GE", "2026-07", 5)]
    assert selected(frame, updated_after="2026-08-30").empty and len(selected(frame, updated_after="2026-08-29")) == 5


def test_history_keeps_each_version_with_its_validity():
    first = rows(["2025-01", "2025-02"], [2.5, 2.6], vintage="2026-03-05")
    second = rows(["2025-01", "2025-02", "2025-03"], [2.6, 2.6, 2.6], vintage="2026-08-29")
    versions = pd.concat([first.assign(as_of="2026-03-05"), second.assign(as_of="2026-08-29")])
    every = kept(versions, f"SELECT * FROM ({q.history('frame')}) ORDER BY period, valid_from")
    jan = every[every["period"] == "2025-01"]
    assert jan[["value", "valid_from", "valid_to"]].fillna("open").values.tolist() == [
        [2.5, "2026-03-05", "2026-08-29"], [2.6, "2026-08-29", "open"]]
    assert every[every["period"] == "2025-02"]["valid_from"].tolist() == ["2026-03-05"]  # unchanged: one version


def test_sdmx_csv_and_json_carry_the_realm_and_values(tmp_path):
    frame = rows(["2026-06", "2026-07", "2026-08"], [138_000.0, 139_276.0, None])
    with duckdb.connect() as con:
        con.register("frame", frame)
        write_csv(con, "frame", "registered_unemployed", str(tmp_path / "m.csv"))
        message = json.loads("".join(json_chunks(con, "frame", "registered_unemployed", "fr")))
    csv = (tmp_path / "m.csv").read_text().splitlines()
    assert csv[0].startswith("STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA")
    assert "REALM" in csv[0] and ",official,2026-07,139276.0," in csv[2] and ",official,2026-08,NaN," in csv[3]
    assert schema_errors(message, "data") == []
    structure = message["data"]["structures"][0]
    realm = next(d for d in structure["dimensions"]["series"] if d["id"] == "REALM")
    assert realm["values"][0]["id"] == "official" and realm["values"][0]["name"].startswith("officiel")
    (series,) = message["data"]["dataSets"][0]["series"].values()
    assert series["observations"]["1"][0] == 139_276.0 and series["observations"]["2"][0] is None
