"""Published figures reproduced: SECO national annual means, Basel-Stadt rates, shares, stocks and flags."""

import csv
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from indicators.engine import compute
from indicators.model import ObservationSchema, with_defaults
from kernel.settings import DATA_DIR, published_path
from pipelines.warehouse import connect

SNB = DATA_DIR / "snb_hsso" / "seco_amarbma_full_1984-2025.csv"


def published(db: Path, indicator: str, geo: str, period: str) -> float:
    with duckdb.connect(str(published_path(db)), read_only=True) as con:
        rows = con.execute("SELECT value FROM mart.indicator_values WHERE indicator = ? AND geo = ? AND period LIKE ? "
                           "AND measure = 'level' AND adjustment = 'NSA' AND sex = '_T' AND age = '_T' "
                           "AND citizenship = '_T' AND activity = '_T' AND occupation = '_T' AND programme = '_T' "
                           "AND basis <> 'synthetic'", [indicator, geo, period]).fetchall()
    return rows[0][0] if len(rows) == 1 else sum(r[0] for r in rows) / len(rows)


def test_national_annual_mean_2025_against_seco_via_snb(warehouse):
    """SNB (revised series): 133,856.2 persons, 2.838 %. Our mean of the twelve first-published bulletin
    months is 143.8 persons lower — the bulletin's 2025-12 count is as of 22 December, not month end —
    and 0.02 points higher: January–May rates were first published on the old labour-force base
    (0.1 point above the revised series) and every monthly rate is rounded to one decimal."""
    snb = {row[0]: row for row in csv.reader(SNB.read_text().splitlines())}
    count, rate = float(snb["2025"][2]), float(snb["2025"][3])
    assert (count, rate) == (133856.2, 2.838)
    ours = published(warehouse, "registered_unemployed", "CH", "2025-__")  # mean of the bulletin months
    assert ours == pytest.approx(1604549 / 12)  # the twelve bulletin months, summed by hand
    assert ours - count == pytest.approx(-143.78, abs=0.01)
    assert published(warehouse, "registered_unemployment_rate", "CH", "2025-__") - rate == pytest.approx(0.0203, abs=1e-3)
    # where SECO's revised annual mean is loaded (SNB), the annual value is that native figure
    annual = published(warehouse, "registered_unemployed", "CH", "2025")
    assert annual in (pytest.approx(count), pytest.approx(1604549 / 12))


def test_basel_stadt_annual_rate_2025_matches_statabs_9677(warehouse):
    """Statistisches Amt Basel-Stadt table 9677 publishes 4.3 % for Basel-Stadt in 2025."""
    assert round(published(warehouse, "registered_unemployment_rate", "CH-BS", "2025"), 1) == 4.3


def test_basel_stadt_long_term_share_from_statabs_8980():
    """Table 8980: long-term unemployed (> 1 year) ÷ unemployed; our engine reproduces every month's share."""
    table = pd.read_csv(DATA_DIR / "statabs" / "8980.tsv", sep="\t")
    table.columns = ["period", "registered_unemployed", "long_term_unemployed", "share"]
    long = table.melt(id_vars="period", value_vars=["registered_unemployed", "long_term_unemployed"],
                      var_name="measure", value_name="value")
    frame = long.assign(geo="CH-BS", dataset="statabs_8980", unit="persons", value=long["value"].astype(float))
    frame = ObservationSchema.validate(with_defaults(frame, concept="SECO_registered", source="Statistisches Amt Basel-Stadt",
                                                     vintage="2026-08-01", realm="official"))
    con = connect(":memory:")
    con.register("f", frame)
    con.execute("INSERT INTO core.observations SELECT * FROM f")
    levels = compute(con).filter("measure = 'level' AND length(period) = 7 AND adjustment = 'NSA'").df()
    wide = levels.pivot(index="period", columns="indicator", values="value")
    ours = wide["long_term_unemployed"] / wide["registered_unemployed"]
    expected = table.set_index("period")["share"]
    assert len(ours) == len(expected) == 259
    assert (ours - expected).abs().max() < 5e-6  # published to five decimals
    assert expected["2025-12"] == pytest.approx(831 / 4778, abs=5e-6)


