"""SDMX REST data queries on the published values: key, c[…] filters, updatedAfter, lastNObservations, history."""

import re

import pandas as pd

from kernel.settings import LmoError
from publish.sdmx_structure import ALL, DIMENSIONS

COLUMN_OF = {dim: column for column, dim in DIMENSIONS.items()} | {"TIME_PERIOD": "period"}
OPERATORS = ("eq", "ne", "lt", "le", "gt", "ge")


def parse_key(key: str | None) -> dict[str, list[str]]:
    """`CH+CH-GE` style key parts in the data structure's dimension order; `*`, `all` or empty parts match anything."""
    if key in (None, "", "*", "all"):
        return {}
    parts = key.split(".")
    if len(parts) != len(DIMENSIONS):
        raise LmoError(f"key {key!r} has {len(parts)} parts; the data structure has {len(DIMENSIONS)}: "
                       + ".".join(DIMENSIONS.values()))
    return {column: part.split("+") for column, part in zip(DIMENSIONS, parts) if part not in ("", "*")}


def parse_filters(args) -> list[tuple[str, str, list[str]]]:
    """`c[TIME_PERIOD]=ge:2025-01+le:2026-07`, `c[REF_AREA]=CH,CH-GE`: (column, operator, values) conditions.

    `+` joins conditions (AND; a query string may deliver it as a space), `,` lists alternatives (OR).
    """
    conditions = []
    for name, value in args.items():
        found = re.fullmatch(r"c\[([A-Z_]+)\]", name)
        if not found:
            continue
        if found.group(1) not in COLUMN_OF:
            raise LmoError(f"unknown component {found.group(1)!r} in {name}")
        for part in re.split(r"[+ ]", value):
            op, _, rest = part.partition(":") if part.split(":")[0] in OPERATORS else ("eq", "", part)
            conditions.append((COLUMN_OF[found.group(1)], op, rest.split(",")))
    return conditions


def selection(flow: str, key: dict[str, list[str]], conditions) -> dict[str, list[str]]:
    """Codes every series dimension must be one of (the flow's indicator, the key, `eq` conditions)."""
    chosen = dict(key)
    if flow != ALL:
        chosen["indicator"] = [flow] if "indicator" not in chosen or flow in chosen["indicator"] else []
    for column, op, values in conditions:
        if column != "period" and op == "eq":
            chosen[column] = [v for v in chosen.get(column, values) if v in values]
    return chosen


def bounds(periods: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last month (YYYY-MM) each period covers: 2025 → 2025-01…2025-12, 2025-Q2 → 2025-04…2025-06."""
    year = periods.str[:4]
    quarter = periods.str.extract(r"-Q([1-4])$")[0].astype(float)
    month = periods.str.extract(r"-(\d{2})$")[0]
    first = month.fillna(((quarter - 1) * 3 + 1).map(lambda q: f"{q:02.0f}" if q == q else "01"))
    last = month.fillna((quarter * 3).map(lambda q: f"{q:02.0f}" if q == q else "12"))
    return year + "-" + first, year + "-" + last


def time_filter(frame: pd.DataFrame, conditions) -> pd.DataFrame:
    """Keep the periods that lie within every TIME_PERIOD condition (and the other columns' ne/lt/… ones)."""
    keep = pd.Series(True, index=frame.index)
    first, last = bounds(frame["period"]) if len(frame) else (frame["period"], frame["period"])
    for column, op, values in conditions:
        if column == "period":
            lo, hi = bounds(pd.Series(values))
            tests = {"eq": frame["period"].isin(values), "ne": ~frame["period"].isin(values),
                     "ge": first >= lo.min(), "gt": first > hi.max(), "le": last <= hi.max(), "lt": last < lo.min()}
            keep &= tests[op]
        elif op == "ne":
            keep &= ~frame[column].isin(values)
        elif op != "eq":
            raise LmoError(f"operator {op!r} is supported on TIME_PERIOD only")
    return frame[keep]


def updated_after(frame: pd.DataFrame, moment: str | None) -> pd.DataFrame:
    """Values whose vintage (publication date) falls on or after the day of `moment`."""
    return frame if not moment else frame[frame["vintage"] >= moment[:10]]


def last_n(frame: pd.DataFrame, n: int | None) -> pd.DataFrame:
    """The last n periods of every series (series: the dimensions without TIME_PERIOD)."""
    if not n:
        return frame
    ordered = frame.sort_values("period")
    return ordered.groupby(list(DIMENSIONS), dropna=False).tail(n).sort_index()


def history(versions: list[tuple[str, pd.DataFrame]]) -> pd.DataFrame:
    """Every version of every value: rows with VALID_FROM (the as-of date it first appeared) and VALID_TO.

    `versions` are the values as published on successive dates, oldest first.
    """
    keys = [*DIMENSIONS, "period"]
    out, previous = [], pd.DataFrame(columns=[*keys, "value"])
    for date, frame in versions:
        merged = frame.merge(previous[[*keys, "value"]], on=keys, how="left", suffixes=("", "_before"),
                             indicator=True)
        changed = (merged["_merge"] == "left_only") | (merged["value"].ne(merged["value_before"])
                                                       & ~(merged["value"].isna() & merged["value_before"].isna()))
        out.append(merged.loc[changed, frame.columns].assign(valid_from=date))
        previous = frame
    if not out:
        return pd.DataFrame()
    every = pd.concat(out, ignore_index=True).sort_values([*keys, "valid_from"])
    following = every.groupby(keys, dropna=False)["valid_from"].shift(-1)
    every["valid_to"] = following.astype(object).where(following.notna(), None)
    return every.reset_index(drop=True)


def fetch(con, table: str, realm_expr: str, chosen: dict[str, list[str]]) -> pd.DataFrame:
    """The published rows whose series dimensions are among the chosen codes."""
    where = " AND ".join(f"list_contains(${column}, {realm_expr if column == 'realm' else column})"
                         for column in chosen) or "true"
    realm = "" if realm_expr == "realm" else f", {realm_expr} AS realm"
    return con.execute(f"SELECT *{realm} FROM {table} WHERE {where} ORDER BY indicator, geo, period",
                       chosen).df()
