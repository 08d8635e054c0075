"""Materialize assets in process, recording each run in the project's Dagster instance (its UI shows them)."""

import os
import re
from pathlib import Path

import dagster as dg

from kernel import settings
from kernel.locks import one_writer
from kernel.settings import LmoError, storage_failed
from pipelines.automation import upload_config
from pipelines.definitions import build_definitions

# Failures are reported by `lmo` itself (one line each); the run history keeps every event.
QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
# Errors of a failed write in a step (a full disk): DuckDB's, SQLite's or the operating system's.
STORAGE_ERRORS = {"IOException", "OperationalError", "OSError"}
# `lmo run` loads the embedded data: the assets of a user's file are the ingest job's
WITHOUT_UPLOAD = dg.AssetSelection.all() - dg.AssetSelection.assets("upload", "uploaded_file")


def instance_for(db: Path) -> dg.DagsterInstance:
    """The instance of the warehouse's folder; processes starting together create its storage one at a time."""
    home = settings.dagster_home(db)
    os.environ["DAGSTER_HOME"] = str(home)
    with one_writer(home / ".instance.lock"):
        return dg.DagsterInstance.get()


def run_all(db: Path, selection: str | None = None) -> dg.ExecuteInProcessResult:
    """Materialize every asset (and run its checks) on the warehouse `db`, the upload assets aside."""
    defs = build_definitions(db)
    with instance_for(db) as instance:
        result = dg.materialize(
            [*defs.assets, *defs.asset_checks], resources=defs.resources, instance=instance,
            selection=selection or WITHOUT_UPLOAD, raise_on_error=False, run_config=QUIET)
    raise_step_failure(result)
    return result


def run_ingest(db: Path, kind: str, path: Path, vintage: str | None = None) -> dg.ExecuteInProcessResult:
    """The ingest job, as the inbox sensor runs it: keep the file, load it, recompute and publish downstream."""
    defs = build_definitions(db)
    job = defs.resolve_job_def("ingest")
    with instance_for(db) as instance:
        result = job.execute_in_process(run_config=upload_config(kind, str(path), vintage) | QUIET,
                                        instance=instance, raise_on_error=False)
    raise_step_failure(result)
    return result


def raise_step_failure(result) -> None:
    """A step that failed (not a check that held the publication back) stops with its own message."""
    failure = next((e for e in result.all_events if e.is_step_failure and not check_failure(e)), None)
    if failure:
        error = failure.step_failure_data.error
        cause = error.cause or error
        message = re.sub(r"^[\w.]+(Error|Exception|Failed|Rejected): ", "", cause.message.strip())
        raise LmoError(storage_failed(message.splitlines()[0]) if cause.cls_name in STORAGE_ERRORS else message)


def check_failure(event) -> bool:
    error = event.step_failure_data.error
    return "DagsterAssetCheckFailedError" in (error.cls_name or "") or "AssetCheckFailed" in error.message


def materialized(result, key: str) -> dict:
    """The metadata of an asset's materialization in this run (empty if it did not materialize)."""
    for event in result.get_asset_materialization_events():
        if event.asset_key.to_user_string() == key:
            return {k: v.value for k, v in event.materialization.metadata.items()}
    return {}


def failed_checks(result) -> dict[str, list[str]]:
    """The checks that did not pass, by severity ('error', 'warning'), one line each with its count:
    'outliers on observations: 14 failures (ilostat_une_deap_sex_age_rt, seco_bulletin)'."""
    found = {"error": [], "warning": []}
    for check in result.get_asset_check_evaluations():
        if check.passed:
            continue
        line = f"{check.check_name} on {check.asset_key.to_user_string()}"
        if "failures" in check.metadata:
            line += f": {check.metadata['failures'].value} failures"
        if "failures_by_dataset" in check.metadata:
            line += f" ({', '.join(sorted(check.metadata['failures_by_dataset'].value))})"
        found["warning" if check.severity == dg.AssetCheckSeverity.WARN else "error"].append(line)
    return found
