"""`lmo indicator ID`: print an indicator's values from the published warehouse."""

import re

from lmo.commands import add_db, add_format
from lmo.output import write_records
from lmo.settings import LmoError, warehouse_path


def register(sub) -> None:
    parser = sub.add_parser("indicator", help="print an indicator's values")
    parser.add_argument("id", help="indicator id (see `lmo catalogue`)")
    parser.add_argument("--geo", action="append", help="geo code, e.g. CH-ZH or CH (repeatable)")
    parser.add_argument("--period", help="period: 2025, 2025-Q1 or 2025-01")
    parser.add_argument("--measure", default="level",
                        help="level (default), change_prev_pct, change_year_pp, share_national, ... or all")
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
    rows = indicator_records(warehouse_path(args.db), args.id, geos=args.geo, period=args.period,
                             measure=None if args.measure == "all" else args.measure, as_of=args.as_of)
    if not rows:
        raise LmoError(f"no values for {args.id} with geo={args.geo or 'any'} period={args.period or 'any'}"
                       f" measure={args.measure}" + (f" as of {args.as_of}" if args.as_of else ""))
    write_records(rows, args.format)
    return 0
