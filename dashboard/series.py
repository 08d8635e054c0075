"""An indicator's values with no breakdown chosen: its totals, or the one group it is defined on (the youth
rate is age 15–24 only: its values carry that code, not the total `_T`)."""

from functools import cache

import pandas as pd

from dashboard import data
from indicators.catalog import entry


@cache
def fixed_group(indicator: str) -> tuple[str, str] | None:
    """(dimension, code) when every source of the indicator fixes one breakdown to one code, else None."""
    common = None
    for item in entry(indicator).get("from") or []:
        pairs = {(key, value) for key, value in item.items() if key in data.DIMS}
        common = pairs if common is None else common & pairs
    return next(iter(common)) if common and len(common) == 1 else None


def totals(indicator: str, geos: list[str] | None, measure: str = "level", adjustment: str = "NSA",
           freq: str = "M", period: str | None = None) -> pd.DataFrame:
    """data.observations without a breakdown: the indicator's own population."""
    group = fixed_group(indicator)
    if group is None:
        return data.observations(indicator, geos, measure, adjustment, freq, None, period)
    dim, code = group
    frame = data.observations(indicator, geos, measure, adjustment, freq, dim, period)
    return frame[frame[dim] == code].reset_index(drop=True)


def periods(frame: pd.DataFrame, minimum: int = 1) -> list[str]:
    """Periods of a frame held by at least `minimum` places, latest first."""
    counts = frame.groupby("period")["geo"].nunique()
    return sorted(counts[counts >= minimum].index, reverse=True)
