"""Print records as an aligned table, CSV or JSON; cells a spreadsheet would run as formulas are neutralised."""

import csv
import json
import re
import sys

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


def neutralise_cell(value):
    """A text starting like a formula (= + - @, tab, CR) gets a leading apostrophe (OWASP CSV injection);
    numbers, and texts that are plain numbers such as '-3.5', are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


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
        out.write(pd.DataFrame(rows).to_string(index=False) + "\n")
