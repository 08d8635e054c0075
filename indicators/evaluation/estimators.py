"""Propensity score, common support and the ATT estimators: matching, IPW, doubly robust, DiD."""

from dataclasses import dataclass

import numpy as np
import statsmodels.api as sm
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.neighbors import NearestNeighbors
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

EPS = 1e-6


@dataclass(frozen=True)
class Estimate:
    att: float
    treated_weights: np.ndarray  # weight of each unit as a treated unit (0 = not used)
    control_weights: np.ndarray  # weight of each unit as a comparison unit (0 = not used)


def propensity(x: np.ndarray, treated: np.ndarray) -> np.ndarray:
    """P(treated | x) by logistic regression on standardised covariates.

    A weak L2 penalty keeps the fit finite under separation; with thousands of units it moves
    the scores negligibly."""
    model = make_pipeline(StandardScaler(), LogisticRegression(C=100.0, solver="newton-cholesky", max_iter=200))
    model.fit(x, treated)
    return np.clip(model.predict_proba(x)[:, 1], EPS, 1 - EPS)


def common_support(score: np.ndarray, treated: np.ndarray) -> np.ndarray:
    """Min-max rule: keep units whose score lies inside the other group's range."""
    t, c = score[treated], score[~treated]
    lo, hi = max(t.min(), c.min()), min(t.max(), c.max())
    return (score >= lo) & (score <= hi)


def logit(p: np.ndarray) -> np.ndarray:
    return np.log(p / (1 - p))


def psm(y, treated, score, support, caliper_sd=0.2, neighbours=1, **_) -> Estimate:
    """Nearest-neighbour matching on the logit of the score, with replacement, within a caliper."""
    lg = logit(score)
    caliper = caliper_sd * lg[support].std()
    t_idx = np.flatnonzero(treated & support)
    c_idx = np.flatnonzero(~treated & support)
    k = min(neighbours, len(c_idx))
    distance, nearest = NearestNeighbors(n_neighbors=k).fit(lg[c_idx, None]).kneighbors(lg[t_idx, None])
    within = distance <= caliper
    n_within = within.sum(axis=1)
    matched = n_within > 0
    share = np.where(within, 1.0 / np.maximum(n_within, 1)[:, None], 0.0)
    control_weights = np.zeros(len(y))
    np.add.at(control_weights, c_idx[nearest].ravel(), share.ravel())
    treated_weights = np.zeros(len(y))
    treated_weights[t_idx[matched]] = 1.0
    if not matched.any():
        return Estimate(np.nan, treated_weights, control_weights)
    counterfactual = (y[c_idx[nearest]] * share).sum(axis=1)
    att = float(np.mean(y[t_idx[matched]] - counterfactual[matched]))
    return Estimate(att, treated_weights, control_weights)


def _att_weights(treated, score, support):
    treated_weights = (treated & support).astype(float)
    control_weights = np.where(~treated & support, score / (1 - score), 0.0)
    return treated_weights, control_weights


def ipw(y, treated, score, support, **_) -> Estimate:
    """Inverse-probability weighting for the ATT: controls weighted by e/(1-e), normalised."""
    tw, cw = _att_weights(treated, score, support)
    att = np.average(y, weights=tw) - np.average(y, weights=cw)
    return Estimate(float(att), tw, cw)


def dr(y, treated, score, support, x=None, **_) -> Estimate:
    """Doubly robust (augmented IPW) ATT: IPW applied to residuals of a control outcome model."""
    tw, cw = _att_weights(treated, score, support)
    controls = ~treated & support
    m0 = LinearRegression().fit(x[controls], y[controls]).predict(x)
    residual = y - m0
    att = np.average(residual, weights=tw) - np.average(residual, weights=cw)
    return Estimate(float(att), tw, cw)


def did(change: np.ndarray, treated: np.ndarray, x: np.ndarray) -> tuple[float, float]:
    """Regression difference in differences: change in outcome on treatment and covariates.

    Returns the ATT and its heteroskedasticity-robust (HC1) standard error."""
    design = sm.add_constant(np.column_stack([treated.astype(float), x]), has_constant="add")
    fit = sm.OLS(change, design).fit(cov_type="HC1")
    return float(fit.params[1]), float(fit.bse[1])


POINT_ESTIMATORS = {"psm": psm, "ipw": ipw, "dr": dr}
