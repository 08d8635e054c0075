"""Evaluate each register programme: participants' spells against spells with no programme."""

import os

import numpy as np
import pandas as pd

from indicators.evaluation import estimate_many
from indicators.evaluation.design import Design, covariate_matrix
from kernel.duck import transaction

OUTCOMES = ("employed_6m", "employed_12m", "earnings_12m", "days_unemployed_12m")
COVARIATES = ("age", "age_group", "sex", "citizenship", "education", "prior_unemployment_days",
              "log_prior_earnings", "geo")
MIN_TREATED = 30  # participants with every outcome observed; fewer gives no usable interval
# A programme is evaluated on a random sample of its spells when the register is large, as register evaluations do
# (all participants up to MAX_TREATED, non-participants up to MAX_SPELLS in all). Drawing within each group leaves
# the effect on the treated unbiased: only the intervals widen, and they say so.
MAX_TREATED, MAX_SPELLS = 3_000, 15_000
EFFECT_COLUMNS = ["programme", "outcome", "method", "att", "ci_low", "ci_high", "se", "naive_difference",
                  "n_treated", "n_control", "n_on_support", "n_off_support", "n_treated_used", "ci_method", "dataset",
                  "trim", "n_treated_off_support", "n_control_off_support", "n_treated_extreme", "n_control_extreme",
                  "share_extreme", "ess_control", "ess_control_share", "e_value", "e_value_ci", "e_value_scale",
                  "warnings"]
DIAGNOSTIC_COLUMNS = EFFECT_COLUMNS[16:23]  # "warnings": one line per threshold crossed, newline-separated
BALANCE_COLUMNS = ["programme", "dataset", "method", "covariate", "mean_treated", "mean_control", "smd_before",
                   "mean_treated_after", "mean_control_after", "smd_after"]
OVERLAP_COLUMNS = ["programme", "dataset", "group", "bin_low", "bin_high", "count", "trim", "support_low", "support_high"]

SPELLS_SQL = """
WITH spells AS (
    SELECT * FROM core.register_spells QUALIFY vintage = max(vintage) OVER (PARTITION BY dataset, geo)
), parts AS (
    SELECT dataset, spell_id, arg_min(programme, start_date) AS programme
    FROM (SELECT * FROM core.register_programmes QUALIFY vintage = max(vintage) OVER (PARTITION BY dataset, geo))
    GROUP BY ALL
)
SELECT s.*, p.programme,
       date_sub('year', s.birth_date, s.registration_date) AS age  -- completed years, as age groups need
FROM spells s LEFT JOIN parts p USING (dataset, spell_id)
ORDER BY dataset, length(spell_id), spell_id  -- the register's order (S1, S2, …): samples and bootstrap draws
                                              -- then do not depend on how a parallel scan returned the rows
"""


def spell_table(con) -> pd.DataFrame:
    """One row per spell with its first programme (null: none) and the evaluation covariates."""
    frame = con.execute(SPELLS_SQL).df()
    frame["age_group"] = pd.cut(frame["age"], [-1, 24, 49, 200], labels=["Y15-24", "Y25-49", "Y_GE50"]).astype(str)
    frame["log_prior_earnings"] = np.log1p(frame["prior_earnings"].astype(float))
    for column in ("employed_6m", "employed_12m"):
        frame[column] = frame[column].astype("float")
    return frame


def programme_sample(spells: pd.DataFrame, programme: str, max_treated: int = MAX_TREATED,
                     max_spells: int = MAX_SPELLS, seed: int = 0) -> pd.DataFrame:
    """Spells of the programme's participants (treat = 1) and spells without any programme, same register; a
    random sample of each group (fixed seed) where they exceed the caps."""
    dataset = spells.loc[spells["programme"] == programme, "dataset"].iloc[0]
    rows = spells[(spells["dataset"] == dataset) & (spells["programme"].isna() | (spells["programme"] == programme))]
    treated = rows[rows["programme"] == programme]
    treated = treated.sample(max_treated, random_state=seed) if len(treated) > max_treated else treated
    control = rows[rows["programme"].isna()]
    room = max(max_spells - len(treated), 0)
    control = control.sample(room, random_state=seed) if len(control) > room else control
    return pd.concat([treated, control]).sort_index().assign(treat=lambda r: (r["programme"] == programme).astype(int))


