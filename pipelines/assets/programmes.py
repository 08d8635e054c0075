"""Programme assets: monitoring aggregates into core, impact estimates into mart, from the register."""

import os

import dagster as dg

from indicators.evaluation.register import refresh_effects
from indicators.programmes import read_targets, refresh
from lmo.settings import DATA_DIR
from pipelines.assets.core import core_assets
from pipelines.resources import Warehouse

CORE_KEYS = [asset.key for asset in core_assets]


@dg.asset(group_name="core", kinds={"duckdb"}, deps=CORE_KEYS,
          description="Programme monitoring aggregates from the register (core.observations) and targets")
def programme_monitoring(warehouse: Warehouse) -> dg.MaterializeResult:
    targets = read_targets(sorted((DATA_DIR / "targets").glob("*.csv")))
    with warehouse.connect() as con:
        counts = refresh(con, targets)
    return dg.MaterializeResult(metadata=counts)


@dg.asset(group_name="mart", kinds={"duckdb"}, deps=CORE_KEYS,
          description="Effect on the treated of each register programme by matching, IPW and doubly robust"
                      " estimation, with balance and overlap (mart.programme_effects/_balance/_overlap)")
def programme_effects(warehouse: Warehouse) -> dg.MaterializeResult:
    # LMO_EVAL_REPS: fewer bootstrap draws for quick runs; 100 keeps the interval ends stable to ~0.01.
    reps = int(os.environ.get("LMO_EVAL_REPS", "100"))
    with warehouse.connect() as con:
        counts = refresh_effects(con, reps=reps)
    return dg.MaterializeResult(metadata=counts | {"bootstrap_reps": reps})
