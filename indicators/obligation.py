"""The notification obligation (AVV Art. 53a): occupation unemployment rates, the yearly list, its reach."""

from pathlib import Path

import numpy as np
import pandas as pd

from kernel.settings import DATA_DIR

EMPLOYED = DATA_DIR / "denominators" / "employed_by_occupation.csv"


def threshold(list_year: int) -> float:
    """5 % from 2020; 8 % in the introductory phase before."""
    return 5.0 if list_year >= 2020 else 8.0


def employed(path: Path = EMPLOYED) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"occupation": str}, comment="#")


def windows(first: str, last: str) -> list[tuple[int, list[str], str]]:
    """(list year, its 12 reference months, obs_status): final lists whose October Y−2 … September Y−1
    lie in the data, then a provisional (P) list for the next year from the running 12 months."""
    first_p, last_p = pd.Period(first, "M"), pd.Period(last, "M")
    out = []
    for year in range(first_p.year + 1, last_p.year + 2):
        start, end = pd.Period(f"{year - 2}-10", "M"), pd.Period(f"{year - 1}-09", "M")
        if start >= first_p and end <= last_p:
            out.append((year, [str(p) for p in pd.period_range(start, end)], "A"))
    provisional = last_p.year + (1 if last_p.month < 9 else 2)
    if last_p - 11 >= first_p and provisional not in [y for y, _, _ in out]:
        out.append((provisional, [str(p) for p in pd.period_range(last_p - 11, last_p)], "P"))
    return out


def lists(monthly: pd.DataFrame, staff: pd.DataFrame, min_persons: int = 5,
          scale: dict[str, float] | None = None) -> pd.DataFrame:
    """Observations of the obligation from monthly unemployed per occupation (dataset, country,
    occupation, period, unemployed) and employed persons per occupation type (country, occupation,
    employed); a synthetic register uses the employed scaled like its stock (`scale`, per country)."""
    rows = []
    for (dataset, country), group in monthly.groupby(["dataset", "country"]):
        types = staff[staff["country"] == country]
        if dataset.startswith("synthetic"):
            factor = (scale or {}).get(country)
            types = types.assign(employed=types["employed"] * factor) if factor else types.iloc[0:0]
        if types.empty or group.empty:
            continue
        digits = types["occupation"].str.len().max()
        counts = group.assign(occupation=group["occupation"].str[:digits]).groupby(["occupation", "period"])["unemployed"].sum()
        for year, months, status in windows(group["period"].min(), group["period"].max()):
            grid = pd.MultiIndex.from_product([types["occupation"], months], names=["occupation", "period"])
            mean = counts.reindex(grid, fill_value=0).groupby("occupation").mean()
            frame = types.set_index("occupation").assign(mean=mean)
            frame["rate"] = 100 * frame["mean"] / frame["employed"]
            frame["subject"] = (frame["rate"] >= threshold(year)).astype(float)
            small = (frame["mean"] > 0) & (frame["mean"] < min_persons)
            common = {"dataset": dataset, "geo": country, "period": str(year), "obs_status": status}
            for measure, values, unit in (("occupation_unemployment_rate", frame["rate"], "percent"),
                                          ("notification_obligation_distance", frame["rate"] - threshold(year),
                                           "percentage points"),
                                          ("notification_obligation_subject", frame["subject"], "flag")):
                hide = small & (measure != "notification_obligation_subject")  # the list itself is public law
                rows.append(pd.DataFrame({**common, "occupation": frame.index, "measure": measure, "unit": unit,
                                          "value": np.where(hide, np.nan, values),
                                          "conf_status": np.where(hide, "C", "F")}))
            reach = 100 * frame.loc[frame["subject"] == 1, "employed"].sum() / frame["employed"].sum()
            rows.append(pd.DataFrame([{**common, "occupation": "_T", "measure": "notification_obligation_reach",
                                       "unit": "percent", "value": reach, "conf_status": "F"}]))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
