"""Published figures reproduced: SECO national annual means, Basel-Stadt rates and long-term share."""

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
