"""`lmo ingest KIND PATH`: load a user's file of a known kind, then refresh indicators and publish."""

import sys

from lmo.settings import LmoError, warehouse_path
from lmo.commands import add_db


def register(sub) -> None:
    parser = sub.add_parser("ingest", help="load a file of a known kind (--list shows them)")
    parser.add_argument("kind", nargs="?", help="file kind, e.g. seco-bulletin-json")
    parser.add_argument("path", nargs="?", help="the file to load")
    parser.add_argument("--list", action="store_true", help="list the known kinds")
    parser.add_argument("--vintage", help="publication date YYYY-MM-DD (default: the file's own, else today)")
    add_db(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from pipelines.ingest import kinds

    if args.list:
        for kind, spec in kinds().items():
            print(f"{kind:24} {spec['description']}")
        return 0
    if not (args.kind and args.path):
        raise LmoError("usage: lmo ingest KIND PATH (or --list)")
    result = load(args)
    if result.unchanged:
        print(f"{args.path}: already loaded (sha256 {result.sha256[:12]}), nothing changed")
        return 0
    print(f"loaded {result.rows} rows from {args.path} ({args.kind})")
    print(f"  datasets: {', '.join(result.datasets)}")
    print(f"  geos:     {len(result.geos)} ({', '.join(result.geos[:12])}{' ...' if len(result.geos) > 12 else ''})")
    print(f"  periods:  {result.periods[0]} … {result.periods[-1]} ({len(result.periods)})")
    print(f"  vintage:  {result.vintage}   sha256: {result.sha256}")
    for line in result.skipped_lines():
        print(f"  {line}")
    return 0


def load(args):
    from pipelines.ingest import ingest_and_publish

    result = ingest_and_publish(warehouse_path(args.db), args.kind, args.path, args.vintage)
    if not result.unchanged:
        print("indicators refreshed and published", file=sys.stderr)
    return result
