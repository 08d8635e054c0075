"""A polite `lmo`: unknown names said as such, "did you mean", quiet when piped into head, --db anywhere,
Excel for evaluate, units and synthetic values in the language asked; the Dagster instance without pop-up."""

import json
import subprocess

import pandas as pd
import yaml

from kernel.settings import dagster_home
from pipelines.ingest import ingest_file
from pipelines.warehouse import connect
from tests.cli_in_process import lmo_here
from tests.test_cli import LMO
from tests.test_cli_evaluate import ARGS
from tests.test_evaluation import TRUE_EFFECT, selected_sample


def test_an_unknown_geo_or_measure_is_named_and_a_near_indicator_suggested(tmp_path):
    db = tmp_path / "none.duckdb"  # refused before any warehouse is opened
    geo = lmo_here("indicator", "registered_unemployed", "--geo", "CH", "--geo", "CH-XX", db=db)
    assert geo.returncode == 1 and geo.stderr.startswith("lmo indicator: unknown geo 'CH-XX'")
    region = lmo_here("indicator", "registered_unemployed", "--geo", "MA-99", db=db)  # Morocco has twelve regions
    assert region.returncode == 1 and region.stderr.startswith("lmo indicator: unknown geo 'MA-99'")
    measure = lmo_here("indicator", "registered_unemployed", "--measure", "lvel", db=db)
    assert measure.stderr == "lmo indicator: unknown measure 'lvel'; did you mean 'level'?\n"
    indicator = lmo_here("indicator", "registered_unemploymentrate", db=db)
    assert indicator.stderr.startswith("lmo indicator: unknown indicator 'registered_unemploymentrate'; "
                                       "did you mean 'registered_unemployment_rate'")
    assert not db.exists()


def test_piping_into_head_leaves_no_traceback():
    done = subprocess.run(f"{LMO[0]} catalogue --format json | head -c 20", shell=True, capture_output=True,
                          text=True, timeout=120)
    assert done.stdout.startswith("[") and done.stderr == ""


def test_db_is_accepted_before_the_subcommand(warehouse, bulletin):
    done = lmo_here("--db", str(warehouse), "indicator", "registered_unemployed", "--geo", "CH", "--period", "2026-07",
                    "--format", "json")
    assert done.returncode == 0, done.stderr
    [row] = json.loads(done.stdout)
    assert row["value"] == next(m["unemployed"] for m in bulletin["national"] if m["period"] == "2026-07")


def test_evaluate_reads_an_excel_sheet(tmp_path):
    path = tmp_path / "units.xlsx"
    selected_sample(11, n=1500).to_excel(path, index=False)
    done = lmo_here("evaluate", "--data", str(path), *ARGS, "--method", "ipw", "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["ci_low"] <= TRUE_EFFECT <= result["ci_high"] and result["n_treated"] + result["n_control"] == 1500


def test_catalogue_units_in_french():
    done = lmo_here("catalogue", "--lang", "fr", "--format", "csv")
    rows = pd.read_csv(pd.io.common.StringIO(done.stdout)).set_index("id")
    assert rows.at["registered_unemployed", "unit"] == "personnes"
    assert rows.at["registered_ilo_gap", "unit"] == "points de pourcentage"
    assert rows.at["unemployment_duration_elapsed", "unit"] == "jours"


def test_synth_in_french_writes_french_codes_that_load_back(tmp_path):
    out, db = tmp_path / "synth", tmp_path / "w.duckdb"
    assert lmo_here("synth", "--size", "300", "--out", str(out), "--lang", "fr").returncode == 0
    spells = pd.read_csv(out / "spells.csv", sep=";", dtype=str)
    vacancies = pd.read_csv(out / "vacancies.csv", sep=";", dtype=str)
    assert set(spells["niveau_formation"].dropna()) <= {"faible", "moyen", "élevé"}
    assert set(spells["motif_sortie"].dropna()) <= {"emploi", "fin_de_droits", "autre"}
    assert set(spells["sexe"]) == {"H", "F"} and set(spells["chomeur_inscrit"]) <= {"oui", "non"}
    assert set(vacancies["resultat"].dropna()) <= {"pourvu_ors", "pourvu_autre", "annulé"}
    with connect(db) as con:  # the loading of `lmo ingest` (its job and summary: tests/test_ingest_sources.py)
        assert ingest_file(con, "register-spells", out / "spells.csv", db.parent / "raw").rows == len(spells)


def test_the_dagster_instance_shows_no_new_user_pop_up(tmp_path):
    home = dagster_home(tmp_path / "w.duckdb")
    assert yaml.safe_load((home / "dagster.yaml").read_text()) == {"telemetry": {"enabled": False},
                                                                  "nux": {"enabled": False}}
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\nstorage: {}\n")  # an older or edited file
    dagster_home(tmp_path / "w.duckdb")
    assert yaml.safe_load((home / "dagster.yaml").read_text())["nux"] == {"enabled": False}


def test_lmo_dagster_stops_a_process_group_that_ignores_signals_within_its_grace(monkeypatch):
    import time

    import pytest

    from lmo.commands import dagster

    monkeypatch.setattr(dagster, "GRACE_S", 0.5)  # the same stop, with less waiting

    # like the Dagster webserver: ignores SIGINT/SIGTERM, and has a child of its own
    proc = subprocess.Popen(["sh", "-c", "trap '' INT TERM; sleep 300 & wait"], start_new_session=True)
    time.sleep(0.5)
    started = time.monotonic()
    with pytest.raises(SystemExit):
        dagster.stop(proc)
    assert proc.poll() is not None and time.monotonic() - started < dagster.GRACE_S + 3
    states = subprocess.run(["ps", "-o", "stat=", "-g", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert [state for state in states if not state.startswith("Z")] == []  # killed (a zombie awaits its reaper)
