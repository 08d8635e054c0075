"""Register indicators on a hand-made register, every value computed by hand."""

import pandas as pd
import pytest

from indicators.register import observations
from tests.register_tables import warehouse

SPELLS = [
    ("S1", "P1", "CH-ZH", "F", "1990-06-15", "5120", "2024-01-10", "2024-03-15", True, "employment"),
    ("S2", "P2", "CH-ZH", "M", "2003-02-01", "9112", "2024-01-20", None, True, None),
    ("S3", "P3", "CH-ZH", "M", "1970-05-05", "9112", "2024-02-05", "2024-02-20", True, "exhaustion"),
    ("S4", "P1", "CH-ZH", "F", "1990-06-15", "5120", "2024-05-01", None, False, None),
    ("S5", "P4", "CH-BE", "F", "1960-03-01", "2411", "2024-01-05", "2025-04-30", True, "other"),
]
VACANCIES = [
    ("V1", "CH-ZH", "5120", "2024-01-08", "2024-02-14", True, 2),
    ("V2", "CH-ZH", "2512", "2024-01-15", None, False, 1),
]
LF = pd.DataFrame([("CH-ZH", "_T", "_T", 100.0), ("CH-ZH", "_T", "Y15-24", 10.0), ("CH", "_T", "_T", 400.0)],
                  columns=["geo", "sex", "age", "labour_force"])


@pytest.fixture(scope="module")
def obs():
    frame = observations(warehouse(SPELLS, VACANCIES), threshold=1, lf=LF)
    return frame.set_index(["geo", "period", "sex", "age", "measure"])["value"]


def test_stocks_at_month_end(obs):
    assert obs["CH-ZH", "2024-01", "_T", "_T", "registered_unemployed"] == 2
    assert obs["CH", "2024-01", "_T", "_T", "registered_unemployed"] == 3
    assert obs["CH-ZH", "2024-01", "F", "_T", "registered_unemployed"] == 1
    assert obs["CH-ZH", "2024-01", "_T", "Y15-24", "registered_unemployed"] == 1
    assert obs["CH-ZH", "2024-05", "_T", "_T", "jobseekers"] == 2
    assert obs["CH-ZH", "2024-05", "_T", "_T", "registered_unemployed"] == 1


def test_rates_on_the_labour_force(obs):
    assert obs["CH-ZH", "2024-01", "_T", "_T", "registered_unemployment_rate"] == pytest.approx(2.0)
    assert obs["CH-ZH", "2024-01", "_T", "Y15-24", "registered_unemployment_rate"] == pytest.approx(10.0)
    assert obs["CH", "2024-01", "_T", "_T", "registered_unemployment_rate"] == pytest.approx(0.75)
    assert obs["CH-ZH", "2024-05", "_T", "_T", "jobseeker_rate"] == pytest.approx(2.0)
    assert obs["CH-ZH", "2024-02", "_T", "_T", "inflow_rate"] == pytest.approx(1.0)


def test_flows_and_flow_rates(obs):
    assert obs["CH-ZH", "2024-02", "_T", "_T", "inflows"] == 1
    assert obs["CH-ZH", "2024-02", "_T", "_T", "outflows"] == 1
    assert obs["CH-ZH", "2024-02", "_T", "_T", "outflow_rate"] == pytest.approx(50.0)  # 1 ÷ stock end Jan (2)
    assert obs["CH-ZH", "2024-02", "_T", "_T", "benefit_exhaustion_rate"] == pytest.approx(100.0)
    assert obs["CH-ZH", "2024-03", "_T", "_T", "outflows_to_employment"] == 1
    assert obs["CH-ZH", "2024-03", "_T", "_T", "outflow_to_employment_rate"] == pytest.approx(50.0)


def test_durations_elapsed_and_completed(obs):
    assert obs["CH-ZH", "2024-01", "_T", "_T", "duration_elapsed_mean"] == pytest.approx((21 + 11) / 2)
    assert obs["CH-ZH", "2024-02", "_T", "_T", "duration_completed_mean"] == pytest.approx(15)


def test_long_term_share_and_reregistration(obs):
    assert obs["CH-ZH", "2025-01", "_T", "_T", "long_term_unemployed"] == 1  # S2: 377 days
    assert obs["CH-BE", "2025-01", "_T", "_T", "long_term_unemployment_share"] == pytest.approx(100.0)
    assert obs["CH-ZH", "2024-03", "_T", "_T", "reregistration_rate_12m"] == pytest.approx(100.0)
    assert ("CH-ZH", "2025-02", "_T", "_T", "reregistration_rate_12m") not in obs.index  # not yet known


