"""Register indicators: aggregates of core.register_* tables into core.observations (indicators/register.py)."""

import dagster as dg

from indicators.register import refresh
from pipelines.assets.core import core_assets
from pipelines.resources import Warehouse


@dg.asset(group_name="core", kinds={"duckdb"}, deps=[asset.key for asset in core_assets],
          description="Register microdata aggregated per geo × month × sex × age, small cells suppressed")
def register_indicators(warehouse: Warehouse) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        rows = refresh(con)
    return dg.MaterializeResult(metadata={"rows": rows})
