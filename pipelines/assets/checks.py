"""The gate: every declared check as a Dagster asset check; those of severity error block what follows."""

import json
from pathlib import Path

import dagster as dg

from indicators.quality import checks, latest_results, run_checks, store_results
from pipelines import publication
from pipelines.assets.core import observations
from pipelines.assets.mart import indicator_values
from pipelines.resources import Warehouse

SEVERITY = {"error": dg.AssetCheckSeverity.ERROR, "warning": dg.AssetCheckSeverity.WARN}
PLAUSIBLE = {"name": "plausible_values", "severity": "error",
             "description": "published values within their range, parts not above wholes, counts not negative"}


def results_of(specs: list[dict], asset: dg.AssetKey, latest: list[dict], db: Path):
    """One check result per spec from the stored rows; a failed error check holds the publication back."""
    held = []
    for spec in specs:
        rows = [r for r in latest if r["check_name"] == spec["name"]]
        failing = {r["dataset"]: r["failures"] for r in rows if not r["passed"]}
        first = next((json.loads(r["details"])[:3] for r in rows if not r["passed"]), [])
        if failing and spec["severity"] == "error":
            held.append(spec["name"])
        yield dg.AssetCheckResult(check_name=spec["name"], asset_key=asset, passed=not failing,
                                  severity=SEVERITY[spec["severity"]],
                                  metadata={"failures": sum(failing.values()), "failures_by_dataset": failing,
                                            "examples": json.dumps(first, default=str)})
    if held:
        publication.hold_back(db, held)


def spec_of(check: dict, asset) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(check["name"], asset=asset, description=check["description"],
                             blocking=check["severity"] == "error")


@dg.multi_asset_check(specs=[spec_of(c, observations) for c in checks()], can_subset=False)
def core_checks(warehouse: Warehouse):
    """Every check of indicators/checks.yaml on core.observations, results kept in mart.check_results."""
    with warehouse.connect() as con:
        store_results(con, run_checks(con))
        latest = latest_results(con)
    yield from results_of(checks(), observations.key, latest, Path(warehouse.path))


@dg.asset_check(asset=indicator_values, name=PLAUSIBLE["name"], description=PLAUSIBLE["description"], blocking=True)
def plausible_values(warehouse: Warehouse) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        latest = latest_results(con)
    [result] = results_of([PLAUSIBLE], indicator_values.key, latest, Path(warehouse.path))
    return result
