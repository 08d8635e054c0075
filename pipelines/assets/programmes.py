"""Programme assets: monitoring aggregates into core, impact estimates into mart, from the register."""

import dagster as dg

from indicators.evaluation.register import bootstrap_reps, refresh_effects
from indicators.programmes import refresh, shipped_targets
from pipelines.assets.core import core_assets
from pipelines.resources import Warehouse

CORE_KEYS = [asset.key for asset in core_assets]


@dg.asset(group_name="core", kinds={"duckdb"}, deps=CORE_KEYS,
          description="Programme monitoring aggregates from the register (core.observations) and targets")
def programme_monitoring(warehouse: Warehouse) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        counts = refresh(con, shipped_targets())
    return dg.MaterializeResult(metadata=counts)


@dg.asset(group_name="mart", kinds={"duckdb"}, deps=CORE_KEYS,
          description="Effect on the treated of each register programme by matching, IPW and doubly robust"
                      " estimation, with balance and overlap (mart.programme_effects/_balance/_overlap)")
def programme_effects(warehouse: Warehouse) -> dg.MaterializeResult:
    reps = bootstrap_reps()
    with warehouse.connect() as con:
        counts = refresh_effects(con, reps=reps)
    return dg.MaterializeResult(metadata=counts | {"bootstrap_reps": reps})
