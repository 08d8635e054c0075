"""Rules every canonical frame obeys, whatever its source: known places, no future, plausible values."""

from datetime import date

import pandas as pd

from indicators.codelists import known_geo
from pipelines.sources import vintages
from pipelines.sources.numbers import OTHER_DIGIT
from pipelines.sources.validation import locate, problem

RATE_UNITS = {"percent"}
COUNT_UNITS = {"persons"}
FIRST_YEAR = 1900  # the oldest series loaded (HSSO F.18a) starts in 1913
FORECAST_YEARS = 5  # how far ahead a declared forecast (obs_status F) may reach


def period_start(periods: pd.Series) -> pd.Series:
    """First day of '2025', '2025-Q2' or '2025-03' (NaT if malformed)."""
    text = periods.astype(str)
    month = text.str.extract(r"^\d{4}-(\d{2})$")[0].astype(float)
    quarter = text.str.extract(r"^\d{4}-Q([1-4])$")[0].astype(float)
    month = month.fillna(quarter * 3 - 2).fillna(1)
    year = pd.to_numeric(text.str[:4], errors="coerce")
    return pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": 1}), errors="coerce")


def future(frame: pd.DataFrame, today: date | None = None) -> pd.Series:
    """Periods starting after today, unless flagged as forecasts (obs_status F)."""
    periods = frame["period"].astype(str)
    distinct = periods.drop_duplicates()  # few distinct periods, many rows
    starts = periods.map(dict(zip(distinct, period_start(distinct))))
    forecast = frame["obs_status"].eq("F") if "obs_status" in frame else False
    return (starts > pd.Timestamp(today or date.today())) & ~forecast


def year_out_of_range(frame: pd.DataFrame, today: date | None = None) -> pd.Series:
    """Years before FIRST_YEAR (year 0 included) or beyond FORECAST_YEARS from now."""
    year = pd.to_numeric(frame["period"].astype(str).str.extract(r"^([0-9]{4})")[0], errors="coerce")
    return ~year.between(FIRST_YEAR, (today or date.today()).year + FORECAST_YEARS) & year.notna()


def other_digits(frame: pd.DataFrame) -> pd.Series:
    return frame["period"].astype(str).str.contains(OTHER_DIGIT)


def rate_out_of_range(frame: pd.DataFrame) -> pd.Series:
    is_rate = frame["unit"].isin(RATE_UNITS) & frame["measure"].str.endswith(("_rate", "_share"))
    return is_rate & frame["value"].notna() & ~frame["value"].between(0, 100)


def negative_count(frame: pd.DataFrame) -> pd.Series:
    is_count = frame["unit"].isin(COUNT_UNITS) & ~frame["measure"].str.contains("change")
    return is_count & (frame["value"] < 0)


def fractional_count(frame: pd.DataFrame) -> pd.Series:
    """Monthly counts are head counts; annual or quarterly ones may be means of months."""
    is_count = frame["unit"].isin(COUNT_UNITS) & ~frame["measure"].str.contains("change")
    return is_count & frame["period"].str.len().eq(7) & frame["value"].notna() & (frame["value"] != frame["value"].round())


def unknown_geo(frame: pd.DataFrame) -> pd.Series:
    known = {code: known_geo(code) for code in frame["geo"].unique()}  # few distinct places, many rows
    return ~frame["geo"].map(known).astype(bool)


RULES = [
    ("geo", "code list geo (ISO 3166 country, Swiss canton or Maghreb region)", unknown_geo),
    ("period", "ASCII digits only (0-9)", other_digits),
    ("period", f"period year within {FIRST_YEAR}..{date.today().year + FORECAST_YEARS}", year_out_of_range),
    ("period", "period in the future", future),
    ("value", "rate between 0 and 100", rate_out_of_range),
    ("value", "count not negative", negative_count),
    ("value", "count is a whole number", fractional_count),
]


def rule_problems(frame: pd.DataFrame) -> list[dict]:
    """Every record breaking a rule, located by its line (raw frames) or its key (canonical frames)."""
    problems = []
    for column, rule, test in RULES:
        for index in frame.index[test(frame).fillna(False).to_numpy(dtype=bool)]:
            problems.append(problem(locate(frame, index), column, rule, frame.at[index, column]))
    return problems + vintage_problems(frame)


def vintage_problems(frame: pd.DataFrame) -> list[dict]:
    """A canonical frame's vintage against today and its publisher's release calendar (none in raw frames)."""
    return vintages.problems(frame, future(frame)) if "vintage" in frame else []
