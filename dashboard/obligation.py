"""The obligation to announce vacancies (AVV Art. 53a): occupations whose mean unemployment rate over
October of year Y-1 to September of year Y reaches 5 % are subject in year Y+1."""

import pandas as pd

THRESHOLD = 5.0
NEAR = 1.0  # "near the threshold": within one percentage point below it


def reference_months(year: int) -> list[str]:
    """Q4 of year-1 and Q1–Q3 of `year`: the reference period of the list for year+1."""
    return [f"{year - 1}-{m:02d}" for m in (10, 11, 12)] + [f"{year}-{m:02d}" for m in range(1, 10)]


def list_year(periods: list[str]) -> int:
    """The year of the next list the latest month feeds: months up to September feed next year's list."""
    latest = max(periods)
    year, month = int(latest[:4]), int(latest[5:7])
    return year + 1 if month <= 9 else year + 2


def occupation_means(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Mean monthly rate per occupation over the reference period (months found so far), with its status."""
    months = frame[frame["period"].isin(reference_months(year - 1))]
    means = (months.groupby("occupation", as_index=False)
             .agg(value=("value", "mean"), months=("period", "nunique"))
             .assign(value=lambda d: d["value"].round(2)))
    means["status"] = ["subject" if v >= THRESHOLD else "near" if v >= THRESHOLD - NEAR else "below"
                       for v in means["value"]]
    return means.sort_values("value", ascending=False).reset_index(drop=True)
