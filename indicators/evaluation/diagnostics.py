"""Balance (standardised mean differences before and after) and overlap of the propensity scores."""

import numpy as np
import pandas as pd


def _smd(x, tw, cw, scale):
    diff = np.average(x, weights=tw) - np.average(x, weights=cw)
    return float(diff / scale) if scale > 0 else 0.0


def balance(x: pd.DataFrame, treated: np.ndarray, tw=None, cw=None) -> list[dict]:
    """One row per covariate: means and SMD before, and after weighting/matching when given.

    The SMD keeps the unweighted pooled SD as denominator, so before and after compare."""
    rows = []
    for name in x.columns:
        v = x[name].to_numpy(dtype=float)
        scale = np.sqrt((v[treated].var(ddof=1) + v[~treated].var(ddof=1)) / 2)
        row = {
            "covariate": name,
            "mean_treated": float(v[treated].mean()),
            "mean_control": float(v[~treated].mean()),
            "smd_before": _smd(v, treated.astype(float), (~treated).astype(float), scale),
            "mean_treated_after": None, "mean_control_after": None, "smd_after": None,
        }
        if tw is not None and tw.sum() > 0 and cw.sum() > 0:
            row |= {
                "mean_treated_after": float(np.average(v, weights=tw)),
                "mean_control_after": float(np.average(v, weights=cw)),
                "smd_after": _smd(v, tw, cw, scale),
            }
        rows.append(row)
    return rows


def overlap(score: np.ndarray, treated: np.ndarray, bins: int = 20) -> list[dict]:
    """Histogram of the propensity score by group on [0, 1]."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    rows = []
    for group, mask in (("treated", treated), ("control", ~treated)):
        counts, _ = np.histogram(score[mask], bins=edges)
        rows += [{"group": group, "bin_low": float(lo), "bin_high": float(hi), "count": int(n)}
                 for lo, hi, n in zip(edges[:-1], edges[1:], counts)]
    return rows
