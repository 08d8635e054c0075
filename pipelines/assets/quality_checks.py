"""Data-quality checks across datasets: results stored in mart.check_results and reported as Dagster asset checks."""

import json

import dagster as dg

from indicators.quality import checks, latest_results, run_checks, store_results
from pipelines.assets.core import core_assets
from pipelines.assets.register_indicators import register_indicators
from pipelines.resources import Warehouse

SEVERITY = {"error": dg.AssetCheckSeverity.ERROR, "warning": dg.AssetCheckSeverity.WARN}


@dg.asset(group_name="mart", kinds={"duckdb"}, deps=[*(asset.key for asset in core_assets), register_indicators.key],
          description="Every data-quality check on every dataset (mart.check_results, newest run last)")
def check_results(warehouse: Warehouse) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        results = run_checks(con)
        store_results(con, results)
    failed = sorted({f"{r['check_name']} on {r['dataset']}" for r in results if not r["passed"]})
    return dg.MaterializeResult(metadata={"results": len(results), "not_passed": failed})


@dg.multi_asset_check(
    specs=[dg.AssetCheckSpec(spec["name"], asset=check_results, description=spec["description"])
           for spec in checks()],
    can_subset=False,
)
def data_quality(warehouse: Warehouse):
    """One Dagster check per declared check, from the results just stored."""
    with warehouse.connect() as con:
        latest = latest_results(con)
    for spec in checks():
        rows = [r for r in latest if r["check_name"] == spec["name"]]
        failing = {r["dataset"]: r["failures"] for r in rows if not r["passed"]}
        first = next((json.loads(r["details"])[:3] for r in rows if not r["passed"]), [])
        yield dg.AssetCheckResult(check_name=spec["name"], asset_key=check_results.key, passed=not failing,
                                  severity=SEVERITY[spec["severity"]],
                                  metadata={"failures": sum(failing.values()), "failures_by_dataset": failing,
                                            "examples": json.dumps(first, default=str)})
