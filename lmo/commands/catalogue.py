"""`lmo catalogue`: list the indicator catalogue with names and definitions in every language."""

import json
import sys

from kernel.vocabulary import LANGS
from lmo.commands import add_format
from lmo.output import write_records

PUBLIC = ("id", "name", "definition", "unit", "decimals", "kind", "numerator", "denominator", "concept",
          "frequency", "breakdowns", "source", "sdg", "higher_is_better", "aggregation", "reference",
          "share_of_national")


def register(sub) -> None:
    parser = sub.add_parser("catalogue", help="list the indicators with their definitions")
    add_format(parser, choices=("table", "json", "csv"))
    parser.add_argument("--lang", choices=LANGS, default="en",
                        help="language of names, definitions and units in table and csv output")
    parser.set_defaults(func=run)


def records() -> list[dict]:
    """One record per indicator: every public field, texts in all languages, the formula if any."""
    from indicators.catalog import catalogue

    out = []
    for item in catalogue():
        record = {key: item.get(key) for key in PUBLIC}
        record["formula"] = item.get("formula")
        record["sources"] = [src["dataset"] for src in item.get("from", [])]
        out.append(record)
    return out


def run(args) -> int:
    rows = records()
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    from dashboard.lang import unit

    lang = args.lang
    flat = [{"id": r["id"], "name": r["name"].get(lang) or r["name"]["en"], "unit": unit(r["unit"], lang),
             "kind": r["kind"], "frequency": r["frequency"], "concept": r["concept"],
             **({"definition": r["definition"].get(lang) or r["definition"]["en"]} if args.format == "csv" else {})}
            for r in rows]
    write_records(flat, args.format)
    return 0