def statabs_year(table: str, year: str) -> pd.DataFrame:
    """One year's months of a Basel-Stadt table as published (first column the period)."""
    frame = pd.read_csv(DATA_DIR / "statabs" / f"{table}.tsv", sep="\t")
    return frame[frame.iloc[:, 0].astype(str).str.startswith(year)]


def test_basel_stadt_long_term_share_2025_is_the_ratio_of_the_annual_means(warehouse):
    """Table 8980's year: mean long-term unemployed ÷ mean unemployed (794.75 / 4,433.67 = 17.925 %), as SECO
    publishes annual shares, not the mean of the monthly shares (17.9315)."""
    months = statabs_year("8980", "2025")
    long_term, unemployed = months.iloc[:, 2].mean(), months.iloc[:, 1].mean()
    assert (len(months), long_term, round(unemployed, 3)) == (12, 794.75, 4433.667)
    assert published(warehouse, "long_term_unemployment_share", "CH-BS", "2025") == pytest.approx(
        100 * long_term / unemployed)
    assert published(warehouse, "long_term_unemployed", "CH-BS", "2025") == pytest.approx(long_term)


def test_basel_stadt_open_vacancies_2025_are_the_mean_of_the_month_end_stocks(warehouse):
    """Table 7511 is a stock ("Stand per Monatsende"): the year is the mean of its months (8,065 / 12 = 672.1),
    and the register's flow of vacancies notified in the month is another indicator."""
    table = pd.read_csv(DATA_DIR / "statabs" / "7511.tsv", sep="\t")
    subject = table["Meldepflichtig 2025"]
    assert (len(subject), subject.sum()) == (12, 8065)
    assert published(warehouse, "vacancies_open_subject", "CH-BS", "2025") == pytest.approx(8065 / 12)
    assert published(warehouse, "vacancies_open_not_subject", "CH-BS", "2025") == pytest.approx(
        table["Nicht meldepflichtig 2025"].mean())
    with duckdb.connect(str(published_path(warehouse)), read_only=True) as con:
        flows = con.execute("SELECT count(*) FROM mart.indicator_values WHERE indicator LIKE 'vacancies_notified%'"
                            " AND source LIKE '%7511%'").fetchall()[0][0]
    assert flows == 0


def test_basel_stadt_short_time_work_2020_is_the_mean_of_the_months(warehouse):
    """Table 8992 counts employees on short-time work each month: BS 2020 applied is 52,774 a month on average,
    not the sum of the months (633,288, three times Basel-Stadt's population)."""
    months = statabs_year("8992", "2020")
    applied = months["Kurzarbeit, beantragt"]
    assert (applied.sum(), applied.mean()) == (633288, 52774)
    assert published(warehouse, "short_time_work_applied", "CH-BS", "2020") == pytest.approx(52774)
    assert published(warehouse, "short_time_work_approved", "CH-BS", "2020") == pytest.approx(
        months["Kurzarbeit, genehmigt"].mean())


def test_basel_stadt_short_time_work_provisional_months_flagged(warehouse):
    """metadata/8992.json: the last three months of applied and approved short-time work are provisional."""
    with duckdb.connect(str(published_path(warehouse)), read_only=True) as con:
        flags = dict(con.execute(
            "SELECT indicator || ' ' || period, obs_status FROM mart.indicator_values WHERE geo = 'CH-BS'"
            " AND indicator IN ('short_time_work_applied', 'short_time_work_approved') AND measure = 'level'"
            " AND period >= '2026-04'").fetchall())
    assert flags == {f"{i} {p}": ("A" if p == "2026-04" else "P")
                     for i in ("short_time_work_applied", "short_time_work_approved")
                     for p in ("2026-04", "2026-05", "2026-06", "2026-07")}