def test_vacancies_notified_and_open(obs):
    assert obs["CH-ZH", "2024-01", "_T", "_T", "vacancies_notified_subject"] == 2
    assert obs["CH-ZH", "2024-01", "_T", "_T", "vacancies_notified_not_subject"] == 1
    assert obs["CH-ZH", "2024-01", "_T", "_T", "vacancies_open"] == 3
    assert obs["CH-ZH", "2024-02", "_T", "_T", "vacancies_open"] == 1
    assert obs["CH-ZH", "2024-01", "_T", "_T", "vacancies_per_unemployed"] == pytest.approx(1.5)
    assert obs["CH-ZH", "2024-01", "_T", "_T", "vacancy_rate"] == pytest.approx(3.0)


def test_small_cells_are_withheld_with_status_c():
    frame = observations(warehouse(SPELLS, VACANCIES), lf=LF)
    cell = frame[(frame.geo == "CH-ZH") & (frame.period == "2024-01") & (frame.sex == "_T") & (frame.age == "_T")]
    row = cell.set_index("measure").loc["registered_unemployed"]
    assert row["conf_status"] == "C" and pd.isna(row["value"])
    assert cell.set_index("measure").loc["registered_unemployment_rate", "conf_status"] == "C"
    assert (frame["dataset"] == "synthetic_register").all() and frame["source"].str.contains("Synthetic").all()


def test_obligation_windows_final_and_provisional():
    from indicators.obligation import windows
    got = windows("2022-01", "2024-10")
    assert [(y, m[0], m[-1], s) for y, m, s in got] == [
        (2024, "2022-10", "2023-09", "A"), (2025, "2023-10", "2024-09", "A"), (2026, "2023-11", "2024-10", "P")]
    assert windows("2022-01", "2024-05")[-1][0] == 2025 and windows("2022-01", "2024-05")[-1][2] == "P"


def test_obligation_list_threshold_and_reach():
    from indicators.obligation import lists
    months = [f"{y}-{m:02d}" for y, m in [(2018, 10), (2018, 11), (2018, 12)] + [(2019, m) for m in range(1, 10)]]
    monthly = pd.DataFrame([("register", "CH", occ, p, n) for p in months
                            for occ, n in (("9112", 70), ("9113", 20), ("2411", 30))],
                           columns=["dataset", "country", "occupation", "period", "unemployed"])
    staff = pd.DataFrame([("CH", "91", 1000), ("CH", "24", 500)], columns=["country", "occupation", "employed"])
    out = lists(monthly, staff).set_index(["period", "occupation", "measure"])
    assert out.loc[("2020", "91", "occupation_unemployment_rate"), "value"] == pytest.approx(9.0)  # 90 / 1000
    assert out.loc[("2020", "24", "occupation_unemployment_rate"), "value"] == pytest.approx(6.0)
    assert out.loc[("2020", "24", "notification_obligation_subject"), "value"] == 1  # 6 % ≥ 5 % (from 2020)
    assert out.loc[("2020", "24", "notification_obligation_distance"), "value"] == pytest.approx(1.0)
    assert out.loc[("2020", "_T", "notification_obligation_reach"), "value"] == pytest.approx(100.0)
    assert out.loc[("2020", "91", "notification_obligation_subject"), "obs_status"] == "A"


def test_obligation_before_2020_uses_eight_percent():
    from indicators.obligation import lists
    months = [f"{y}-{m:02d}" for y, m in [(2017, 10), (2017, 11), (2017, 12)] + [(2018, m) for m in range(1, 10)]]
    monthly = pd.DataFrame([("register", "CH", "2411", p, 30) for p in months],
                           columns=["dataset", "country", "occupation", "period", "unemployed"])
    staff = pd.DataFrame([("CH", "24", 500), ("CH", "91", 1500)], columns=["country", "occupation", "employed"])
    out = lists(monthly, staff).set_index(["period", "occupation", "measure"])
    assert out.loc[("2019", "24", "notification_obligation_subject"), "value"] == 0  # 6 % < 8 %
    assert out.loc[("2019", "24", "notification_obligation_distance"), "value"] == pytest.approx(-2.0)
    assert out.loc[("2019", "91", "occupation_unemployment_rate"), "conf_status"] == "F"  # zero is not small
    assert out.loc[("2019", "_T", "notification_obligation_reach"), "value"] == 0


def test_register_obligation_is_provisional_for_next_year(obs):
    assert obs["CH", "2026", "_T", "_T", "notification_obligation_reach"] >= 0
