"""`lmo indicator ID`: print an indicator's values from the published warehouse."""

import difflib
import re
import sys

from kernel.settings import LmoError, warehouse_path
from kernel.vocabulary import CHOICES, ON_REQUEST
from lmo.commands import add_db, add_format
from lmo.output import write_records

# Measures the mart stores (indicators/sql/mart.sql); ON_REQUEST ones are computed by the command.
STORED = ("level", "change_prev_abs", "change_prev_pct", "change_prev_pp", "change_year_abs", "change_year_pct",
          "change_year_pp", "share_national", "deviation_national", "rank", "ma12")


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
    parser.add_argument("--adjustment", choices=("NSA", "SA", "all"), default="NSA",
                        help="NSA: unadjusted (default); SA: the seasonally adjusted series the mart holds; all: both")
    parser.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD",
                        help="values as published on that date (the vintages in force then)")
    parser.add_argument("--world", choices=CHOICES, default="real",
                        help="real: official, user and derived values (default); demo: the synthetic demo data; "
                             "all: both, each row with its realm")
    add_format(parser)
    add_db(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from indicators.catalog import entry
    from indicators.model import period_frequency
    from kernel.query import indicator_records

    entry(args.id)
    check_names(args.geo or [], args.measure)
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
                                 breakdowns=args.breakdowns, world=args.world,
                                 adjustment=None if args.adjustment == "all" else args.adjustment)
    if not rows:
        world = " among real figures (--world demo: the synthetic demo data)" if args.world == "real" else ""
        raise LmoError(f"no values for {args.id} with geo={args.geo or 'any'} period={args.period or 'any'}"
                       f" measure={args.measure} adjustment={args.adjustment}"
                       + (f" as of {args.as_of}" if args.as_of else "") + world)
    write_records(rows, args.format)
    synthetic = sum(1 for row in rows if row.get("basis") == "synthetic")
    if synthetic:
        print(f"warning: {synthetic} of these {len(rows)} values are synthetic demo data (realm synthetic), "
              "not real figures", file=sys.stderr)
    return 0


def check_names(geos: list[str], measure: str) -> None:
    """A geo code or measure that does not exist is named as such (not reported as "no values")."""
    from indicators.codelists import known_geo

    unknown = [g for g in geos if not known_geo(g)]
    if unknown:
        raise LmoError(f"unknown geo {', '.join(map(repr, unknown))}: use a canton (CH-ZH), a region (MA-01) or "
                       "an ISO country code (CH, MA)")
    if measure not in (*STORED, *ON_REQUEST, "all"):
        close = difflib.get_close_matches(measure, [*STORED, *ON_REQUEST], n=1)
        raise LmoError(f"unknown measure {measure!r}" + (f"; did you mean {close[0]!r}?" if close else
                                                         f"; known: {', '.join((*STORED, *ON_REQUEST))}"))


def transformed(args, kind: str) -> list[dict]:
    """A transform computed now from the stored levels (all geos and periods it needs), then filtered."""
    import pandas as pd

    from indicators.transforms import on_request
    from kernel.query import indicator_records

    levels = pd.DataFrame(indicator_records(warehouse_path(args.db), args.id, measure="level", as_of=args.as_of,
                                            world=args.world, adjustment=None))
    if levels.empty:
        return []
    out = on_request(levels, args.measure, kind, args.base)
    if args.geo:
        out = out[out["geo"].isin(args.geo)]
    if args.period:
        out = out[out["period"] == args.period]
    return out[list(levels.columns)].to_dict("records")
