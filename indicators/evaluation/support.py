"""Common support (min-max or Crump et al.'s 0.1-0.9 rule) and overlap diagnostics with their warnings."""

import numpy as np

TRIM_RULES = ("minmax", "crump")
CRUMP = (0.1, 0.9)  # Crump, Hotz, Imbens and Mitnik (2009): the rule of thumb alpha = 0.1
EXTREME = (0.05, 0.95)  # a score outside this range: the unit has (almost) no counterpart
# Thresholds above which a warning line is printed and stored with the estimate.
MAX_EXTREME_SHARE = 0.05  # of the units used
MIN_ESS_SHARE = 0.10  # effective sample size of the weighted controls, as a share of the controls on support


def common_support(score: np.ndarray, treated: np.ndarray, trim: str = "minmax") -> np.ndarray:
    """Units kept: inside the other group's score range (minmax) or with a score in [0.1, 0.9] (crump)."""
    if trim == "crump":
        return (score >= CRUMP[0]) & (score <= CRUMP[1])
    if trim != "minmax":
        raise ValueError(f"unknown trimming rule {trim!r}: choose one of {', '.join(TRIM_RULES)}")
    t, c = score[treated], score[~treated]
    lo, hi = max(t.min(), c.min()), min(t.max(), c.max())
    return (score >= lo) & (score <= hi)


def effective_sample_size(weights: np.ndarray) -> float:
    """Kish's (sum w)^2 / sum w^2: how many equally weighted controls the weights are worth."""
    w = weights[weights > 0]
    return float(w.sum() ** 2 / (w ** 2).sum()) if len(w) else 0.0


def diagnostics(score, treated, support, trim: str, control_weights=None) -> dict:
    """Counts off support by group, extreme scores, and the controls' effective sample size."""
    controls_on = int((~treated & support).sum())
    ess = effective_sample_size(control_weights) if control_weights is not None else None
    extreme = (score < EXTREME[0]) | (score > EXTREME[1])
    return {
        "trim": trim,
        "support_low": float(score[support].min()) if support.any() else None,
        "support_high": float(score[support].max()) if support.any() else None,
        "n_treated_off_support": int((treated & ~support).sum()),
        "n_control_off_support": int((~treated & ~support).sum()),
        "n_treated_extreme": int((treated & extreme).sum()),
        "n_control_extreme": int((~treated & extreme).sum()),
        "share_extreme": float(extreme.mean()),
        "ess_control": ess,
        "ess_control_share": ess / controls_on if ess is not None and controls_on else None,
    }


def crossed(d: dict) -> list[str]:
    """Which thresholds the diagnostics cross: 'off_support', 'extreme', 'ess'."""
    checks = {"off_support": bool(d["n_treated_off_support"]), "extreme": d["share_extreme"] > MAX_EXTREME_SHARE,
              "ess": d["ess_control_share"] is not None and d["ess_control_share"] < MIN_ESS_SHARE}
    return [name for name, hit in checks.items() if hit]


def warnings(d: dict, n_treated: int) -> list[str]:
    """A line for each diagnostic past its threshold, saying what it means for the estimate."""
    lines = {
        "off_support": f"{d['n_treated_off_support']} of {n_treated} treated units are off common support ({d['trim']}"
                       " rule) and dropped: the estimate is the effect on the treated on support, not on all treated",
        "extreme": f"{d['share_extreme']:.0%} of units have a propensity score below {EXTREME[0]} or above "
                   f"{EXTREME[1]} (threshold {MAX_EXTREME_SHARE:.0%}): poor overlap, the estimate leans on few"
                   " comparable units",
        "ess": f"the weighted controls are worth {d['ess_control'] or 0:.0f} units, {d['ess_control_share'] or 0:.0%} of"
               f" the controls on support (threshold {MIN_ESS_SHARE:.0%}): a few controls carry the estimate",
    }
    return [lines[name] for name in crossed(d)]
