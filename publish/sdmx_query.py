"""SDMX REST data queries as SQL on the published values: key, c[…] filters, updatedAfter, lastNObservations, history."""

import re
from datetime import datetime

from kernel.settings import LmoError
from publish.sdmx_structure import ALL, DIMENSIONS

COLUMN_OF = {dim: column for column, dim in DIMENSIONS.items()} | {"TIME_PERIOD": "period"}
OPERATORS = ("eq", "ne", "lt", "le", "gt", "ge")
PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$")
# First and last month (YYYY-MM) a period covers: 2025 → 2025-01…2025-12, 2025-Q2 → 2025-04…2025-06.
FIRST = "CASE WHEN length(period) = 4 THEN period || '-01' WHEN period[6] = 'Q' THEN left(period, 5) " \
        "|| lpad(CAST(CAST(period[7] AS INTEGER) * 3 - 2 AS VARCHAR), 2, '0') ELSE period END"
LAST = "CASE WHEN length(period) = 4 THEN period || '-12' WHEN period[6] = 'Q' THEN left(period, 5) " \
       "|| lpad(CAST(CAST(period[7] AS INTEGER) * 3 AS VARCHAR), 2, '0') ELSE period END"
SERIES = ", ".join(DIMENSIONS)


def parse_key(key: str | None) -> dict[str, list[str]]:
    """`CH+CH-GE` style key parts in the data structure's dimension order; `*`, `all` or empty parts match anything."""
    if key in (None, "", "*", "all"):
        return {}
    parts = key.split(".")
    if len(parts) != len(DIMENSIONS):
        raise LmoError(f"key {key!r} has {len(parts)} parts; the data structure has {len(DIMENSIONS)}: "
                       + ".".join(DIMENSIONS.values()))
    return {column: part.split("+") for column, part in zip(DIMENSIONS, parts) if part not in ("", "*")}


def span(period: str) -> tuple[str, str]:
    """First and last month of a TIME_PERIOD value of a query."""
    if not PERIOD.match(period):
        raise LmoError(f"TIME_PERIOD {period!r} is not YYYY, YYYY-MM or YYYY-Qn")
    if len(period) == 4:
        return f"{period}-01", f"{period}-12"
    if period[5] == "Q":
        quarter = int(period[6])
        return f"{period[:4]}-{3 * quarter - 2:02d}", f"{period[:4]}-{3 * quarter:02d}"
    return period, period


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
        column = COLUMN_OF[found.group(1)]
        for part in re.split(r"[+ ]", value):
            op, _, rest = part.partition(":") if part.split(":")[0] in OPERATORS else ("eq", "", part)
            if column != "period" and op not in ("eq", "ne"):
                raise LmoError(f"operator {op!r} is supported on TIME_PERIOD only")
            for period in rest.split(",") if column == "period" else ():
                span(period)  # refuses a malformed period
            conditions.append((column, op, rest.split(",")))
    return conditions


def moment(value: str | None, name: str) -> str | None:
    """The day (YYYY-MM-DD) of an ISO 8601 date or date-time parameter."""
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        raise LmoError(f"{name} {value[:40]!r} is not an ISO 8601 date or date-time") from None


def count(value: str | None, name: str) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or int(value) < 1:
        raise LmoError(f"{name} {value[:40]!r} is not a positive whole number")
    return int(value)


def selection(flow: str, key: dict[str, list[str]], conditions) -> dict[str, list[str]]:
    """Codes every series dimension must be one of (the flow's indicator, the key, `eq` conditions)."""
    chosen = dict(key)
    if flow != ALL:
        chosen["indicator"] = [flow] if "indicator" not in chosen or flow in chosen["indicator"] else []
    for column, op, values in conditions:
        if column != "period" and op == "eq":
            chosen[column] = [v for v in chosen.get(column, values) if v in values]
    return chosen


def where(chosen: dict[str, list[str]], conditions=(), updated_after: str | None = None) -> tuple[str, dict]:
    """A WHERE clause (and its parameters) for the chosen codes, the c[…] conditions and updatedAfter."""
    clauses, params = [], {}
    for n, (column, codes) in enumerate(chosen.items()):
        clauses.append(f"list_contains($k{n}, {column})")
        params[f"k{n}"] = codes
    for n, (column, op, values) in enumerate(conditions):
        if column == "period" and op not in ("eq", "ne"):
            firsts, lasts = zip(*map(span, values))
            sql = {"ge": f"{FIRST} >= $c{n}", "gt": f"{FIRST} > $c{n}", "le": f"{LAST} <= $c{n}",
                   "lt": f"{LAST} < $c{n}"}[op]
            params[f"c{n}"] = min(firsts) if op in ("ge", "lt") else max(lasts)
        elif op == "ne" or column == "period":
            sql = f"{'NOT ' if op == 'ne' else ''}list_contains($c{n}, {column})"
            params[f"c{n}"] = values
        else:
            continue  # `eq` on a series dimension is part of the selection
        clauses.append(sql)
    if updated_after:
        clauses.append("vintage >= $updated_after")  # a value's vintage is the day it was published
        params["updated_after"] = updated_after
    return " AND ".join(clauses) or "true", params


def last_n(n: int | None) -> str:
    """The last n periods of every series (series: the dimensions without TIME_PERIOD)."""
    return f"QUALIFY row_number() OVER (PARTITION BY {SERIES} ORDER BY period DESC) <= {int(n)}" if n else ""


def history(versions: str) -> str:
    """Every version of every value from `versions` (rows with `as_of`, one set per publication date, oldest first):
    a value is a new version when it was absent on the previous date or differed; VALID_FROM its date, VALID_TO the
    next version's."""
    keys = f"{SERIES}, period"
    return f"""
        WITH dates AS (SELECT as_of, lag(as_of) OVER (ORDER BY as_of) AS before FROM (SELECT DISTINCT as_of FROM {versions})),
        marked AS (SELECT v.*, dates.before, lag(v.as_of) OVER w AS seen, lag(v.value) OVER w AS was
                   FROM {versions} v JOIN dates USING (as_of) WINDOW w AS (PARTITION BY {keys} ORDER BY v.as_of))
        SELECT * EXCLUDE (as_of, before, seen, was), as_of AS valid_from,
               lead(as_of) OVER (PARTITION BY {keys} ORDER BY as_of) AS valid_to
        FROM marked WHERE before IS NULL OR seen IS DISTINCT FROM before OR was IS DISTINCT FROM value"""
