"""Each connector on the real files in data/, plus the variants of its format a user may bring."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from indicators.model import ObservationSchema, with_realm
from kernel.settings import DATA_DIR, LmoError
from pipelines.sources import eurostat, ilostat, snb, statabs, wdi
from pipelines.sources.validation import ValidationFailed, validate

STATABS = sorted((DATA_DIR / "statabs").glob("*.tsv"))


def canonical(module, path: Path, vintage: str = "2026-01-01") -> pd.DataFrame:
    raw = module.read(path)
    mapped = with_realm(module.to_canonical(raw, (getattr(module, "vintage_of", lambda p: None)(path) or vintage)),
                        "official")
    out = validate(mapped, ObservationSchema, str(path))
    out.attrs["skipped"] = mapped.attrs.get("skipped", {})
    return out


def value(frame: pd.DataFrame, **key) -> float:
    rows = frame
    for column, wanted in key.items():
        rows = rows[rows[column] == wanted]
    assert len(rows) == 1, f"{key}: {len(rows)} rows"
    return rows["value"].iloc[0]


def total(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[(frame["sex"] == "_T") & (frame["age"] == "_T")]


@pytest.mark.parametrize("path", STATABS, ids=[p.stem for p in STATABS])
def test_every_basel_table_loads(path):
    frame = canonical(statabs, path)
    assert len(frame) > 0 and set(frame["dataset"]) == {f"statabs_{path.stem}"}
    assert set(frame["concept"]) == {"SECO_registered"}
    rates = frame[frame["measure"] == "registered_unemployment_rate"]["value"]
    assert rates.empty or rates.between(0, 20).all()  # fractions were turned into percent


def test_table_2459_holds_the_revised_2025_rates(bulletin):
    frame = canonical(statabs, DATA_DIR / "statabs" / "2459.tsv")
    assert value(frame, geo="CH-ZH", period="2025-01") == 2.5
    assert value(frame, geo="CH", period="2025-01") == 2.9
    assert frame["vintage"].iloc[0] == "2026-03-05"
    # from 2025-06 the revised table equals the bulletin as published
    zh = next(c for c in bulletin["cantons"] if c["code"] == "ZH")["months"]
    for month in (m for m in zh if "2025-06" <= m["period"] <= "2025-12"):
        assert value(frame, geo="CH-ZH", period=month["period"]) == month["rate"]


def test_table_7511_month_names_and_notification_obligation():
    """Table 7511 is a month-end stock ("Stand per Monatsende", metadata/7511.json): open vacancies, not a flow."""
    assert "Stand per Monatsende" in (DATA_DIR / "statabs" / "metadata" / "7511.json").read_text(encoding="utf-8")
    frame = canonical(statabs, DATA_DIR / "statabs" / "7511.tsv")
    assert value(frame, period="2025-01", measure="vacancies_open_subject") == 1007
    assert value(frame, period="2025-03", measure="vacancies_open_not_subject") == 658
    assert value(frame, period="2026-07", measure="vacancies_open_subject") == 1032
    assert frame["period"].max() == "2026-07"  # empty cells of the months to come are not values
    assert set(frame["unit"]) == {"positions"}


def test_flags_are_what_each_table_metadata_says():
    """metadata/<id>.json: December 2025 is as of 22 December in six tables (D, as the SECO bulletin flags it);
    8992's applied and approved short-time work of the last three months are provisional (P)."""
    for rule in statabs.mapping()["flags"]:
        for table in rule["tables"]:
            notes = json.loads((DATA_DIR / "statabs" / "metadata" / f"{table}.json").read_text())["erlaeuterungen"]
            assert rule["because"] in notes, table
    frame = canonical(statabs, DATA_DIR / "statabs" / "8992.tsv")
    flagged = frame[frame["obs_status"] == "P"]
    assert sorted(set(flagged["period"])) == ["2026-05", "2026-06", "2026-07"]
    assert set(flagged["measure"]) == {"short_time_work_applied", "short_time_work_approved"}
    assert value(frame, period="2026-05", measure="short_time_work_applied") == 1235  # as published
    assert set(frame.loc[frame["period"] < "2026-05", "obs_status"]) == {"A"}
    stock = canonical(statabs, DATA_DIR / "statabs" / "7511.tsv")
    assert set(stock.loc[stock["period"] == "2025-12", "obs_status"]) == {"D"}
    assert set(stock.loc[stock["period"] != "2025-12", "obs_status"]) == {"A"}


