"""`lmo ingest KIND PATH`: run the ingest job on a user's file — kept raw, loaded, recomputed and published."""

import sys

from kernel.settings import LmoError, warehouse_path
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
    from pipelines.run import failed_checks, materialized, run_ingest

    result = run_ingest(warehouse_path(args.db), args.kind, args.path, args.vintage)
    report(args, materialized(result, "uploaded_file"), materialized(result, "published_warehouse"))
    failed = failed_checks(result)
    for line in failed["error"]:
        print(f"check failed: {line}", file=sys.stderr)
    if failed["error"]:
        print("held back: the published figures stay those of the previous publication", file=sys.stderr)
    return 1 if failed["error"] else 0


def report(args, loaded: dict, published: dict) -> None:
    if loaded.get("unchanged"):
        done = "its publication completed now" if published.get("new") else "nothing changed"
        print(f"{args.path}: already loaded (sha256 {loaded['sha256'][:12]}), {done}")
        return
    periods, geos = loaded.get("periods", []), loaded.get("geos", [])
    print(f"loaded {loaded.get('rows', 0)} rows from {args.path} ({args.kind})")
    print(f"  datasets: {', '.join(loaded.get('datasets', []))}")
    if geos:
        print(f"  geos:     {len(geos)} ({', '.join(geos[:12])}{' ...' if len(geos) > 12 else ''})")
    if periods:
        print(f"  periods:  {periods[0]} … {periods[-1]} ({len(periods)})")
    print(f"  vintage:  {loaded.get('vintage')}   sha256: {loaded.get('sha256')}")
    for line in loaded.get("skipped", []):
        print(f"  {line.split(': ', 1)[-1]}")
    if published:  # this run's publication, or that of a run that loaded this file with others at once
        print("indicators refreshed and published", file=sys.stderr)
