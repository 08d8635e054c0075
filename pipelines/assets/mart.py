"""Mart layer: indicator values recomputed where core changed, and programme effects from the register."""

import dagster as dg

from indicators.engine import refresh_mart, sa_left_out
from indicators.quality import plausibility, store_results
from pipelines import pending
from pipelines.assets.core import observations
from pipelines.fingerprint import fingerprint
from pipelines.resources import Warehouse


@dg.asset(group_name="mart", kinds={"duckdb"}, deps=[observations],
          description="Every catalogue indicator with its changes and shares (mart.indicator_values), "
                      "recomputed for the datasets changed since the last publication")
def indicator_values(warehouse: Warehouse) -> dg.MaterializeResult:
    code = fingerprint()
    with warehouse.connect() as con:
        changed = pending.pending(con)
        whole = pending.state(con, "engine") != code
        rows = refresh_mart(con, None if whole else changed)
        left_out = sa_left_out(con)
        store_results(con, plausibility(con))
        if changed:
            pending.set_state(con, "mart_upto", max(changed.values()).isoformat(sep=" "))
        pending.set_state(con, "engine", code)
    return dg.MaterializeResult(metadata={"recomputed": "all" if whole else sorted(changed), "rows": rows,
                                          "seasonal adjustment left out": left_out})


@dg.asset(group_name="mart", kinds={"duckdb"}, deps=[observations],
          description="Effect on the treated of each register programme by matching, IPW and doubly robust"
                      " estimation, with balance and overlap (mart.programme_effects/_balance/_overlap)")
def programme_effects(warehouse: Warehouse) -> dg.MaterializeResult:
    tables = ("core.register_spells", "core.register_programmes")
    with warehouse.connect() as con:
        if not pending.register_pending(con, tables) and pending.state(con, "effects") == fingerprint():
            return dg.MaterializeResult(metadata={"recomputed": False})
        # statsmodels, scikit-learn and SciPy take seconds to import: only a recomputation needs them
        from indicators.evaluation.register import bootstrap_reps, refresh_effects

        reps = bootstrap_reps()
        counts = refresh_effects(con, reps=reps)
        pending.set_state(con, "effects", fingerprint())
    return dg.MaterializeResult(metadata=counts | {"bootstrap_reps": reps, "recomputed": True})
