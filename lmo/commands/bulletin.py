"""`lmo bulletin`: the month's labour-market report from the published warehouse, as HTML or PDF."""

import re
from pathlib import Path

from kernel.settings import LmoError, warehouse_path
from kernel.vocabulary import LANGS
from lmo.commands import add_db

FORMATS = ("html", "pdf")


def register(sub) -> None:
    parser = sub.add_parser("bulletin", help="write the monthly bulletin (HTML or PDF)")
    parser.add_argument("--period", required=True, help="the month, e.g. 2026-07")
    parser.add_argument("--lang", choices=LANGS, default="fr", help="language (ar: right to left)")
    parser.add_argument("--format", choices=FORMATS, default="pdf", help="output format")
    parser.add_argument("--out", required=True, help="file to write")
    add_db(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from kernel.query import quality_results, reader
    from publish.bulletin import render, write

    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.period):
        raise LmoError(f"bad --period {args.period!r}: expected a month YYYY-MM")
    db = warehouse_path(args.db)
    with reader(db) as con:
        html = render(con, args.period, args.lang, quality_results(db))
    try:
        path = write(html, args.format, Path(args.out))
    except OSError as error:
        raise LmoError(f"cannot write {args.out}: {error.strerror}") from None
    print(f"bulletin {args.period} ({args.lang}, {args.format}): {path}")
    return 0
