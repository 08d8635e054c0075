"""Register partitions on dagster-celery workers (Redis broker, runs on PostgreSQL) with Parquet on S3 (moto)."""

import json
import os
from contextlib import ExitStack
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pyarrow.fs as pafs
import pytest

from kernel.settings import REPO_ROOT
from pipelines import object_store
from pipelines import register_partitions as rp
from pipelines.sources import register_spells, register_vacancies
from tests.postgres import postgres_server
from tests.services import BIN, celery_workers, moto_s3, redis_server, started_all

COUNTRY, MONTHS = "CH", ("2025-05", "2025-06")
SHIPPED = REPO_ROOT / "data" / "register" / "synthetic" / "ch"
ROOT = "s3://lmo/register"


def exchange_parquet(root: Path) -> Path:
    """The shipped demo register of Switzerland (CSV) as the exchange-format Parquet partitions read."""
    for kind, module in (("spells", register_spells), ("vacancies", register_vacancies)):
        folder = root / kind / f"country={COUNTRY}"
        folder.mkdir(parents=True)
        module.read(SHIPPED / f"{kind}.csv").drop(columns="_row").to_parquet(folder / f"{kind}.parquet", index=False)
    return root


def months_read(root: Path) -> dict[str, pd.DataFrame]:
    """Each month's indicator files under root/register_indicators/country=CH, as the partition wrote them."""
    files = root / "register_indicators" / f"country={COUNTRY}" / "period=*" / "*.parquet"
    frame = duckdb.execute("SELECT * FROM read_parquet(?, hive_partitioning = true)", [str(files)]).df()
    frame = frame.sort_values([c for c in frame.columns if c != "value"]).reset_index(drop=True)
    return {month: rows.reset_index(drop=True) for month, rows in frame.groupby("period")}


def in_process(local: Path, months=MONTHS) -> dict[str, pd.DataFrame]:
    """The months computed by the in-process executor from the same files in a folder."""
    defs = rp.build_definitions(local)
    for month in months:
        assert dg.materialize(defs.assets, resources=defs.resources,
                              partition_key=rp.partition_key(COUNTRY, f"{month}-01")).success
    return months_read(local)


def environment(endpoint: str, broker: str, home: Path) -> dict[str, str]:
    return {"LMO_REGISTER_ROOT": ROOT, "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
            "LMO_CELERY_BROKER": f"{broker}/0", "LMO_CELERY_BACKEND": f"{broker}/1", "DAGSTER_HOME": str(home),
            "PYTHONPATH": str(REPO_ROOT)}


def upload_register(local: Path, endpoint: str) -> None:
    pafs.S3FileSystem(endpoint_override=endpoint, allow_bucket_creation=True).create_dir("lmo")
    for kind in ("spells", "vacancies"):
        object_store.upload(local / kind, ROOT, kind)


def runs_and_workers(folder: Path, env: dict) -> list[str]:
    """Two celery workers, and one run per month launched from its own process as an operator launches it, all
    started at once (steps wait in Redis for a worker); the workers' names once the runs have ended."""
    workers, commands = celery_workers(folder)
    runs = [([str(BIN / "dagster"), "job", "execute", "-m", "pipelines.register_partitions", "-j", "register_monthly_celery",
              "--tags", json.dumps({"dagster/partition": rp.partition_key(COUNTRY, f"{m}-01")})],
             folder / f"run-{m}.log", lambda: True) for m in MONTHS]
    env = env | {"PATH": f"{BIN}{os.pathsep}{env['PATH']}"}  # dagster-celery starts `celery` from PATH
    with started_all(commands + runs, env) as processes:
        for run in processes[len(commands):]:
            run.wait(timeout=600)
    return workers


