"""`lmo run`: materialize every asset on the embedded data into the warehouse; a failed error check exits 1."""

import logging
import sys

from kernel.settings import published_path, warehouse_path
from lmo.commands import add_db


def register(sub) -> None:
    parser = sub.add_parser("run", help="materialize all assets into the warehouse")
    add_db(parser)
    parser.add_argument("--select", help="Dagster asset selection (default: everything)")
    parser.set_defaults(func=run)


def run(args) -> int:
    logging.getLogger("dagster").setLevel(logging.WARNING)
    from pipelines.run import failed_checks, run_all

    db = warehouse_path(args.db)
    result = run_all(db, args.select)
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    print(f"materialized {len(materialized)} assets into {db}")
    print(f"published: {published_path(db)}")
    failed = failed_checks(result)
    for line in failed["warning"]:
        print(f"warning: {line}")
    for line in failed["error"]:
        print(f"check failed: {line}", file=sys.stderr)
    if failed["error"]:
        print("held back: the published figures stay those of the previous publication", file=sys.stderr)
    return 1 if failed["error"] else 0
