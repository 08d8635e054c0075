"""Mart and published layers: indicator values from core, then a read-only copy for readers."""

from pathlib import Path

import dagster as dg

from indicators.engine import refresh_mart
from pipelines import warehouse as wh
from pipelines.assets.core import core_assets
from pipelines.assets.programmes import programme_effects, programme_monitoring
from pipelines.assets.register_indicators import register_indicators
from pipelines.resources import Warehouse

CORE_KEYS = [asset.key for asset in core_assets] + [register_indicators.key, programme_monitoring.key]


@dg.asset(group_name="mart", kinds={"duckdb"}, deps=CORE_KEYS,
          description="Every catalogue indicator with its changes and shares (mart.indicator_values)")
def indicator_values(warehouse: Warehouse) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        rows = refresh_mart(con, with_register=False)
    return dg.MaterializeResult(metadata={"rows": rows})


@dg.asset(group_name="published", deps=[indicator_values, programme_effects, "check_results"],
          description="Read-only copy of the warehouse swapped in whole for the dashboard")
def published_warehouse(warehouse: Warehouse) -> dg.MaterializeResult:
    target = wh.publish(Path(warehouse.path))
    return dg.MaterializeResult(metadata={"path": str(target)})
