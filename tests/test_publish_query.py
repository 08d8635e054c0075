"""SDMX query parsing, time filters, last observations and history as pure functions (no warehouse)."""

import json

import pandas as pd
import pytest

from kernel.settings import LmoError
from publish import sdmx_query as q
from publish.sdmx_format import to_csv, to_json
from publish.sdmx_structure import DIMENSIONS


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


def test_time_period_filter_keeps_periods_inside_the_bounds():
    frame = rows(["2024-12", "2025-01", "2025", "2025-Q3", "2026-07", "2026-08", "2026"], range(7))
    args = {"c[TIME_PERIOD]": "ge:2025-01 le:2026-07"}  # '+' arrives as a space from a query string
    kept = q.time_filter(frame, q.parse_filters(args))
    assert kept["period"].tolist() == ["2025-01", "2025", "2025-Q3", "2026-07"]


def test_component_filters_select_codes_and_refuse_unknown_components():
    conditions = q.parse_filters({"c[REF_AREA]": "CH,CH-GE", "c[MEASURE]": "level"})
    assert q.selection("registered_unemployed", {}, conditions) == {
        "geo": ["CH", "CH-GE"], "measure": ["level"], "indicator": ["registered_unemployed"]}
    with pytest.raises(LmoError, match="unknown component"):
        q.parse_filters({"c[NOPE]": "x"})


def test_last_n_observations_per_series():
    frame = pd.concat([rows(["2026-05", "2026-06", "2026-07"], [1, 2, 3]),
                       rows(["2026-06", "2026-07"], [4, 5], geo="CH-GE")], ignore_index=True)
    last = q.last_n(frame, 1)
    assert sorted(zip(last["geo"], last["period"], last["value"])) == [("CH", "2026-07", 3), ("CH-GE", "2026-07", 5)]


def test_history_keeps_each_version_with_its_validity():
    first = rows(["2025-01", "2025-02"], [2.5, 2.6], vintage="2026-03-05")
    second = rows(["2025-01", "2025-02", "2025-03"], [2.6, 2.6, 2.6], vintage="2026-08-29")
    every = q.history([("2026-03-05", first), ("2026-08-29", second)])
    jan = every[every["period"] == "2025-01"]
    assert jan[["value", "valid_from", "valid_to"]].values.tolist() == [
        [2.5, "2026-03-05", "2026-08-29"], [2.6, "2026-08-29", None]]
    assert every[every["period"] == "2025-02"]["valid_from"].tolist() == ["2026-03-05"]  # unchanged: one version


def test_sdmx_csv_and_json_carry_the_realm_and_values():
    frame = rows(["2026-06", "2026-07"], [138_000.0, 139_276.0])
    csv = to_csv(frame, "registered_unemployed").splitlines()
    assert csv[0].startswith("STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA")
    assert "REALM" in csv[0] and ",official,2026-07,139276.0," in csv[2]
    message = json.loads(to_json(frame, "registered_unemployed", "fr"))
    structure = message["data"]["structures"][0]
    realm = next(d for d in structure["dimensions"]["series"] if d["id"] == "REALM")
    assert realm["values"][0]["id"] == "official" and realm["values"][0]["name"].startswith("officiel")
    (series,) = message["data"]["dataSets"][0]["series"].values()
    assert series["observations"]["1"][0] == 139_276.0