def test_breakdowns_by_nationality_sex_age_branch_and_country_group():
    by_nat = canonical(statabs, DATA_DIR / "statabs" / "2424.tsv")
    assert value(by_nat, period="2016-01", citizenship="FOR", sex="M") == 6.6
    by_age = canonical(statabs, DATA_DIR / "statabs" / "8251.tsv")
    assert value(by_age, period="2014", age="Y15-24") == pytest.approx(4.4461)
    by_branch = canonical(statabs, DATA_DIR / "statabs" / "6460.tsv")
    assert value(by_branch, period="2025", activity="F") == pytest.approx(9.6)
    assert value(by_branch, period="2025", activity="_T") == pytest.approx(4.3)
    groups = canonical(statabs, DATA_DIR / "statabs" / "2426.tsv")
    assert value(groups, period="2025-12", citizenship="EU_2004") == 254
    long_term = canonical(statabs, DATA_DIR / "statabs" / "8980.tsv")
    assert value(long_term, period="2005-01", measure="long_term_unemployment_share") == pytest.approx(18.11)


def test_a_changed_basel_table_is_rejected_naming_the_column(tmp_path):
    changed = tmp_path / "2459.tsv"
    text = (DATA_DIR / "statabs" / "2459.tsv").read_text(encoding="utf-8-sig")
    changed.write_text(text.replace('"AG"', '"GE"').replace("0.038\t0.036\n", "0.038\tx\n", 1), encoding="utf-8")
    with pytest.raises(ValidationFailed) as failure:
        statabs.read(changed)
    message = str(failure.value)
    assert "column 'label'" in message and "'GE'" in message
    assert "line 2, column CH" in message and "'x'" in message


def test_an_unknown_basel_table_is_a_clear_error(tmp_path):
    other = tmp_path / "1234.tsv"
    shutil.copy(DATA_DIR / "statabs" / "2459.tsv", other)
    with pytest.raises(LmoError, match="unknown Basel-Stadt table '1234'"):
        statabs.read(other)


def test_national_annual_series():
    amarbma = canonical(snb, DATA_DIR / "snb_hsso" / "seco_amarbma_full_1984-2025.csv")
    assert value(amarbma, period="2025", measure="registered_unemployment_rate") == 2.838
    assert value(amarbma, period="2025", measure="registered_unemployed") == 133856.2
    hsso = canonical(snb, DATA_DIR / "snb_hsso" / "hsso_f18a_full_1913-1995.csv")
    assert value(hsso, period="1913", measure="registered_unemployment_rate") == 0.456
    assert set(hsso["dataset"]) == {"hsso_f18a"}


def test_ilostat_label_layout_informal_employment():
    frame = canonical(ilostat, DATA_DIR / "ilostat" / "EMP_NIFL_SEX_RT_A-20240726T0000.csv")
    assert set(frame["dataset"]) == {"ilostat_emp_nifl_sex_rt"}
    assert set(frame["measure"]) == {"informal_employment_rate"} and set(frame["concept"]) == {"ILO_survey"}
    assert value(total(frame), geo="CH", period="2021") == 1.066
    assert value(total(frame), geo="TN", period="2019") == 36.911
    assert value(total(frame), geo="MR", period="2019") == 89.355
    assert "MA" not in set(frame["geo"])
    assert frame["vintage"].iloc[0] == "2024-07-26"
    assert (frame["obs_status"] == "B").sum() == 369  # "Break in series"
    assert frame[frame["geo"] == "CH"]["source"].iloc[0] == "ILO, ILOSTAT (HIES - EU Statistics on Income and Living Conditions)"


