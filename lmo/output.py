"""Print records as an aligned table, CSV or JSON; cells a spreadsheet would run as formulas are neutralised."""

import csv
import json
import re
import sys

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


def neutralise_cell(value):
    """A text starting like a formula (= + - @, tab, CR) gets a leading apostrophe (OWASP CSV injection);
    numbers, and texts that are plain numbers such as '-3.5', are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def neutral_sql(column: str) -> str:
    """neutralise_cell's rule as a DuckDB expression (RE2), for files DuckDB writes itself."""
    return (f"CASE WHEN regexp_matches({column}, '^[=+@\\t\\r-]') AND NOT regexp_matches({column}, "
            f"'{PLAIN_NUMBER.pattern}') THEN '''' || {column} ELSE {column} END")


def header_value(text) -> str:
    """A value for a `# key: value` line: one line, and no comma-separated part that a spreadsheet would run
    as a formula or unquote (a part starting with a quote could hide one) — such a part gets an apostrophe."""
    return ",".join(map(_header_part, " ".join(str(text).split()).split(",")))


def _header_part(part: str) -> str:
    body = part.lstrip()
    return part[:len(part) - len(body)] + ("'" + body if body.startswith('"') else neutralise_cell(body))


def neutralise_row(row: dict) -> dict:
    return {key: neutralise_cell(value) for key, value in row.items()}


def write_records(rows: list[dict], fmt: str, out=None) -> None:
    out = out or sys.stdout
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=1, default=str)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
        writer.writeheader()
        writer.writerows(neutralise_row(row) for row in rows)
    else:
        import pandas as pd  # only for the aligned table: the CLI starts without it

        out.write(pd.DataFrame(rows).to_string(index=False) + "\n")
