"""Print records as an aligned table, CSV or JSON."""

import csv
import json
import sys

import pandas as pd


def write_records(rows: list[dict], fmt: str, out=None) -> None:
    out = out or sys.stdout
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=1, default=str)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        out.write(pd.DataFrame(rows).to_string(index=False) + "\n")