def test_ilostat_ddf_layouts_and_the_tunisia_2021_defect_kept():
    tun = canonical(ilostat, DATA_DIR / "ilostat" / "SUBSET_age_ythadult--une_deap_sex_age_rt--tun.csv")
    assert value(total(tun), period="2023") == 15.106
    assert value(total(tun), period="2021") == pytest.approx(6.5, abs=0.05)  # as received: implausible
    assert value(tun[tun["sex"] == "_T"], period="2022", age="Y15-24") > 30
    mrt = canonical(ilostat, DATA_DIR / "ilostat"
                    / "ddf--datapoints--une_deap_sex_age_rt--by--ref_area-mrt--sex--classif1--time.csv")
    assert value(total(mrt), period="2019") == 10.416
    assert mrt.attrs["skipped"] == {"same key under another ILO classification or survey": 68}


def test_ilostat_bulk_code_layout_any_indicator(tmp_path):
    bulk = tmp_path / "UNE_DEAP_SEX_AGE_RT_Q.csv"
    bulk.write_text(
        "ref_area,source,indicator,sex,classif1,classif2,time,obs_value,obs_status,note_classif,note_indicator,note_source\n"
        "MAR,BA:123,UNE_DEAP_SEX_AGE_RT,SEX_T,AGE_YTHADULT_YGE15,,2024Q4,13.3,,,,\n"
        "MAR,BA:123,UNE_DEAP_SEX_AGE_RT,SEX_F,AGE_YTHADULT_Y15-24,,2024Q4,40.1,P,,,\n"
        "X02,BA:999,UNE_DEAP_SEX_AGE_RT,SEX_T,AGE_YTHADULT_YGE15,,2024Q4,5.0,,,,\n"
        "CHE,BA:7,EMP_TEMP_SEX_OCU_NB,SEX_T,OCU_ISCO08_2,,2023M05,321.5,,,,\n", encoding="utf-8")
    frame = canonical(ilostat, bulk)
    assert value(frame, geo="MA", period="2024-Q4", sex="_T") == 13.3
    assert value(frame, geo="MA", sex="F", age="Y15-24")
    assert frame[frame["sex"] == "F"]["obs_status"].iloc[0] == "P"
    other = frame[frame["dataset"] == "ilostat_emp_temp_sex_ocu_nb"]
    assert other["occupation"].tolist() == ["ISCO08_2"] and other["period"].tolist() == ["2023-05"]
    assert frame.attrs["skipped"] == {"aggregate of countries: X02": 1}


def test_ilostat_label_layout_with_an_age_classification(tmp_path):
    labels = tmp_path / "UNE_DEAP_SEX_AGE_RT_A-20250101T0000.csv"
    labels.write_text(
        '"ref_area.label","source.label","indicator.label","sex.label","classif1.label","time","obs_value",'
        '"obs_status.label"\n'
        '"Tunisia","LFS - National Population and Employment Survey","Unemployment rate by sex and age (%)",'
        '"Sex: Total","Age (Youth, adults): 15-24","2023",38.5,""\n'
        '"Tunisia","LFS - National Population and Employment Survey","Unemployment rate by sex and age (%)",'
        '"Sex: Female","Age (Youth, adults): 15+","2023",22.0,"Break in series"\n'
        '"World","ILO modelled","Unemployment rate by sex and age (%)","Sex: Total","Age (Youth, adults): 25+",'
        '"2023",4.1,""\n', encoding="utf-8")
    frame = canonical(ilostat, labels)
    assert value(frame, sex="_T", age="Y15-24") == 38.5
    assert frame[frame["sex"] == "F"][["age", "obs_status"]].values.tolist() == [["_T", "B"]]
    assert set(frame["dataset"]) == {"ilostat_une_deap_sex_age_rt"} and frame["vintage"].iloc[0] == "2025-01-01"
    assert frame.attrs["skipped"] == {"aggregate of countries: World": 1}


