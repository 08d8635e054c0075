"""Quality checks on the real embedded data: ILOSTAT's Tunisia 2021 outliers, SECO's 2025 revision, broken rows caught."""

import shutil

import duckdb
import pandas as pd
import pytest

from indicators.codelists import canton_abbreviations
from indicators.model import with_defaults
from indicators.quality import latest_results, prepare, run_checks, store_results, violations


@pytest.fixture(scope="module")
def con(warehouse, tmp_path_factory):
    """A copy of the session warehouse: every embedded file loaded by its connector (ILOSTAT, Basel-Stadt, SECO...)."""
    db = tmp_path_factory.mktemp("quality") / "w.duckdb"
    shutil.copyfile(warehouse, db)
    with duckdb.connect(str(db)) as connection:
        prepare(connection)
        yield connection


def test_tunisia_2021_is_an_outlier_against_its_own_history(con):
    flagged = {(r["period"], r["sex"], r["age"]): r for r in violations(con, "outliers")
               if r["dataset"] == "ilostat_une_deap_sex_age_rt" and r["geo"] == "TN"}
    total = flagged[("2021", "_T", "_T")]
    assert total["value"] == 6.492 and total["neighbours_median"] == pytest.approx(15.33) and total["robust_z"] < -10
    assert {("2021", sex, "_T") for sex in ("F", "M", "_T")} <= flagged.keys()
    assert not any(period in ("2019", "2022", "2023") for period, _, _ in flagged)


def test_seco_bulletin_against_basel_2459_revision(con):
    found = [r for r in violations(con, "revisions") if {r["dataset"], r["other_dataset"]} == {"seco_bulletin", "statabs_2459"}]
    months = sorted({r["period"] for r in found})
    assert months and all("2025-01" <= m <= "2025-05" for m in months)
    assert all(abs(r["difference"]) == pytest.approx(0.1) for r in found)


def test_clean_seco_bulletin_passes_structural_checks(con):
    results = {r["check_name"]: r for r in run_checks(con) if r["dataset"] == "seco_bulletin"}
    for name in ("cantons_sum", "rates_in_range", "counts_whole", "duplicate_keys", "monthly_gaps",
                 "codes_in_code_lists", "future_periods"):
        assert results[name]["passed"], (name, results[name]["details"])


def broken(con, **values) -> None:
    row = {"dataset": "synthetic_broken", "geo": "CH-ZH", "period": "2025-01", "measure": "registered_unemployed",
           "value": 10.0, "unit": "persons"} | values
    frame = with_defaults(pd.DataFrame([row]), concept="other", source="test", vintage="2025-02-01",
                          realm="synthetic")
    con.register("one", frame)
    con.execute("INSERT INTO core.observations SELECT * FROM one")
    con.unregister("one")


def test_each_check_catches_its_case(con):
    broken(con, geo="CH", value=5.0, measure="jobseekers")
    broken(con, geo="CH", value=9.0)                      # unemployed 9 > job seekers 5
    broken(con)
    broken(con, period="2025-03", value=-2.0)            # negative count, and 2025-02 missing
    broken(con, period="2025-04", value=3.5)             # fractional monthly count
    broken(con, geo="CH-XX", period="2025-05")           # unknown canton
    broken(con, period="2031-01")                        # future
    broken(con, measure="registered_unemployment_rate", unit="percent", value=130.0)
    broken(con, measure="registered_unemployment_rate", unit="percent", value=1.0, period="2025-02", obs_status="Q")
    broken(con, geo="CH-BE")
    broken(con, geo="CH-BE")                             # the same key twice
    broken(con, dataset="synthetic_register_programmes", measure="programme_participants", period="2026-08")
    found = {name: violations(con, name, today="2026-11-23") for name in
             ("unemployed_within_jobseekers", "counts_whole", "monthly_gaps", "codes_in_code_lists",
              "future_periods", "rates_in_range", "duplicate_keys", "past_coverage")}
    mine = {name: [r for r in rows if r["dataset"] == "synthetic_broken"] for name, rows in found.items()}
    assert [(r["unemployed"], r["jobseekers"]) for r in mine["unemployed_within_jobseekers"]] == [(9.0, 5.0)]
    assert sorted(r["value"] for r in mine["counts_whole"]) == [-2.0, 3.5]
    assert ("CH-ZH", "2025-01", "2025-03", 1) in {(r["geo"], r["after_period"], r["next_period"], r["missing_months"])
                                                  for r in mine["monthly_gaps"]}
    assert {(r["column_name"], r["code"]) for r in mine["codes_in_code_lists"]} == {("geo", "CH-XX"), ("obs_status", "Q")}
    assert [r["period"] for r in mine["future_periods"]] == ["2031-01"]
    assert [r["value"] for r in mine["rates_in_range"]] == [130.0]
    assert len(mine["duplicate_keys"]) == 1 and mine["duplicate_keys"][0]["copies"] == 2
    # the synthetic CH register was extracted on 2026-07-31 (synth-metadata.json): August is past it
    assert [(r["dataset"], r["period"], str(r["extract_end"])) for r in found["past_coverage"]] == [
        ("synthetic_register_programmes", "2026-08", "2026-07-31")]


def test_cantons_sum_compares_only_what_disclosure_control_left_whole(con):
    for geo, value in (("CH", 100.0), ("CH-ZH", 60.0), *((f"CH-{c}", 1.0) for c in canton_abbreviations() if c != "ZH")):
        broken(con, dataset="synthetic_sum", geo=geo, value=value)        # 60 + 25 = 85, not 100
    for geo, value in (("CH", 100.0), ("CH-ZH", 75.0), *((f"CH-{c}", 1.0) for c in canton_abbreviations() if c != "ZH")):
        withheld = {"conf_status": "C", "value": None} if geo == "CH-BE" else {"value": value}
        broken(con, dataset="synthetic_sum", geo=geo, period="2025-02", **withheld)  # BE withheld: no sum to check
    found = [r for r in violations(con, "cantons_sum") if r["dataset"] == "synthetic_sum"]
    assert [(r["period"], r["national"], r["cantons"]) for r in found] == [("2025-01", 100.0, 85.0)]


def test_results_are_stored_per_check_and_dataset(con):
    stored = store_results(con, run_checks(con))
    latest = latest_results(con)
    core = [r for r in latest if r["check_name"] != "plausible_values"]  # that one inspects the mart, run apart
    assert stored == len(core) and {r["dataset"] for r in core} >= {"seco_bulletin", "ilostat_une_deap_sex_age_rt"}
    outliers = next(r for r in latest if r["check_name"] == "outliers" and r["dataset"] == "ilostat_une_deap_sex_age_rt")
    assert not outliers["passed"] and outliers["severity"] == "warning" and '"period": "2021"' in outliers["details"]


def test_pipeline_run_publishes_check_results(warehouse):
    from kernel.settings import published_path

    with duckdb.connect(str(published_path(warehouse)), read_only=True) as published:
        rows = latest_results(published)
    by_check = {r["check_name"]: r for r in rows if r["dataset"] == "seco_bulletin"}
    assert by_check["cantons_sum"]["passed"] and len(by_check) == 11
    coverage = [r for r in rows if r["check_name"] == "past_coverage" and "register" in r["dataset"]]
    assert coverage and all(r["passed"] for r in coverage)
