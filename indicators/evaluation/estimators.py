"""Propensity score, common support and the ATT estimators: matching, IPW, doubly robust, DiD."""

from dataclasses import dataclass

import numpy as np
import statsmodels.api as sm
from scipy import linalg
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import NearestNeighbors
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from indicators.evaluation.variance import att_variance

EPS = 1e-6


@dataclass(frozen=True)
class Estimate:
    att: float
    treated_weights: np.ndarray  # weight of each unit as a treated unit (0 = not used)
    control_weights: np.ndarray  # weight of each unit as a comparison unit (0 = not used)
    se: float | None = None  # analytic standard error where the estimator has one (matching)


def propensity(x: np.ndarray, treated: np.ndarray) -> np.ndarray:
    """P(treated | x) by logistic regression on standardised covariates.

    A weak L2 penalty keeps the fit finite under separation; with thousands of units it moves
    the scores negligibly."""
    model = make_pipeline(StandardScaler(), LogisticRegression(C=100.0, solver="newton-cholesky", max_iter=200))
    model.fit(x, treated)
    return np.clip(model.predict_proba(x)[:, 1], EPS, 1 - EPS)


def logit(p: np.ndarray) -> np.ndarray:
    return np.log(p / (1 - p))


def psm(y, treated, score, support, caliper_sd=0.2, neighbours=4, x=None, bias_adjust=True, m0=None,
        **_) -> Estimate:
    """Nearest-neighbour matching on the logit of the score, with replacement, within a caliper.

    Matches on the score alone leave covariate differences within pairs; with `bias_adjust` each
    match is corrected by mu0(X_i) - mu0(X_j), mu0 a linear fit of the controls' outcome on the
    covariates (Abadie and Imbens 2011), which removes the estimator's conditional bias. `m0` is that fit when
    already made (control_fits)."""
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
    control_weights, squared_shares = np.zeros(len(y)), np.zeros(len(y))
    np.add.at(control_weights, c_idx[nearest].ravel(), share.ravel())
    np.add.at(squared_shares, c_idx[nearest].ravel(), (share ** 2).ravel())
    treated_weights = np.zeros(len(y))
    treated_weights[t_idx[matched]] = 1.0
    if not matched.any():
        return Estimate(np.nan, treated_weights, control_weights, np.nan)
    if not bias_adjust or x is None:
        m0 = np.zeros(len(y))
    elif m0 is None:
        m0 = control_fits(x, {"y": y}, ~treated & support)["y"]
    counterfactual = ((y - m0)[c_idx[nearest]] * share).sum(axis=1) + m0[t_idx]
    att = float(np.mean(y[t_idx[matched]] - counterfactual[matched]))
    variance = att_variance(y, t_idx[matched], counterfactual[matched], att, c_idx, control_weights,
                            squared_shares, lg)
    return Estimate(att, treated_weights, control_weights, float(np.sqrt(variance)))


def control_fits(x, outcomes: dict[str, np.ndarray], controls: np.ndarray) -> dict[str, np.ndarray]:
    """mu0(X) of every unit for each outcome: the controls' outcome regressed on the covariates by least squares,
    all outcomes in one solve (as LinearRegression: centred, minimum-norm where covariates are collinear)."""
    names = list(outcomes)
    ys = np.column_stack([outcomes[n] for n in names])[controls]
    x_mean, y_mean = x[controls].mean(axis=0), ys.mean(axis=0)
    coef, *_ = linalg.lstsq(x[controls] - x_mean, ys - y_mean)
    predicted = (x - x_mean) @ coef + y_mean
    return {name: predicted[:, i] for i, name in enumerate(names)}


def _att_weights(treated, score, support):
    treated_weights = (treated & support).astype(float)
    control_weights = np.where(~treated & support, score / (1 - score), 0.0)
    return treated_weights, control_weights


def ipw(y, treated, score, support, **_) -> Estimate:
    """Inverse-probability weighting for the ATT: controls weighted by e/(1-e), normalised."""
    tw, cw = _att_weights(treated, score, support)
    att = np.average(y, weights=tw) - np.average(y, weights=cw)
    return Estimate(float(att), tw, cw)


def dr(y, treated, score, support, x=None, m0=None, **_) -> Estimate:
    """Doubly robust (augmented IPW) ATT: IPW applied to residuals of a control outcome model (`m0`, when already
    fitted by control_fits)."""
    tw, cw = _att_weights(treated, score, support)
    m0 = control_fits(x, {"y": y}, ~treated & support)["y"] if m0 is None else m0
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
