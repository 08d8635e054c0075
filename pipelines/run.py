"""Materialize every asset in process, recording the run in the project's Dagster instance."""

import os
from pathlib import Path

import dagster as dg

from lmo import settings
from lmo.settings import LmoError
from pipelines.definitions import build_definitions


QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def instance_for(db: Path) -> dg.DagsterInstance:
    os.environ["DAGSTER_HOME"] = str(settings.dagster_home(db))
    return dg.DagsterInstance.get()


def run_all(db: Path, selection: str | None = None) -> dg.ExecuteInProcessResult:
    """Materialize all assets (and run their checks) on the warehouse `db`."""
    defs = build_definitions(db)
    with instance_for(db) as instance:
        result = dg.materialize(
            [*defs.assets, *defs.asset_checks], resources=defs.resources,
            instance=instance, selection=selection, raise_on_error=False, run_config=QUIET,
        )
    if not result.success:
        failure = next((e for e in result.all_events if e.is_step_failure), None)
        detail = failure.step_failure_data.error.message.strip() if failure else "see the Dagster UI"
        raise LmoError(f"pipeline run failed: {detail}")
    return result


def failed_checks(result: dg.ExecuteInProcessResult) -> dict[str, list[str]]:
    """The checks that did not pass, by severity ('error', 'warning'), one line each with its count:
    'outliers on check_results: 14 failures (ilostat_une_deap_sex_age_rt, seco_bulletin)'."""
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
