"""Transforms computed on request (lmo indicator --measure): index, peer-group deviation, seasonal adjustment."""

import numpy as np
import pandas as pd

from kernel.settings import DATA_DIR, LmoError

# Series the catalogue declares no seasonal adjustment for, adjusted on request as the declared ones are.
ON_REQUEST_SA = {"method": "x13", "options": {}, "fallback": {"method": "stl", "options": {"robust": True}},
                 "min_years": 3}
SERIES = ["indicator", "geo", "sex", "age", "citizenship", "activity", "occupation", "programme", "adjustment"]
# A series' SA and NSA versions share it: the series without its adjustment, and the realms it rests on.
SA_KEY = [*(c for c in SERIES if c != "adjustment"), "basis"]


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


def sa(levels: pd.DataFrame) -> pd.DataFrame:
    """The SA series of every unadjusted monthly series: the mart's own where it holds one (the catalogue's
    declared method), else its latest gap-free span of at least 3 years adjusted now by X-13 (STL only where
    X-13 fails; the source says which)."""
    from indicators.seasonal import adjusted_rows

    monthly = levels[levels["period"].str.len() == 7].assign(measure="level")
    stored = monthly[monthly["adjustment"] == "SA"]
    held = stored[SA_KEY].drop_duplicates().assign(_held=True)
    unadjusted = monthly[monthly["adjustment"] == "NSA"].merge(held, on=SA_KEY, how="left")
    unadjusted = unadjusted[unadjusted.pop("_held").isna()]
    computed, _ = adjusted_rows(unadjusted, dict.fromkeys(unadjusted["indicator"], ON_REQUEST_SA), SA_KEY)
    if stored.empty and computed.empty:
        raise LmoError("seasonal adjustment needs a gap-free monthly series of at least 3 years; none here")
    return pd.concat([stored, computed], ignore_index=True)


def on_request(levels: pd.DataFrame, measure: str, kind: str, base: str | None = None) -> pd.DataFrame:
    if measure == "index":
        if not base:
            raise LmoError("--measure index needs --base PERIOD (the period = 100)")
        return index(levels, base)
    if measure == "deviation_peer":
        return deviation_peer(levels, kind)
    return sa(levels)
