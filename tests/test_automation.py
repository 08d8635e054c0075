"""The inbox sensor and the monthly fetch job, evaluated with Dagster's test contexts."""

import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import dagster as dg
import duckdb
import pytest

from kernel.settings import DATA_DIR, inbox_dir
from pipelines import automation, fetch
from pipelines.definitions import build_definitions
from pipelines.resources import Warehouse


@pytest.fixture
def few_draws(monkeypatch):
    """An ingest into a new warehouse evaluates the programmes again: their bootstrap is not what is tested here."""
    monkeypatch.setenv("LMO_EVAL_REPS", "10")


def evaluate(db) -> list[dg.RunRequest]:
    with dg.build_sensor_context(resources={"warehouse": Warehouse(path=str(db))}) as context:
        return list(automation.inbox_sensor(context) or [])


def test_sensor_asks_one_run_per_new_file_and_the_run_loads_it(tmp_path, few_draws):
    db = tmp_path / "w.duckdb"
    assert evaluate(db) == []
    inbox = inbox_dir(db)
    (inbox / "snb-csv").mkdir(parents=True)
    (inbox / "not-a-kind").mkdir()
    dropped = inbox / "snb-csv" / "seco_amarbma_full_1984-2025.csv"
    shutil.copy(DATA_DIR / "snb_hsso" / dropped.name, dropped)
    shutil.copy(dropped, inbox / "not-a-kind" / "x.csv")
    (inbox / "snb-csv" / "x.csv.http.json").write_text("{}")
    [request] = evaluate(db)
    assert request.run_key.startswith("snb-csv/seco_amarbma_full_1984-2025.csv/")
    result = build_definitions(db).resolve_job_def("ingest").execute_in_process(run_config=request.run_config)
    assert result.success
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT value FROM core.observations WHERE dataset = 'snb_amarbma' AND period = '2025' "
                           "AND measure = 'registered_unemployment_rate'").fetchall()
    assert rows == [(2.838,)]
    dropped.write_text(dropped.read_text().replace("2.838", "2.839"))  # a revised file: a new run key
    [revised] = evaluate(db)
    assert revised.run_key != request.run_key


@pytest.fixture()
def recorded_server():
    handler = partial(SimpleHTTPRequestHandler, directory=str(DATA_DIR / "statabs"))
    handler.log_message = lambda *args: None
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_monthly_fetch_drops_files_in_the_inbox_and_survives_failures(tmp_path, monkeypatch, recorded_server):
    sources = {"statabs_2459": {"kind": "statabs-tsv", "url": recorded_server + "/2459.tsv", "file": "2459.tsv"},
               "statabs_gone": {"kind": "statabs-tsv", "url": recorded_server + "/0000.tsv", "file": "0000.tsv"}}
    quick = {"defaults": {"timeout": [1, 2], "retries": 0, "backoff": 0}, "sources": sources}
    monkeypatch.setattr(fetch, "config", lambda: quick)
    db = tmp_path / "w.duckdb"
    result = automation.fetch_job.execute_in_process(partition_key="2026-07-01",
                                                     resources={"warehouse": Warehouse(path=str(db))})
    assert result.success  # an unreachable source is a warning, not a failed refresh
    fetched = inbox_dir(db) / "statabs-tsv" / "2459.tsv"
    assert fetched.read_bytes() == (DATA_DIR / "statabs" / "2459.tsv").read_bytes()
    [request] = evaluate(db)
    assert request.run_key.startswith("statabs-tsv/2459.tsv/")


def test_schedule_is_monthly_on_the_partitioned_fetch_job():
    assert automation.monthly_refresh.cron_schedule == "0 7 8 * *"
    assert automation.fetch_job.partitions_def.get_partition_keys()[0] == "2025-01-01"


def test_an_ingest_is_a_run_in_the_dagster_history_with_its_materializations(tmp_path, few_draws):
    from pipelines.run import instance_for, run_ingest

    db = tmp_path / "w.duckdb"
    run_ingest(db, "snb-csv", DATA_DIR / "snb_hsso" / "seco_amarbma_full_1984-2025.csv")
    with instance_for(db) as instance:
        [run] = instance.get_runs()
        assert run.job_name == "ingest" and run.is_success
        for asset in ("upload", "uploaded_file", "observations", "indicator_values", "published_warehouse"):
            [record] = instance.fetch_materializations(dg.AssetKey(asset), limit=1).records
            assert record.run_id == run.run_id, asset