def evaluate_programme(sample: pd.DataFrame, methods=("psm", "ipw", "dr"), outcomes=OUTCOMES,
                       reps: int = 100, seed: int = 0, trim: str = "minmax") -> dict:
    """{(method, outcome): Result} on the spells whose every outcome is observed."""
    covariates = [c for c in COVARIATES if sample[c].nunique(dropna=True) > 1]
    rows = sample.dropna(subset=[*outcomes, *covariates]).reset_index(drop=True)
    design = Design(treated=rows["treat"].to_numpy() == 1, outcome=rows[outcomes[0]].to_numpy(float),
                    covariates=covariate_matrix(rows, covariates))
    ys = {name: rows[name].to_numpy(dtype=float) for name in outcomes}
    return estimate_many(design, ys, methods, reps=reps, seed=seed, trim=trim)


def effect_row(programme: str, outcome: str, method: str, r, dataset: str) -> dict:
    """One row of mart.programme_effects: the estimate, its interval, overlap diagnostics and E-values."""
    return ({"programme": programme, "outcome": outcome, "method": method}
            | {k: getattr(r, k) for k in ("att", "ci_low", "ci_high", "se", "naive_difference", "n_treated", "n_control",
                                          "n_on_support", "n_off_support", "n_treated_used", "ci_method", "trim",
                                          "e_value", "e_value_ci", "e_value_scale")}
            | {"dataset": dataset, "warnings": "\n".join(r.warnings)}
            | {k: r.overlap_diagnostics[k] for k in DIAGNOSTIC_COLUMNS})


def evaluate_register(spells: pd.DataFrame, reps: int = 100, seed: int = 0, trim: str = "minmax") -> tuple[list, list, list]:
    """Effects, balance and overlap rows for every programme with at least MIN_TREATED participants."""
    effects, balance, overlap = [], [], []
    evaluable = spells.dropna(subset=list(OUTCOMES))
    counts = evaluable["programme"].value_counts()
    for programme in sorted(counts[counts >= MIN_TREATED].index):
        sample = programme_sample(spells, programme)
        dataset = sample["dataset"].iloc[0]  # its realm: a real and a demo programme of one code never mix
        for (method, outcome), r in evaluate_programme(sample, reps=reps, seed=seed, trim=trim).items():
            effects.append(effect_row(programme, outcome, method, r, dataset))
            if outcome == OUTCOMES[0]:
                balance += [{"programme": programme, "dataset": dataset, "method": method} | row for row in r.balance]
                if method == "dr":
                    support = {k: r.overlap_diagnostics[k] for k in ("trim", "support_low", "support_high")}
                    overlap += [{"programme": programme, "dataset": dataset} | row | support for row in r.overlap]
    return effects, balance, overlap


def bootstrap_reps() -> int:
    """Bootstrap draws of the register evaluation: $LMO_EVAL_REPS (fewer for quick runs); the default
    100 keeps the interval ends stable to about 0.01."""
    return int(os.environ.get("LMO_EVAL_REPS", "100"))


def trim_rule() -> str:
    """Common-support rule of the register evaluation: $LMO_EVAL_TRIM, minmax (default) or crump."""
    return os.environ.get("LMO_EVAL_TRIM", "minmax")


def refresh_effects(con, reps: int = 100, seed: int = 0) -> dict:
    """Evaluate every register programme into mart.programme_effects, _balance and _overlap."""
    has = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'core'"
                      " AND table_name = 'register_programmes'").fetchall()[0][0]
    effects, balance, overlap = evaluate_register(spell_table(con), reps, seed, trim_rule()) if has else ([], [], [])
    tables = {"mart.programme_effects": (effects, EFFECT_COLUMNS), "mart.programme_balance": (balance, BALANCE_COLUMNS),
              "mart.programme_overlap": (overlap, OVERLAP_COLUMNS)}
    with transaction(con):
        for table, (rows, columns) in tables.items():
            con.register("effects_df", pd.DataFrame(rows, columns=columns))
            con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM effects_df")  # fixed names only
            con.unregister("effects_df")
    return {"effects": len(effects), "programmes": len({e["programme"] for e in effects})}
