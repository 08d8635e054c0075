"""Asset checks on the SECO bulletin."""

import dagster as dg

from indicators.quality import canton_sum_mismatches
from pipelines.resources import Warehouse


@dg.asset_check(asset="seco_bulletin", description="The 26 cantons sum to the national total every month")
def cantons_sum_to_national(warehouse: Warehouse) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        bad = canton_sum_mismatches(con, "seco_bulletin", "registered_unemployed")
    return dg.AssetCheckResult(passed=not bad, metadata={"failures": len(bad),
                                                         "mismatched_months": [b["period"] for b in bad]})
