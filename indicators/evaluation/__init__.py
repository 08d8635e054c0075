"""Impact evaluation: average effect on the treated by matching, IPW, doubly robust or DiD."""

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
from scipy import stats
from sklearn import config_context
from threadpoolctl import threadpool_limits

from indicators.evaluation import variance
from indicators.evaluation.design import Design, EvaluationError, prepare
from indicators.evaluation.diagnostics import balance, overlap
from indicators.evaluation.estimators import POINT_ESTIMATORS, control_fits, did, propensity
from indicators.evaluation.sensitivity import e_values
from indicators.evaluation.support import TRIM_RULES, common_support, diagnostics, warnings

METHODS = ("psm", "ipw", "dr", "did")
ANALYTIC = {"psm"}  # estimators with their own variance: no bootstrap (invalid for matching)
__all__ = ["METHODS", "TRIM_RULES", "EvaluationError", "Result", "evaluate", "estimate", "estimate_many"]


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
    trim: str = "minmax"
    e_value: float | None = None  # VanderWeele-Ding: confounding (risk ratio) that explains the estimate away
    e_value_ci: float | None = None  # ... that moves the interval's nearer end to no effect
    e_value_scale: str = ""
    overlap_diagnostics: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    balance: list[dict] = field(default_factory=list)
    overlap: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def _fit(x, treated, outcomes: dict, methods, options, trim="minmax") -> tuple[dict, np.ndarray, np.ndarray]:
    """Every (method, outcome) estimate on one propensity fit."""
    score = propensity(x, treated)
    support = common_support(score, treated, trim)
    if not (support & treated).any() or not (support & ~treated).any():
        raise EvaluationError(f"no treated or no control unit left on common support ({trim} rule)")
    m0 = control_fits(x, outcomes, ~treated & support)  # one outcome model per outcome, shared by the methods
    fits = {(m, name): POINT_ESTIMATORS[m](y, treated, score, support, x=x, m0=m0[name], **options)
            for m in methods for name, y in outcomes.items()}
    return fits, score, support


def _bootstrap(x, treated, outcomes, methods, options, reps, seed, trim) -> dict:
    """Re-estimate on resamples drawn within the treated and the control group."""
    rng = np.random.default_rng(seed)
    t_idx, c_idx = np.flatnonzero(treated), np.flatnonzero(~treated)
    draws = {}
    for _ in range(reps if methods else 0):
        idx = np.concatenate([rng.choice(t_idx, len(t_idx)), rng.choice(c_idx, len(c_idx))])
        try:
            fits, _, _ = _fit(x[idx], treated[idx], {k: y[idx] for k, y in outcomes.items()}, methods, options, trim)
        except EvaluationError:  # a resample with no overlap left: no draw
            continue
        for key, fit in fits.items():
            draws.setdefault(key, []).append(fit.att)
    return {key: np.asarray(v)[np.isfinite(v)] for key, v in draws.items()}


def _did(design: Design, level: float) -> Result:
    if design.baseline is None:
        raise EvaluationError("method did needs the outcome before the programme (--baseline COL)")
    x, treated = design.covariates.to_numpy(dtype=float), design.treated
    att, se = did(design.outcome - design.baseline, treated, x)
    z = stats.norm.ppf(1 - (1 - level) / 2)
    support = np.ones(len(treated), dtype=bool)
    return _result("did", design, design.outcome, att, att - z * se, att + z * se, se, "analytic (HC1)",
                   propensity(x, treated), support, None, None, "none")


def _result(method, design, y, att, low, high, se, ci_method, score, support, tw, cw, trim) -> Result:
    treated = design.treated
    found = diagnostics(score, treated, support, trim, cw)
    return Result(
        method=method, att=float(att), ci_low=float(low), ci_high=float(high), se=float(se),
        ci_method=ci_method, naive_difference=float(y[treated].mean() - y[~treated].mean()),
        n_treated=int(treated.sum()), n_control=int((~treated).sum()),
        n_on_support=int(support.sum()), n_treated_on_support=int((support & treated).sum()),
        n_control_on_support=int((support & ~treated).sum()), n_off_support=int((~support).sum()),
        n_treated_used=int(treated.sum() if tw is None else (tw > 0).sum()),
        trim=trim, **e_values(att, low, high, y, treated), overlap_diagnostics=found,
        warnings=warnings(found, int(treated.sum())),
        balance=balance(design.covariates, treated, tw, cw), overlap=overlap(score, treated),
    )


def _interval(fit, draws, level, seed) -> tuple[float, float, float, str]:
    """(low, high, se, how): normal interval on the analytic SE, else the bootstrap percentiles."""
    if fit.se is not None:
        z = stats.norm.ppf(1 - (1 - level) / 2)
        return fit.att - z * fit.se, fit.att + z * fit.se, fit.se, variance.METHOD
    low, high = np.quantile(draws, [(1 - level) / 2, 1 - (1 - level) / 2])
    return low, high, draws.std(ddof=1), f"bootstrap percentile ({len(draws)} reps, seed {seed})"


def estimate_many(design: Design, outcomes: dict[str, np.ndarray], methods=("psm", "ipw", "dr"),
                  reps: int = 200, seed: int = 0, level: float = 0.95, trim: str = "minmax", **options) -> dict:
    """{(method, outcome): Result} sharing one propensity fit per bootstrap draw."""
    unknown = [m for m in methods if m not in POINT_ESTIMATORS]
    if unknown:
        raise EvaluationError(f"unknown method {unknown[0]!r}: choose one of {', '.join(METHODS)}")
    if trim not in TRIM_RULES:
        raise EvaluationError(f"unknown trimming rule {trim!r}: choose one of {', '.join(TRIM_RULES)}")
    x = design.covariates.to_numpy(dtype=float)
    # Small matrices: threaded BLAS only adds contention (13x slower on a busy 2-core machine); the inputs are
    # checked once here (finite, valid options), not again by scikit-learn in each of the bootstrap's fits.
    if not np.isfinite(x).all():
        raise EvaluationError("covariates with missing or infinite values")
    with threadpool_limits(1), config_context(assume_finite=True, skip_parameter_validation=True):
        fits, score, support = _fit(x, design.treated, outcomes, methods, options, trim)
        resampled = [m for m in methods if m not in ANALYTIC]
        draws = _bootstrap(x, design.treated, outcomes, resampled, options, reps, seed, trim)
    results = {}
    for (method, name), fit in fits.items():
        low, high, se, how = _interval(fit, draws.get((method, name)), level, seed)
        results[(method, name)] = _result(method, design, outcomes[name], fit.att, low, high, se, how, score,
                                          support, fit.treated_weights, fit.control_weights, trim)
    return results


def estimate(design: Design, method: str = "dr", reps: int = 200, seed: int = 0,
             level: float = 0.95, **options) -> Result:
    """The ATT with its interval and diagnostics for an already prepared design."""
    if method == "did":
        return _did(design, level)
    results = estimate_many(design, {"y": design.outcome}, (method,), reps, seed, level, **options)
    return results[(method, "y")]


def evaluate(frame: pd.DataFrame, treatment: str, outcome: str, covariates: list[str],
             method: str = "dr", baseline: str | None = None, **options) -> Result:
    """The ATT of `treatment` on `outcome`, adjusting for `covariates`, from a plain table."""
    return estimate(prepare(frame, treatment, outcome, covariates, baseline), method, **options)
