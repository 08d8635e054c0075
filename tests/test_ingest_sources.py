"""`lmo ingest` on each new kind, as a user runs it: summary printed, data in the warehouse."""

import json

import duckdb

from kernel.settings import DATA_DIR
from pipelines.ingest import ingest_file
from pipelines.warehouse import connect
from tests.cli_in_process import lmo_here


def test_list_names_every_source_kind():
    done = lmo_here("ingest", "--list")
    for kind in ("seco-bulletin-json", "statabs-tsv", "snb-csv", "ilostat-csv", "wdi-csv", "eurostat-sdmx-csv"):
        assert kind in done.stdout


def test_ingest_an_unseen_wdi_indicator_prints_the_summary(tmp_path):
    text = (DATA_DIR / "worldbank" / "API_SL.UEM.TOTL.ZS_DS2_en_csv_v2_36.csv").read_text(encoding="utf-8-sig")
    other = tmp_path / "API_SL.TLF.TOTL.IN_DS2_en_csv_v2_5.csv"
    other.write_text(text.replace("SL.UEM.TOTL.ZS", "SL.TLF.TOTL.IN").replace(
        "Unemployment, total (% of total labor force) (modeled ILO estimate)", "Labor force, total"), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    done = lmo_here("ingest", "wdi-csv", str(other), db=db)
    assert done.returncode == 0, done.stderr
    assert "loaded 6496 rows" in done.stdout and "datasets: wdi_sl_tlf_totl_in" in done.stdout
    assert "periods:  1991 … 2025 (35)" in done.stdout and "vintage:  2026-04-08" in done.stdout
    assert "  1680 rows skipped: aggregate of countries: AFE, AFW, ARB, CEB, CSS, EAP … 48 in all\n" in done.stdout
    assert "  35 rows skipped: territory without an ISO 3166 code: CHI\n" in done.stdout
    assert "  9345 rows skipped: empty value\n" in done.stdout
    with duckdb.connect(str(db), read_only=True) as con:
        [(measure, unit, concept)] = con.execute(
            "SELECT DISTINCT measure, unit, concept FROM core.observations").fetchall()
        [(rows, skipped)] = con.execute("SELECT rows, skipped::JSON FROM raw.files").fetchall()
    assert (measure, unit, concept) == ("labour_force", "persons", "ILO_modelled")
    assert rows + sum(json.loads(skipped).values()) == 17556 and json.loads(skipped)["empty value"] == 9345
    again = lmo_here("ingest", "wdi-csv", str(other), db=db)
    assert again.returncode == 0 and "already loaded" in again.stdout


def test_per_country_files_of_one_dataset_do_not_erase_each_other(tmp_path):
    # the loading `lmo ingest` runs (the job around it: test_ingest_an_unseen_wdi_indicator_prints_the_summary)
    with connect(tmp_path / "w.duckdb") as con:
        for country in ("mar", "tun"):
            path = DATA_DIR / "ilostat" / f"SUBSET_age_ythadult--une_deap_sex_age_rt--{country}.csv"
            assert ingest_file(con, "ilostat-csv", path, tmp_path / "raw", "2026-01-01").rows > 0
        counts = dict(con.execute("SELECT geo, count(*) FROM core.observations GROUP BY geo").fetchall())
    assert counts == {"MA": 273, "TN": 247}


def test_a_broken_ilostat_file_names_row_column_and_value(tmp_path):
    bad = tmp_path / "UNE_DEAP_SEX_AGE_RT_A.csv"
    bad.write_text("ref_area,source,indicator,sex,classif1,time,obs_value,obs_status\n"
                   "TUN,BA:1,UNE_DEAP_SEX_AGE_RT,SEX_T,AGE_YTHADULT_YGE15,2023,15.1,\n"
                   "TUN,BA:1,UNE_DEAP_SEX_AGE_RT,SEX_X,AGE_YTHADULT_YGE15,2023,abc,\n", encoding="utf-8")
    done = lmo_here("ingest", "ilostat-csv", str(bad), db=tmp_path / "w.duckdb")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "line 3: column 'sex'" in done.stderr and "'SEX_X'" in done.stderr
    assert "line 3: column 'value'" in done.stderr


def test_every_kind_points_to_a_module_that_reads_it():
    from pipelines.ingest import kinds, source_module

    for kind in kinds():
        module = source_module(kind)
        assert module.KIND == kind and callable(module.read)
