"""Breaks (B) where a series changes source, annual values that say which vintage their months come from, and the
SECO–ILO gap from survey figures (a modelled estimate only flagged E), on the shipped files loaded as users load them."""

import csv
import io
import json

import pandas as pd
import pytest

from dashboard.components import chart_result, to_csv
from dashboard.figures_common import line
from dashboard.meta import chart_meta
from dashboard.shown import shown
from indicators.engine import compute
from indicators.export import sdmx_csv
from kernel.settings import DATA_DIR
from pipelines.ingest import ingest_file
from pipelines.warehouse import connect

BULLETIN = "SECO, Die Lage auf dem Arbeitsmarkt"
TABLE = "Statistisches Amt Basel-Stadt, from SECO labour-market statistics (table {})"
FILES = [("seco-bulletin-json", "seco/labour.json"), *(("statabs-tsv", f"statabs/{t}.tsv") for t in (8442, 2459)),
         ("snb-csv", "snb_hsso/seco_amarbma_full_1984-2025.csv"), ("snb-csv", "snb_hsso/hsso_f18a_full_1913-1995.csv"),
         ("wdi-csv", "worldbank/API_SL.UEM.TOTL.ZS_DS2_en_csv_v2_36.csv"),
         *(("ilostat-csv", path.relative_to(DATA_DIR)) for path in sorted((DATA_DIR / "ilostat").glob("*une_deap*")))]
CHE_FILE = "an ILOSTAT UNE_DEAP_SEX_AGE_RT file for CHE in data/ilostat/ (e.g. UNE_DEAP_SEX_AGE_RT_A-…che….csv)"


@pytest.fixture(scope="module")
def mart(tmp_path_factory):
    """The mart of the registered rate and the gap over the shipped files; the gap's ILO input beside it."""
    root = tmp_path_factory.mktemp("breaks")
    con = connect(root / "w.duckdb")
    for kind, path in FILES:
        ingest_file(con, kind, DATA_DIR / path, root / "raw")
    values = compute(con, only={"registered_unemployment_rate", "registered_ilo_gap"}).df()
    ilo = con.execute("SELECT geo, period, sex, age, value, concept FROM lvl_all "
                      "WHERE indicator = '_registered_ilo_gap__ilo'").df()
    con.close()
    return values, ilo


def level(values: pd.DataFrame, indicator: str, geo: str, frequency: str, adjustment: str = "NSA") -> pd.DataFrame:
    rows = values[(values["indicator"] == indicator) & (values["geo"] == geo) & (values["measure"] == "level")
                  & (values["frequency"] == frequency) & (values["adjustment"] == adjustment)]
    return rows.set_index("period").sort_index()


def bulletin_rate(period: str) -> float:
    national = json.loads((DATA_DIR / "seco" / "labour.json").read_text(encoding="utf-8"))["national"]
    return next(m["rate"] for m in national if m["period"] == period)


def snb(year: str) -> dict:
    rows = csv.DictReader(io.StringIO((DATA_DIR / "snb_hsso" / "seco_amarbma_full_1984-2025.csv").read_text()))
    return next(row for row in rows if row["year"] == year)


def wdi(code: str, year: str) -> float:
    rows = list(csv.reader(open(DATA_DIR / "worldbank" / "API_SL.UEM.TOTL.ZS_DS2_en_csv_v2_36.csv",
                                encoding="utf-8-sig")))
    header = rows[4]
    return float(next(row for row in rows[5:] if row[1] == code)[header.index(year)])


def ilostat(country: str, year: str) -> float:
    """ILOSTAT's survey rate of both sexes aged 15–64 in the shipped subset file."""
    path = DATA_DIR / "ilostat" / f"SUBSET_age_ythadult--une_deap_sex_age_rt--{country}.csv"
    return next(float(row["une_deap_sex_age_rt"]) for row in csv.DictReader(open(path, encoding="utf-8"))
                if row["sex"] == "sex_t" and row["classif1"] == "age_ythadult_y15_64" and row["time"] == year)


def test_the_national_months_break_where_table_2459_and_the_bulletin_take_over(mart):
    months = level(mart[0], "registered_unemployment_rate", "CH", "M")
    breaks = months[months["obs_status"] == "B"]
    assert list(breaks.index) == ["2016-01", "2025-01"]
    assert breaks.at["2016-01", "note"] == f"break in series: {TABLE.format(8442)} → {TABLE.format(2459)}"
    assert breaks.at["2025-01", "note"] == f"break in series: {TABLE.format(2459)} → {BULLETIN}"
    assert breaks.at["2025-01", "value"] == bulletin_rate("2025-01")
    assert months.at["2024-12", "obs_status"] == "A" and months.at["2025-02", "obs_status"] == "A"


