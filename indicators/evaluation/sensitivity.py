"""Sensitivity to unobserved confounding: the E-value of VanderWeele and Ding (2017).

The E-value is the minimum strength of association, on the risk-ratio scale, that an unmeasured
confounder would need with both the programme and the outcome, beyond the covariates, to explain
away the estimate (or to move the confidence interval's nearer end to no effect). A 0/1 outcome uses
the risk ratio of the treated against their counterfactual; a continuous outcome the approximation
RR = exp(0.91 d), d the effect over the outcome's standard deviation among the controls
(VanderWeele and Ding 2017; VanderWeele 2017 for the 0.91 factor).
"""

import math

import numpy as np


def e_value_of_ratio(rr: float) -> float:
    """RR + sqrt(RR (RR - 1)) for RR >= 1; a protective ratio is inverted first."""
    if not math.isfinite(rr) or rr <= 0:
        return float("nan")
    rr = max(rr, 1 / rr)
    return rr + math.sqrt(rr * (rr - 1))


def risk_ratio(effect: float, y: np.ndarray, treated: np.ndarray) -> float:
    """The ratio the effect stands for: treated mean over counterfactual mean (0/1), or exp(0.91 d)."""
    if set(np.unique(y)) <= {0.0, 1.0}:
        observed = float(y[treated].mean())
        counterfactual = observed - effect
        return observed / counterfactual if 0 < counterfactual <= 1 else float("nan")
    sd = float(y[~treated].std(ddof=1))
    return math.exp(0.91 * effect / sd) if sd > 0 else float("nan")


def e_values(att: float, low: float, high: float, y: np.ndarray, treated: np.ndarray) -> dict:
    """E-value of the estimate and of the interval's end nearer to no effect (1 when it includes 0)."""
    nearer = 0.0 if low <= 0 <= high else (low if att > 0 else high)
    point = e_value_of_ratio(risk_ratio(att, y, treated))
    ci = 1.0 if nearer == 0 else e_value_of_ratio(risk_ratio(nearer, y, treated))
    scale = "risk ratio" if set(np.unique(y)) <= {0.0, 1.0} else "exp(0.91 x standardised difference)"
    return {"e_value": _finite(point), "e_value_ci": _finite(ci), "e_value_scale": scale}


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None