def test_wdi_bulk_csv_with_preamble_and_aggregates():
    frame = canonical(wdi, DATA_DIR / "worldbank" / "API_SL.UEM.TOTL.ZS_DS2_en_csv_v2_36.csv")
    assert set(frame["dataset"]) == {"wdi_sl_uem_totl_zs"} and set(frame["concept"]) == {"ILO_modelled"}
    assert value(frame, geo="CH", period="2024") == 4.343
    assert value(frame, geo="MR", period="2024") == 10.257
    assert frame["vintage"].iloc[0] == "2026-04-08"
    assert frame.attrs["skipped"] == {
        "empty value": 9345, "aggregate of countries: AFE, AFW, ARB, CEB, CSS, EAP … 48 in all": 48 * 35,
        "territory without an ISO 3166 code: CHI": 35}
    assert len(frame) + sum(frame.attrs["skipped"].values()) == 17556 and "CH" in set(frame["geo"])


def test_wdi_indicator_never_seen_before(tmp_path):
    text = (DATA_DIR / "worldbank" / "API_SL.UEM.TOTL.ZS_DS2_en_csv_v2_36.csv").read_text(encoding="utf-8-sig")
    other = tmp_path / "API_SL.TLF.CACT.FE.ZS_DS2_en_csv_v2_1.csv"
    other.write_text("\ufeff" + text.replace("SL.UEM.TOTL.ZS", "SL.TLF.CACT.FE.ZS").replace(
        "Unemployment, total (% of total labor force)",
        "Labor force participation rate, female (% of female population ages 15+)"), encoding="utf-8")
    frame = canonical(wdi, other)
    assert set(frame["dataset"]) == {"wdi_sl_tlf_cact_fe_zs"}
    assert set(frame["measure"]) == {"sl_tlf_cact_fe_zs"} and set(frame["unit"]) == {"percent"}
    assert set(frame["concept"]) == {"ILO_modelled"}


def test_eurostat_labels_layout_keeps_flags():
    frame = canonical(eurostat, DATA_DIR / "eurostat" / "une_rt_m.csv")
    assert frame["vintage"].iloc[0] == "2026-03-04"
    assert value(frame, geo="GR", period="2026-01", age="Y_LT25") == 16.0
    assert set(frame["adjustment"]) == {"SA"} and set(frame["concept"]) == {"ILO_survey"}
    assert (frame["obs_status"] == "B").sum() == 5 and frame["geo"].nunique() == 27


def test_eurostat_codes_layout_with_flags_and_confidentiality(tmp_path):
    codes = tmp_path / "une_rt_m_codes.csv"
    codes.write_text(
        "DATAFLOW,LAST UPDATE,freq,s_adj,age,unit,sex,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS\n"
        "ESTAT:UNE_RT_M(1.0),2026-03-04T11:00:00,M,NSA,TOTAL,PC_ACT,F,EL,2025-12,9.1,p,\n"
        "ESTAT:UNE_RT_M(1.0),2026-03-04T11:00:00,M,SA,Y_LT25,PC_ACT,M,AT:Austria,2025-12,,c,C\n"
        "ESTAT:UNE_RT_M(1.0),2026-03-04T11:00:00,M,SA,Y_LT25,PC_ACT,M,AT:Austria,2026-01,11.2,bu,D\n"
        "ESTAT:UNE_RT_M(1.0),2026-03-04T11:00:00,M,SA,Y_LT25,PC_ACT,M,EA20,2026-01,14.0,,\n", encoding="utf-8")
    frame = canonical(eurostat, codes)
    greece = frame[frame["geo"] == "GR"].iloc[0]
    assert (greece["value"], greece["obs_status"], greece["adjustment"], greece["sex"]) == (9.1, "P", "NSA", "F")
    austria = frame[frame["geo"] == "AT"].iloc[0]
    assert (austria["obs_status"], austria["conf_status"], austria["age"]) == ("B", "D", "Y_LT25")
    assert frame.attrs["skipped"] == {"empty value": 1, "aggregate of countries: EA20": 1} and len(frame) == 2


