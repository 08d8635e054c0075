"""Automation: a sensor ingesting files dropped in the inbox, a monthly partitioned fetch of network sources."""

from pathlib import Path

import dagster as dg

from lmo.settings import inbox_dir
from pipelines import fetch
from pipelines.ingest import ingest_and_publish, kinds
from pipelines.resources import Warehouse
from pipelines.warehouse import sha256_of


class InboxFile(dg.Config):
    kind: str
    path: str


@dg.op(description="Load one file from the inbox, recompute indicators, publish")
def ingest_inbox_file(context: dg.OpExecutionContext, config: InboxFile, warehouse: Warehouse) -> None:
    result = ingest_and_publish(Path(warehouse.path), config.kind, Path(config.path))
    context.log.info(f"{config.path}: " + ("already loaded" if result.unchanged else
                     f"{result.rows} rows, datasets {result.datasets}, vintage {result.vintage}"))
    for line in result.skipped_lines():
        context.log.info(f"{config.path}: {line}")


@dg.job(description="Ingest a file dropped in the inbox (started by inbox_sensor)")
def inbox_job():
    ingest_inbox_file()


def inbox_files(inbox: Path) -> list[Path]:
    """inbox/<kind>/<file>, ignoring hidden and partial files and the fetcher's .http.json notes."""
    if not inbox.is_dir():
        return []
    return sorted(p for p in inbox.glob("*/*") if p.is_file() and not p.name.startswith(".")
                  and not p.name.endswith(".http.json"))


@dg.sensor(job=inbox_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def inbox_sensor(context: dg.SensorEvaluationContext, warehouse: Warehouse):
    """One run per new file content: the run key holds the sha256, so a file is ingested once."""
    for path in inbox_files(inbox_dir(Path(warehouse.path))):
        kind = path.parent.name
        if kind not in kinds():
            context.log.warning(f"{path}: folder {kind!r} is not a known kind; `lmo ingest --list` shows them")
            continue
        yield dg.RunRequest(run_key=f"{kind}/{path.name}/{sha256_of(path)}", tags={"kind": kind},
                            run_config=dg.RunConfig(ops={"ingest_inbox_file": InboxFile(kind=kind, path=str(path))}))


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

jobs = [inbox_job, fetch_job]
schedules = [monthly_refresh]
sensors = [inbox_sensor]
