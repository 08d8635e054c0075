"""`lmo export`: write indicator values with their metadata as CSV, Parquet, Excel or SDMX-CSV 2.0."""

from pathlib import Path

from kernel.settings import LmoError, warehouse_path
from lmo.commands import add_db

FORMATS = ("csv", "parquet", "sdmx-csv", "xlsx")


def register(sub) -> None:
    parser = sub.add_parser("export", help="export indicator values and metadata")
    parser.add_argument("--format", choices=FORMATS, required=True, help="file format")
    parser.add_argument("--out", required=True, help="folder to write into (created if needed)")
    parser.add_argument("--indicator", action="append", help="indicator id (repeatable; default: all)")
    add_db(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from indicators.catalog import entry
    from indicators.export import write
    from kernel.query import reader

    for indicator in args.indicator or []:
        entry(indicator)
    with reader(warehouse_path(args.db)) as con:
        values = con.execute("SELECT * FROM mart.indicator_values WHERE $ids IS NULL OR list_contains($ids, indicator) "
                             "ORDER BY ALL", {"ids": args.indicator}).df()
    if values.empty:
        raise LmoError(f"no values to export for {args.indicator or 'any indicator'}")
    try:
        written = write(values, args.format, Path(args.out))
    except OSError as error:
        raise LmoError(f"cannot write to {args.out}: {error.strerror}") from None
    print(f"exported {len(values)} values of {values['indicator'].nunique()} indicators:")
    for path in written:
        print(f"  {path}")
    return 0
