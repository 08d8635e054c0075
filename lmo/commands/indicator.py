"""`lmo indicator ID`: print an indicator's values from the published warehouse."""

import re

import pandas as pd

from indicators.transforms import ON_REQUEST
from lmo.commands import add_db, add_format
from lmo.output import write_records
from lmo.settings import LmoError, warehouse_path


def register(sub) -> None:
    parser = sub.add_parser("indicator", help="print an indicator's values")
    parser.add_argument("id", help="indicator id (see `lmo catalogue`)")
    parser.add_argument("--geo", action="append", help="geo code, e.g. CH-ZH or CH (repeatable)")
    parser.add_argument("--period", help="period: 2025, 2025-Q1 or 2025-01")
    parser.add_argument("--breakdowns", action="store_true",
                        help="also list values by sex, age, citizenship, ... (default: totals only)")
    parser.add_argument("--measure", default="level",
                        help="level (default), change_prev_pct, change_year_pp, share_national, "
                             "deviation_national, rank, ma12 (stored) or index, deviation_peer, sa "
                             "(computed on request), or all")
    parser.add_argument("--base", help="base period of --measure index (= 100)")
    parser.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD",
                        help="values as published on that date (the vintages in force then)")
    add_format(parser)
    add_db(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from dashboard.data import indicator_records
    from indicators.catalog import entry
    from indicators.model import period_frequency

    entry(args.id)
    if args.period:
        try:
            period_frequency(args.period)
        except ValueError as error:
            raise LmoError(str(error)) from None
    if args.as_of and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.as_of):
        raise LmoError(f"bad --as-of {args.as_of!r}: expected a date YYYY-MM-DD")
    if args.measure in ON_REQUEST:
        rows = transformed(args, entry(args.id)["kind"])
    else:
        rows = indicator_records(warehouse_path(args.db), args.id, geos=args.geo, period=args.period,
                                 measure=None if args.measure == "all" else args.measure, as_of=args.as_of,
                                 breakdowns=args.breakdowns)
    if not rows:
        raise LmoError(f"no values for {args.id} with geo={args.geo or 'any'} period={args.period or 'any'}"
                       f" measure={args.measure}" + (f" as of {args.as_of}" if args.as_of else ""))
    write_records(rows, args.format)
    return 0


def transformed(args, kind: str) -> list[dict]:
    """A transform computed now from the stored levels (all geos and periods it needs), then filtered."""
    from dashboard.data import indicator_records
    from indicators.transforms import on_request

    levels = pd.DataFrame(indicator_records(warehouse_path(args.db), args.id, measure="level", as_of=args.as_of))
    if levels.empty:
        return []
    out = on_request(levels, args.measure, kind, args.base)
    if args.geo:
        out = out[out["geo"].isin(args.geo)]
    if args.period:
        out = out[out["period"] == args.period]
    return out[list(levels.columns)].to_dict("records")
