"""Impact evaluation: average effect on the treated by matching, IPW, doubly robust or DiD."""

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from indicators.evaluation.design import Design, EvaluationError, prepare
from indicators.evaluation.diagnostics import balance, overlap
from indicators.evaluation.estimators import POINT_ESTIMATORS, common_support, did, propensity

METHODS = ("psm", "ipw", "dr", "did")
__all__ = ["METHODS", "EvaluationError", "Result", "evaluate", "estimate"]


@dataclass
class Result:
    method: str
    att: float
    ci_low: float
    ci_high: float
    se: float
    ci_method: str
    naive_difference: float
    n_treated: int
    n_control: int
    n_on_support: int
    n_treated_on_support: int
    n_control_on_support: int
    n_off_support: int
    n_treated_used: int
    balance: list[dict] = field(default_factory=list)
    overlap: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def _point(method, design: Design, options: dict):
    x = design.covariates.to_numpy(dtype=float)
    score = propensity(x, design.treated)
    support = common_support(score, design.treated)
    fit = POINT_ESTIMATORS[method](design.outcome, design.treated, score, support, x=x, **options)
    return fit, score, support


def _bootstrap(method, design: Design, options: dict, reps: int, seed: int) -> np.ndarray:
    """Re-estimate on resamples drawn within the treated and the control group."""
    rng = np.random.default_rng(seed)
    t_idx, c_idx = np.flatnonzero(design.treated), np.flatnonzero(~design.treated)
    draws = []
    for _ in range(reps):
        idx = np.concatenate([rng.choice(t_idx, len(t_idx)), rng.choice(c_idx, len(c_idx))])
        sample = Design(design.treated[idx], design.outcome[idx], design.covariates.iloc[idx])
        draws.append(_point(method, sample, options)[0].att)
    draws = np.asarray(draws)
    return draws[np.isfinite(draws)]


def estimate(design: Design, method: str = "dr", reps: int = 200, seed: int = 0,
             level: float = 0.95, **options) -> Result:
    """The ATT with its interval and diagnostics for an already prepared design."""
    if method not in METHODS:
        raise EvaluationError(f"unknown method {method!r}: choose one of {', '.join(METHODS)}")
    treated, y = design.treated, design.outcome
    x = design.covariates.to_numpy(dtype=float)
    naive = float(y[treated].mean() - y[~treated].mean())
    alpha = 1 - level
    if method == "did":
        if design.baseline is None:
            raise EvaluationError("method did needs the outcome before the programme (--baseline COL)")
        score = propensity(x, treated)
        support = np.ones(len(y), dtype=bool)
        att, se = did(y - design.baseline, treated, x)
        z = stats.norm.ppf(1 - alpha / 2)
        low, high, ci_method, tw, cw = att - z * se, att + z * se, "analytic (HC1)", None, None
        used = int(treated.sum())
    else:
        fit, score, support = _point(method, design, options)
        att, tw, cw = fit.att, fit.treated_weights, fit.control_weights
        draws = _bootstrap(method, design, options, reps, seed)
        low, high = np.quantile(draws, [alpha / 2, 1 - alpha / 2])
        se, ci_method = float(draws.std(ddof=1)), f"bootstrap percentile ({len(draws)} reps, seed {seed})"
        used = int((tw > 0).sum())
    return Result(
        method=method, att=float(att), ci_low=float(low), ci_high=float(high), se=float(se),
        ci_method=ci_method, naive_difference=naive,
        n_treated=int(treated.sum()), n_control=int((~treated).sum()),
        n_on_support=int(support.sum()), n_treated_on_support=int((support & treated).sum()),
        n_control_on_support=int((support & ~treated).sum()), n_off_support=int((~support).sum()),
        n_treated_used=used,
        balance=balance(design.covariates, treated, tw, cw), overlap=overlap(score, treated),
    )


def evaluate(frame: pd.DataFrame, treatment: str, outcome: str, covariates: list[str],
             method: str = "dr", baseline: str | None = None, **options) -> Result:
    """The ATT of `treatment` on `outcome`, adjusting for `covariates`, from a plain table."""
    return estimate(prepare(frame, treatment, outcome, covariates, baseline), method, **options)