def step_workers(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    """The celery workers that reported executing a step of the run."""
    return [str(e.dagster_event.engine_event_data.metadata["Celery worker"].value)
            for e in instance.all_logs(run_id, of_type=dg.DagsterEventType.ENGINE_EVENT)
            if "Celery worker" in e.dagster_event.engine_event_data.metadata]


@pytest.mark.slow
@pytest.mark.scale
def test_celery_workers_write_each_month_to_s3_as_the_in_process_path_computes_it(tmp_path, monkeypatch):
    local = exchange_parquet(tmp_path / "register")
    expected = in_process(local)
    home = tmp_path / "dagster_home"
    home.mkdir()
    with ExitStack() as services:
        endpoint = services.enter_context(moto_s3(tmp_path))
        broker = services.enter_context(redis_server(tmp_path))
        url = services.enter_context(postgres_server())
        env = environment(endpoint, broker, home)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        (home / "dagster.yaml").write_text(f"storage:\n  postgres:\n    postgres_url: {url}\ntelemetry:\n  enabled: false\n")
        upload_register(local, endpoint)
        workers = runs_and_workers(tmp_path, dict(os.environ))
        instance = services.enter_context(dg.DagsterInstance.from_config(str(home)))
        runs = instance.get_runs()
        assert [r.status for r in runs] == [dg.DagsterRunStatus.SUCCESS] * len(MONTHS)
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        assert sorted(r.tags["dagster/partition"] for r in runs) == [rp.partition_key(COUNTRY, f"{m}-01") for m in MONTHS]
        # every step ran on one of our workers, and both workers took one (a busy worker takes no second)
        ran_on = [w for r in runs for w in step_workers(instance, r.run_id)]
        assert len(ran_on) == len(MONTHS) and set(ran_on) == set(workers)
        fs, base = object_store.s3(ROOT)
        objects = fs.get_file_info(pafs.FileSelector(f"{base}/register_indicators", recursive=True))
        assert sorted(o.path for o in objects if o.type == pafs.FileType.File) == [
            f"{base}/register_indicators/country={COUNTRY}/period={m}/data_0.parquet" for m in MONTHS]
        object_store.download(ROOT, "register_indicators", tmp_path / "from_s3")
    ours = months_read(tmp_path / "from_s3")
    assert sorted(ours) == sorted(expected) == list(MONTHS)
    for month in MONTHS:
        assert len(ours[month]) > 500 and (ours[month]["conf_status"] != "F").any()  # disclosure control took part
        pd.testing.assert_frame_equal(ours[month], expected[month])


@pytest.mark.slow
@pytest.mark.scale
def test_a_month_rerun_on_s3_replaces_its_one_object_whole(tmp_path, monkeypatch):
    local = exchange_parquet(tmp_path / "register")
    month, key = MONTHS[0], rp.partition_key(COUNTRY, f"{MONTHS[0]}-01")
    with moto_s3(tmp_path) as endpoint:
        for name, value in environment(endpoint, "redis://unused", tmp_path).items():
            monkeypatch.setenv(name, value)
        upload_register(local, endpoint)
        defs = rp.build_definitions(ROOT)
        fs, base = object_store.s3(ROOT)
        withheld = []
        for threshold in ("1", "20"):  # the rerun withholds more cells
            monkeypatch.setenv("LMO_MIN_CELL", threshold)
            assert dg.materialize(defs.assets, resources=defs.resources, partition_key=key).success
            objects = fs.get_file_info(pafs.FileSelector(f"{base}/register_indicators", recursive=True))
            assert [o.path for o in objects if o.type == pafs.FileType.File] == [
                f"{base}/register_indicators/country={COUNTRY}/period={month}/data_0.parquet"]
            object_store.download(ROOT, "register_indicators", tmp_path / f"from_s3_{threshold}")
            withheld.append((months_read(tmp_path / f"from_s3_{threshold}")[month]["conf_status"] != "F").sum())
    assert withheld[0] < withheld[1]
    monkeypatch.setenv("LMO_MIN_CELL", "20")
    pd.testing.assert_frame_equal(months_read(tmp_path / "from_s3_20")[month], in_process(local, [month])[month])