def test_the_national_years_break_where_snb_takes_over_and_where_months_are_averaged(mart):
    years = level(mart[0], "registered_unemployment_rate", "CH", "A")
    assert list(years.index[years["obs_status"] == "B"]) == ["1984", "2026"]
    assert "Historical Statistics of Switzerland, table F.18a → SECO via SNB" in years.at["1984", "note"]
    assert years.at["2026", "note"].endswith(f"(official) → {BULLETIN} (derived)")


def test_an_annual_value_says_that_its_months_come_from_another_vintage(mart):
    years = level(mart[0], "registered_unemployment_rate", "CH", "A")
    assert years.at["2025", "value"] == pytest.approx(float(snb("2025")["unemployment_rate_pct_annual_mean"]))
    note = years.at["2025", "note"]
    assert note.startswith("annual value: SECO via SNB data portal (cube amarbma)") and f"its months: {BULLETIN}" in note
    assert "table 2459" in years.at["2024", "note"]


def test_an_annual_mean_of_its_own_months_carries_no_note(mart):
    aargau = level(mart[0], "registered_unemployment_rate", "CH-AG", "A")
    assert aargau.at["2024", "obs_status"] == "A" and pd.isna(aargau.at["2024", "note"])


def test_the_chart_marks_the_break_with_its_note_and_the_csv_carries_it(mart):
    months = level(mart[0], "registered_unemployment_rate", "CH", "M").reset_index()
    rows = shown(months, "registered_unemployment_rate", "en")
    fig = line(rows, "en", "Registered unemployment rate", "%", "%", 1)
    [marker] = [t for t in fig["data"] if t["name"].startswith("B: ")]
    assert marker["x"] == ["2016-01-01", "2025-01-01"]
    assert f"{TABLE.format(2459)} → {BULLETIN}" in marker["customdata"][1][2]
    meta = chart_meta("registered_unemployment_rate", rows, "en", "Registered unemployment rate", "%")
    _, payload, *_ = chart_result(fig, rows, meta, "en")
    table = pd.read_csv(io.StringIO(to_csv(payload)), comment="#")
    broken = table[table["status"] == "B"].set_index("period")
    assert list(broken.index) == ["2016-01", "2025-01"]
    assert broken.at["2025-01", "note"] == f"break in series: {TABLE.format(2459)} → {BULLETIN}"


def test_sdmx_csv_exports_the_break_flag_and_its_note(mart):
    national = mart[0][(mart[0]["indicator"] == "registered_unemployment_rate") & (mart[0]["geo"] == "CH")
                       & (mart[0]["measure"] == "level") & (mart[0]["adjustment"] == "NSA")]
    out = sdmx_csv(national).set_index("TIME_PERIOD")
    assert out.at["2025-01", "OBS_STATUS"] == "B"
    assert out.at["2025-01", "COMMENT_OBS"] == f"break in series: {TABLE.format(2459)} → {BULLETIN}"


def test_the_gaps_ilo_rate_is_the_survey_rate_of_the_15_to_64_year_olds_where_loaded(mart):
    ilo = mart[1].set_index(["geo", "period", "sex"]).sort_index()
    morocco = ilo.loc[("MA", "2022", "_T")]
    assert morocco["concept"] == "ILO_survey" and morocco["value"] == pytest.approx(ilostat("mar", "2022"))
    assert morocco["value"] != pytest.approx(wdi("MAR", "2022"))
    assert ilo.loc[("TN", "2022", "_T"), "value"] == pytest.approx(ilostat("tun", "2022"))
    assert set(ilo.loc["MA", "concept"]) == {"ILO_survey"}  # modelled years never fill a survey series


def test_the_modelled_estimate_stands_in_only_flagged_e_with_a_note(mart):
    if any("che" in p.name.lower() for p in (DATA_DIR / "ilostat").glob("*une_deap*")):
        pytest.skip("a CHE survey file is loaded: the CH gap is no longer modelled")
    gap = level(mart[0], "registered_ilo_gap", "CH", "A")
    expected = wdi("CHE", "2022") - float(snb("2022")["unemployment_rate_pct_annual_mean"])
    assert gap.at["2022", "value"] == pytest.approx(expected) and round(expected, 1) == 2.0
    assert gap.at["2022", "obs_status"] == "E"
    assert "ILO modelled estimate, not a survey figure: World Bank, World Development Indicators" in gap.at["2022", "note"]
    assert (gap["obs_status"] == "E").all()


def test_secos_gap_of_2_1_points_for_ch_2022(mart):
    """DOMAIN.md: SECO's 2.1 points = ILO 15–64 (ILOSTAT CHE 2022: 4.249) − SECO 2.166 (SNB amarbma)."""
    if not any("che" in p.name.lower() for p in (DATA_DIR / "ilostat").glob("*une_deap*")):
        pytest.skip(f"needs {CHE_FILE}, not shipped")
    gap = level(mart[0], "registered_ilo_gap", "CH", "A")
    assert round(gap.at["2022", "value"], 1) == 2.1 and gap.at["2022", "obs_status"] != "E"
