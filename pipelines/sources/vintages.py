"""A file's vintage is its publisher's: a real date, not after today, not before its latest period's release."""

import re
from datetime import date
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from pipelines.sources.validation import ValidationFailed, locate, problem

RELEASES_FILE = Path(__file__).with_name("releases.yaml")
NOT_A_DATE = "vintage a calendar date YYYY-MM-DD"
PERIOD = re.compile(r"([0-9]{4})(?:-Q([1-4])|-([0-9]{2}))?")


@cache
def releases() -> dict[str, dict]:
    return yaml.safe_load(RELEASES_FILE.read_text(encoding="utf-8"))


def date_rule(value, today: date | None = None) -> str | None:
    """The rule a vintage breaks as a date ('2026-13-45', '9999-12-31'), else None."""
    if not (isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value)):
        return NOT_A_DATE
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return NOT_A_DATE
    today = today or date.today()
    return f"vintage in the future (today is {today.isoformat()})" if day > today else None


def published(value, file, where: str) -> str | None:
    """A vintage read from a file (None if the file gives none), refused where it sits unless a real date so far."""
    rule = None if value is None else date_rule(value)
    if rule:
        raise ValidationFailed(str(file), [problem(where, "vintage", rule, value)])
    return value


def earliest_release(period: str, working_days: bool) -> date | None:
    """The day after the period ends, rolled to a working day if the publisher releases on working days."""
    match = PERIOD.fullmatch(str(period))
    if not match:
        return None  # the period's format rule names it
    year, quarter, month = match.groups()
    last_month = int(quarter) * 3 if quarter else int(month) if month else 12
    if not 1 <= last_month <= 12:
        return None
    after = date(int(year) + last_month // 12, last_month % 12 + 1, 1)
    return np.busday_offset(after, 0, roll="forward").astype(date) if working_days else after


def release_problems(rows: pd.DataFrame, vintage: str) -> list[dict]:
    """A dataset's latest period must have been released by its vintage, by its publisher's calendar."""
    found = []
    for dataset, part in rows.groupby("dataset"):
        calendar = releases().get(dataset, releases()["default"])
        days = {p: earliest_release(p, calendar["working_days"]) for p in part["period"].unique()}
        days = {p: d for p, d in days.items() if d is not None}
        if not days:
            continue
        latest = max(days, key=days.get)
        if date.fromisoformat(vintage) < days[latest]:
            rule = f"vintage not before the release of {latest} ({days[latest].isoformat()}: {calendar['says']})"
            found.append(problem(locate(rows, part.index[part["period"].eq(latest)][0]), "vintage", rule, vintage))
    return found


def problems(frame: pd.DataFrame, ahead: pd.Series) -> list[dict]:
    """Each vintage of a canonical frame (one per file, normally): a real date up to today, after the release
    of the latest period it carries; periods `ahead` (in the future) and forecasts are not counted."""
    found = []
    released = frame[~ahead & ~frame.get("obs_status", pd.Series("A", index=frame.index)).eq("F")]
    for vintage in frame["vintage"].dropna().unique():
        rule = date_rule(vintage)
        if rule:
            found.append(problem("file", "vintage", rule, vintage))
        elif "dataset" in frame:
            found += release_problems(released[released["vintage"] == vintage], vintage)
    return found
