"""Automation: the ingest job (what `lmo ingest` runs), a sensor running it on files dropped in the inbox,
a monthly partitioned fetch of network sources."""

from pathlib import Path

import dagster as dg

from kernel.settings import inbox_dir
from pipelines import fetch
from pipelines.assets.raw import upload
from pipelines.ingest import kinds
from pipelines.resources import Warehouse
from pipelines.warehouse import sha256_of

# Every load, by `lmo ingest` or from the inbox, is this job: the file kept raw, then every asset downstream.
ingest_job = dg.define_asset_job(
    "ingest", selection=dg.AssetSelection.assets(upload).downstream(),
    description="Load one file (raw → core), then recompute and publish what depends on it")


def upload_config(kind: str, path: str, vintage: str | None = None) -> dict:
    return {"ops": {"upload": {"config": {"kind": kind, "path": str(path), "vintage": vintage or ""}}}}


def inbox_files(inbox: Path) -> list[Path]:
    """inbox/<kind>/<file>, ignoring hidden and partial files and the fetcher's .http.json notes."""
    if not inbox.is_dir():
        return []
    return sorted(p for p in inbox.glob("*/*") if p.is_file() and not p.name.startswith(".")
                  and not p.name.endswith(".http.json"))


@dg.sensor(job=ingest_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def inbox_sensor(context: dg.SensorEvaluationContext, warehouse: Warehouse):
    """One run per new file content: the run key holds the sha256, so a file is ingested once."""
    for path in inbox_files(inbox_dir(Path(warehouse.path))):
        kind = path.parent.name
        if kind not in kinds():
            context.log.warning(f"{path}: folder {kind!r} is not a known kind; `lmo ingest --list` shows them")
            continue
        yield dg.RunRequest(run_key=f"{kind}/{path.name}/{sha256_of(path)}", tags={"kind": kind},
                            run_config=upload_config(kind, str(path)))


monthly = dg.MonthlyPartitionsDefinition(start_date="2025-01-01", end_offset=1)


@dg.op(description="Fetch every network source of fetch.yaml into the inbox; offline, data/ stays in use")
def fetch_sources(context: dg.OpExecutionContext, warehouse: Warehouse) -> None:
    inbox = inbox_dir(Path(warehouse.path))
    failed = []
    for name, spec in fetch.config()["sources"].items():
        try:
            done = fetch.fetch(name, inbox / spec["kind"])
            context.log.info(f"{context.partition_key[:7]} {name}: {done.status}")
        except fetch.FetchError as error:
            failed.append(name)
            context.log.warning(str(error))
    context.log.info(f"fetched {len(fetch.config()['sources']) - len(failed)} sources, failed: {failed or 'none'}")


@dg.job(partitions_def=monthly, description="Monthly refresh of the periodic network sources")
def fetch_job():
    fetch_sources()


# SECO publishes the monthly figures in the first working days of the next month.
monthly_refresh = dg.build_schedule_from_partitioned_job(fetch_job, day_of_month=8, hour_of_day=7,
                                                       default_status=dg.DefaultScheduleStatus.RUNNING)

jobs = [ingest_job, fetch_job]
schedules = [monthly_refresh]
sensors = [inbox_sensor]
