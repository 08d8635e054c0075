"""Countries side by side: peer groups (data/codelists/peer_groups.csv), each country's latest year, names."""

from functools import cache

import pandas as pd

from dashboard import lang as L
from indicators.codelists import codelist

MAGHREB = ("MA", "TN", "MR")  # the observatories LMO serves; CH beside them where it has the figure
DEFAULT_GROUP = "MAGHREB"
LATEST = "latest"
MANY = 12  # beyond a dozen places, small multiples become unreadable: a ranked, searchable chart instead


@cache
def peer_groups() -> dict[str, list[str]]:
    """Country group → its member countries (cantons' groups left out), in file order."""
    groups = codelist("peer_groups")
    groups = groups[groups["geo"].str.len() == 2]
    return {name: rows["geo"].tolist() for name, rows in groups.groupby("peer_group", sort=False)}


def group_members(group: str | None, available: list[str]) -> list[str]:
    """The members of a group that have the indicator ([] for an unknown group)."""
    return [geo for geo in peer_groups().get(group or "", []) if geo in available]


def groups_with(available: list[str]) -> list[str]:
    """The groups of which at least two members have the indicator."""
    return [name for name in peer_groups() if len(group_members(name, available)) > 1]


def latest_per_place(frame: pd.DataFrame, up_to: str | None = None) -> pd.DataFrame:
    """Each place's row of its latest period (at most `up_to`): countries publish in different years."""
    rows = frame if up_to is None else frame[frame["period"] <= up_to]
    return rows.sort_values("period").drop_duplicates("geo", keep="last").sort_values("geo").reset_index(drop=True)


def with_years(shown: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Series labelled with the year each country's value refers to: `Maroc (2022)`."""
    return shown.assign(series=[f"{place} ({L.period_label(period, lang)})"
                                for place, period in zip(shown["place"], shown["period"])])


def ranked(shown: pd.DataFrame, highlighted: list[str]) -> pd.DataFrame:
    """Rows from the highest value down, with their rank and whether the reader asked to see them."""
    out = shown.sort_values("value", ascending=False, kind="stable").reset_index(drop=True)
    return out.assign(rank=range(1, len(out) + 1), highlighted=out["geo"].isin(highlighted))
