"""Publisher downloads as users get them: ILOSTAT in en/fr/es as CSV or Excel, Eurostat in en/fr/de, WDI DataBank."""

import pandas as pd
import pytest

from kernel.settings import LmoError
from pipelines.ingest import ingest_file
from pipelines.sources import eurostat, ilostat, wdi
from pipelines.sources.validation import ValidationFailed
from pipelines.warehouse import connect
from tests import relabel
from tests.test_sources import canonical

SAME = ["dataset", "geo", "period", "sex", "age", "measure", "value", "unit", "obs_status", "conf_status",
        "concept", "adjustment"]


def comparable(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[SAME].sort_values(SAME[:6]).reset_index(drop=True)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return relabel.write_all(tmp_path_factory.mktemp("relabelled"))


@pytest.fixture(scope="module")
def english():
    return canonical(ilostat, relabel.ILOSTAT_FILE)


@pytest.mark.parametrize("index", [0, 1, 2, 3], ids=["fr-csv-renamed", "es-csv-renamed", "fr-xlsx", "es-xlsx-titled"])
def test_relabelled_ilostat_download_loads_with_the_same_values_flags_and_units(files, english, index):
    frame = canonical(ilostat, files[index])
    pd.testing.assert_frame_equal(comparable(frame), comparable(english))
    assert (frame["obs_status"] == "B").sum() == 369 and (frame["obs_status"] == "U").sum() == 20
    assert set(frame["unit"]) == {"percent"} and len(frame) == len(english) == 3558
    assert frame.attrs["skipped"] == english.attrs["skipped"]


def test_the_indicator_comes_from_the_content_and_must_agree_with_the_name(files, tmp_path):
    renamed = canonical(ilostat, files[0])  # emploi_informel_fr.csv: no code in the name
    assert set(renamed["dataset"]) == {"ilostat_emp_nifl_sex_rt"}
    clash = tmp_path / "UNE_DEAP_SEX_AGE_RT_A.csv"
    clash.write_bytes(files[0].read_bytes())
    with pytest.raises(LmoError, match="file name says indicator UNE_DEAP_SEX_AGE_RT, the content says EMP_NIFL_SEX_RT"):
        ilostat.read(clash)
    unknown = tmp_path / "telechargement.csv"
    unknown.write_text(files[0].read_text(encoding="utf-8").replace("Taux d'emploi informel", "Taux inconnu"),
                       encoding="utf-8")
    with pytest.raises(LmoError, match="line 2: column 'indicator.label': rule known ILOSTAT indicator"):
        ilostat.read(unknown)


def test_an_unknown_status_flag_rejects_the_file_with_its_line_and_value(files, tmp_path):
    lines = files[1].read_text(encoding="utf-8").splitlines()
    flagged = next(i for i, line in enumerate(lines) if "Poco fiable" in line)
    lines[flagged] = lines[flagged].replace("Poco fiable", "Dato dudoso")
    bad = tmp_path / "empleo.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as error:
        ilostat.read(bad)
    assert [(p["row"], p["column"], p["value"]) for p in error.value.problems] == [
        (f"line {flagged + 1}", "obs_status", "Dato dudoso")]


def test_counts_in_thousands_keep_their_unit(tmp_path):
    header = '"ref_area.label","indicator.label","sex.label","classif1.label","time","obs_value","obs_status.label"\n'
    labelled = tmp_path / "chomage.csv"
    labelled.write_text(header + '"Tunisie","Chômage par sexe et âge (milliers)","Sexe: Femmes",'
                        '"Âge (Jeunes, adultes): 15-24","2023",61.2,"Provisoire"\n', encoding="utf-8")
    frame = canonical(ilostat, labelled)
    assert frame[["geo", "sex", "age", "measure", "unit", "value", "obs_status"]].values.tolist() == [
        ["TN", "F", "Y15-24", "unemployed", "thousands", 61.2, "P"]]
    unseen = tmp_path / "EIP_WDIS_SEX_AGE_NB_A.csv"  # an indicator not in international.yaml
    unseen.write_text(header.replace('"indicator.label",', "") + '"Marruecos","Sexo: Total","Edad (Jóvenes, adultos): 15+",'
                      '"2022",321.0,""\n', encoding="utf-8")
    assert canonical(ilostat, unseen)[["geo", "unit"]].values.tolist() == [["MA", "thousands"]]


@pytest.mark.parametrize("index", [4, 5], ids=["fr", "de"])
def test_eurostat_labels_in_french_and_german_load_like_the_english_file(files, index):
    english = canonical(eurostat, relabel.EUROSTAT_FILE)
    frame = canonical(eurostat, files[index])
    pd.testing.assert_frame_equal(comparable(frame), comparable(english))
    assert (frame["obs_status"] == "B").sum() == 5 and frame["geo"].nunique() == 27


def test_a_wdi_databank_export_loads_like_the_bulk_file(files):
    bulk = canonical(wdi, relabel.WDI_FILE)
    databank = canonical(wdi, files[6])
    pd.testing.assert_frame_equal(comparable(databank), comparable(bulk))
    assert databank["vintage"].iloc[0] == bulk["vintage"].iloc[0] == "2026-04-08"
    assert databank.attrs["skipped"] == bulk.attrs["skipped"]


def test_ilostat_s_excel_download_in_spanish_loads_into_the_warehouse(files, tmp_path):
    # the loading of `lmo ingest` (its job and summary: tests/test_ingest_sources.py)
    with connect(tmp_path / "w.duckdb") as con:
        done = ingest_file(con, "ilostat-xlsx", files[3], tmp_path / "raw", "2024-07-26")
        assert done.rows == 3558 and done.datasets == ["ilostat_emp_nifl_sex_rt"]
        rows = con.execute("SELECT value, unit, obs_status FROM core.observations WHERE geo = 'CH' AND period = '2021'"
                           " AND sex = '_T'").fetchall()
    assert rows == [(1.066, "percent", "A")]


def test_world_regions_in_french_or_spanish_are_skipped_and_counted(tmp_path):
    labels = tmp_path / "EMP_NIFL_SEX_RT_A.csv"
    labels.write_text('"ref_area.label","sex.label","time","obs_value","obs_status.label"\n'
                      '"Tunisie","Sexe: Total","2019",36.911,""\n"Monde","Sexe: Total","2019",57.8,""\n'
                      '"África","Sexo: Total","2019",83.1,""\n', encoding="utf-8")
    frame = canonical(ilostat, labels)
    assert frame[["geo", "value"]].values.tolist() == [["TN", 36.911]]
    assert frame.attrs["skipped"] == {"aggregate of countries (world region, CLDR name): Monde": 1,
                                      "aggregate of countries: África": 1}  # ILOSTAT's "Africa", accents aside


def test_eurostat_counts_in_thousands_keep_their_unit_in_any_label_language(tmp_path):
    head = "DATAFLOW,LAST UPDATE,freq,s_adj,age,unit,sex,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS\n"
    path = tmp_path / "une_nb_m.csv"
    path.write_text(head + "ESTAT:UNE_NB_M(1.0),2026-03-04,M,SA,TOTAL,THS_PER,T,AT,2026-01,301.0,,\n"
                    "ESTAT:UNE_NB_M(1.0),2026-03-04,Mensuel,Données désaisonnalisées,Total,Milliers de personnes,"
                    "Total,Belgique,2026-01,321.5,rupture de série,\n"
                    "ESTAT:UNE_NB_M(1.0),2026-03-04,Monatlich,Saisonbereinigte Daten,Insgesamt,Tausend Personen,"
                    "Insgesamt,Deutschland,2026-01,1601.0,p,\n", encoding="utf-8")
    frame = canonical(eurostat, path)
    assert frame[["geo", "unit", "value", "obs_status"]].values.tolist() == [
        ["AT", "thousands", 301.0, "A"], ["BE", "thousands", 321.5, "B"], ["DE", "thousands", 1601.0, "P"]]


def test_a_wdi_bulk_file_in_french_with_an_unseen_indicator(tmp_path):
    text = relabel.WDI_FILE.read_text(encoding="utf-8-sig")
    french = tmp_path / "API_SL.TLF.CACT.FE.ZS_DS2_fr_csv_v2_1.csv"
    french.write_text(text.replace("SL.UEM.TOTL.ZS", "SL.TLF.CACT.FE.ZS").replace(
        "Unemployment, total (% of total labor force) (modeled ILO estimate)",
        "Taux de participation à la population active, femmes (% de la population féminine âgée de 15 ans et plus)"
        " (estimation modélisée OIT)").replace('"Switzerland"', '"Suisse"'), encoding="utf-8")
    frame = canonical(wdi, french)
    assert set(frame["unit"]) == {"percent"} and set(frame["concept"]) == {"ILO_modelled"}
    assert len(frame) == len(canonical(wdi, relabel.WDI_FILE))
