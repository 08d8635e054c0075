"""Vintages from the publisher, not the file (issue 17, break 4): real dates, never ahead of today or the calendar."""

import json
from datetime import date, timedelta

import pandas as pd
import pytest

from kernel.settings import DATA_DIR
from pipelines.sources import eurostat, rules, seco_bulletin, vintages
from pipelines.sources.validation import ValidationFailed, problem

TODAY = date.today()
FUTURE = f"vintage in the future (today is {TODAY.isoformat()})"
NOT_A_DATE = "vintage a calendar date YYYY-MM-DD"
SECO = "SECO publishes a month's figures in the first working days of the next month"


def bulletin_dated(tmp_path, generated_at) -> object:
    document = json.loads((DATA_DIR / "seco" / "labour.json").read_text(encoding="utf-8"))
    document["generated_at"] = generated_at
    path = tmp_path / "labour.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize("stamp, rule", [
    ("9999-12-31", FUTURE), ((TODAY + timedelta(days=1)).isoformat(), FUTURE),
    ("2026-13-45", NOT_A_DATE), ("2026-02-29", NOT_A_DATE), ("29.08.2026", NOT_A_DATE), ("２０２６-08-29", NOT_A_DATE),
    (20260829, NOT_A_DATE),
])
def test_a_bulletins_own_date_is_checked(tmp_path, stamp, rule):
    with pytest.raises(ValidationFailed) as error:
        seco_bulletin.vintage_of(bulletin_dated(tmp_path, stamp))
    assert error.value.problems == [problem("generated_at", "vintage", rule, stamp)]


def test_a_real_bulletin_date_is_its_vintage(tmp_path):
    assert seco_bulletin.vintage_of(DATA_DIR / "seco" / "labour.json") == "2026-08-29"
    assert seco_bulletin.vintage_of(bulletin_dated(tmp_path, TODAY.isoformat())) == TODAY.isoformat()


def canonical_bulletin(vintage: str) -> pd.DataFrame:
    path = DATA_DIR / "seco" / "labour.json"
    return seco_bulletin.to_canonical(seco_bulletin.read(path), vintage)


def test_a_bulletin_dated_before_secos_release_of_its_last_month_is_refused():
    """labour.json ends in July 2026; 1 August 2026 is a Saturday, so SECO could publish on the 3rd at the earliest."""
    found = rules.rule_problems(canonical_bulletin("2026-08-01"))
    assert [(p["column"], p["rule"], p["value"]) for p in found] == [
        ("vintage", f"vintage not before the release of 2026-07 (2026-08-03: {SECO})", "2026-08-01")]
    assert found[0]["row"].startswith("record dataset=seco_bulletin geo=") and "period=2026-07" in found[0]["row"]
    assert rules.rule_problems(canonical_bulletin("2026-08-03")) == []


def test_any_publisher_releases_a_period_after_it_ends():
    raw = eurostat.read(DATA_DIR / "eurostat" / "une_rt_m.csv")
    last = eurostat.to_canonical(raw, "2026-02-01")["period"].max()
    assert last == "2026-01"
    assert rules.rule_problems(eurostat.to_canonical(raw, "2026-02-01")) == []
    found = rules.rule_problems(eurostat.to_canonical(raw, "2026-01-31"))
    assert [(p["rule"], p["value"]) for p in found] == [
        ("vintage not before the release of 2026-01 (2026-02-01: no figure is published before its period has ended)",
         "2026-01-31")]


def test_forecasts_and_future_periods_do_not_move_the_release():
    rows = pd.DataFrame({"dataset": "x", "geo": "CH", "period": ["2025-01", "2026-06", "2031-01"],
                         "measure": "m", "value": 1.0, "unit": "persons", "obs_status": ["A", "F", "A"],
                         "vintage": "2025-02-01"})
    found = rules.rule_problems(rows)
    assert [(p["column"], p["rule"]) for p in found] == [("period", "period in the future")]


def test_a_vintage_given_on_the_command_line_is_checked_like_the_files():
    for bad, rule in (("9999-12-31", FUTURE), ("2026-13-45", NOT_A_DATE)):
        found = rules.rule_problems(canonical_bulletin(bad))
        assert [(p["row"], p["column"], p["rule"], p["value"]) for p in found] == [("file", "vintage", rule, bad)]


@pytest.mark.parametrize("period, working, earliest", [
    ("2026-07", True, "2026-08-03"), ("2026-05", True, "2026-06-01"), ("2025-Q4", False, "2026-01-01"),
    ("2025", False, "2026-01-01"), ("2024-02", False, "2024-03-01"),
])
def test_earliest_release(period, working, earliest):
    assert vintages.earliest_release(period, working) == date.fromisoformat(earliest)
