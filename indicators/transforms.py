"""Transforms computed on request (lmo indicator --measure): index, peer-group deviation, seasonal adjustment.
Level, changes, share of national, deviation from national, rank and ma12 are stored in the mart."""

import numpy as np
import pandas as pd

from kernel.settings import DATA_DIR, LmoError

ON_REQUEST = ("index", "deviation_peer", "sa")
MIN_SA_YEARS = 3
SERIES = ["indicator", "geo", "sex", "age", "citizenship", "activity", "occupation", "programme", "adjustment"]


def peer_groups() -> pd.DataFrame:
    """Each place's own comparison group: its first row in peer_groups.csv (later rows are further groups a
    place belongs to, e.g. a World Bank region or income group, offered by the dashboard's Compare page)."""
    groups = pd.read_csv(DATA_DIR / "codelists" / "peer_groups.csv", dtype=str)
    return groups.drop_duplicates("geo")[["geo", "peer_group"]]


def index(levels: pd.DataFrame, base: str) -> pd.DataFrame:
    """Each series divided by its value in the base period, times 100 (series without it are dropped)."""
    base_values = levels[levels["period"] == base].set_index(SERIES)["value"].rename("base")
    out = levels.join(base_values, on=SERIES, how="inner")
    out["value"] = 100 * out["value"] / out.pop("base").replace(0, np.nan)
    return out.assign(measure="index", unit=f"index ({base} = 100)")


def deviation_peer(levels: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Value minus the unweighted mean of its peer group (data/codelists/peer_groups.csv), same period."""
    out = levels.merge(peer_groups(), on="geo")
    keys = ["peer_group", "period", *[c for c in SERIES if c != "geo"]]
    out["value"] = out["value"] - out.groupby(keys)["value"].transform("mean")
    unit = "percentage points" if kind == "rate" else out["unit"]
    return out.drop(columns="peer_group").assign(measure="deviation_peer", unit=unit)


def seasonally_adjust(series: pd.Series, period: int = 12) -> pd.Series:
    """STL (statsmodels, robust) of a gap-free monthly series of at least three years: observed minus
    the seasonal component."""
    from statsmodels.tsa.seasonal import STL

    if len(series) < MIN_SA_YEARS * period or series.isna().any():
        raise ValueError(f"seasonal adjustment needs {MIN_SA_YEARS} full years of monthly values, got {len(series)}")
    fit = STL(series.to_numpy(dtype=float), period=period, robust=True).fit()
    return pd.Series(series.to_numpy(dtype=float) - fit.seasonal, index=series.index)


def sa(levels: pd.DataFrame) -> pd.DataFrame:
    """Seasonally adjusted version of every unadjusted monthly series long enough; labelled SA."""
    monthly = levels[(levels["period"].str.len() == 7) & (levels["adjustment"] == "NSA")]
    out = []
    for _, series in monthly.sort_values("period").groupby(SERIES):
        months = pd.PeriodIndex(series["period"], freq="M")
        if len(series) < MIN_SA_YEARS * 12 or (months[-1] - months[0]).n + 1 != len(series):
            continue
        try:
            adjusted = seasonally_adjust(series.set_index("period")["value"])
        except ValueError:
            continue
        out.append(series.assign(value=adjusted.to_numpy(), adjustment="SA", measure="level"))
    if not out:
        raise LmoError("seasonal adjustment needs a gap-free monthly series of at least 3 years; none here")
    return pd.concat(out, ignore_index=True)


def on_request(levels: pd.DataFrame, measure: str, kind: str, base: str | None = None) -> pd.DataFrame:
    if measure == "index":
        if not base:
            raise LmoError("--measure index needs --base PERIOD (the period = 100)")
        return index(levels, base)
    if measure == "deviation_peer":
        return deviation_peer(levels, kind)
    return sa(levels)