def test_a_file_of_the_wrong_kind_is_one_clear_error():
    with pytest.raises(LmoError, match="not a World Bank WDI bulk CSV"):
        wdi.read(DATA_DIR / "eurostat" / "une_rt_m.csv")
    with pytest.raises(LmoError, match="not an ILOSTAT CSV"):
        ilostat.read(DATA_DIR / "snb_hsso" / "hsso_f18a_full_1913-1995.csv")


def test_a_bad_number_hides_no_other_problem_of_its_column(tmp_path):
    """pandera skips a column's checks when it cannot coerce it: numbers are parsed first, so all are found."""
    lines = (DATA_DIR / "snb_hsso" / "seco_amarbma_full_1984-2025.csv").read_text(encoding="utf-8").splitlines()
    lines[4] = "1987,12,n/a,0.798"         # line 5: not a number
    lines[8] = "1991,x,-39222.8,118.0"     # line 9: months not whole, a negative count, a rate over 100
    path = tmp_path / "seco_amarbma.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as error:
        snb.read(path)
    assert [(p["row"], p["column"], p["rule"], p["value"]) for p in error.value.problems] == [
        ("line 5", "unemployed", "number", "n/a"),
        ("line 9", "months", "whole number", "x"),
        ("line 9", "unemployed", "at least 0", -39222.8),
        ("line 9", "rate", "between 0 and 100", 118.0),
    ]


def test_declared_regions_are_skipped_and_counted_unknown_places_rejected(tmp_path):
    head = "DATAFLOW,LAST UPDATE,freq,s_adj,age,unit,sex,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS\n"
    row = "ESTAT:UNE_RT_M(1.0),2026-03-04T11:00:00,M,SA,TOTAL,PC_ACT,T,{},2026-01,{},,\n"
    path = tmp_path / "une_rt_m.csv"
    path.write_text(head + row.format("AT", 5.1) + row.format("AT13", 9.2) + row.format("DE21", 3.0)
                    + row.format("EU27_2020", 6.0), encoding="utf-8")
    frame = canonical(eurostat, path)
    assert frame["geo"].tolist() == ["AT"] and frame.attrs["skipped"] == {
        "aggregate of countries: EU27_2020": 1, "region below country level (NUTS): AT13, DE21": 2}
    path.write_text(head + row.format("AT", 5.1) + row.format("Autriche-Hongrie", 5.1) + row.format("At13", 1), encoding="utf-8")
    with pytest.raises(ValidationFailed) as error:
        eurostat.read(path)
    assert [(p["row"], p["column"], p["value"]) for p in error.value.problems] == [
        ("line 3", "geo", "Autriche-Hongrie"), ("line 4", "geo", "At13")]
    assert error.value.problems[0]["rule"].startswith("code list country (ISO 3166")


def test_connectors_read_windows_encodings_through_the_shared_text_reader(tmp_path):
    labels = tmp_path / "UNE_DEAP_SEX_AGE_RT_A.csv"
    labels.write_text(
        '"ref_area.label","source.label","sex.label","classif1.label","time","obs_value","obs_status.label"\n'
        '"Côte d\'Ivoire","ENE – Enquête","Sex: Total","Age (Youth, adults): 15+","2023",2.4,""\n', encoding="cp1252")
    frame = canonical(ilostat, labels)
    assert frame[["geo", "value", "source"]].values.tolist() == [["CI", 2.4, "ILO, ILOSTAT (ENE – Enquête)"]]
