"""`lmo serve`: the dashboard on http://127.0.0.1:8050 (port from LMO_PORT or --port)."""

import atexit
import gc
import os

from lmo.commands import add_db
from lmo.settings import published_path, warehouse_path


def register(sub) -> None:
    parser = sub.add_parser("serve", help="serve the dashboard")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("LMO_PORT", 8050)))
    add_db(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from dashboard.app import create_app
    from dashboard.data import published

    db = warehouse_path(args.db)
    os.environ["LMO_DB"] = str(db)
    published(db)
    print(f"LMO dashboard: http://{args.host}:{args.port}/  (reading {published_path(db)})")
    print("Dagster UI:    `lmo dagster` then http://127.0.0.1:3000/")
    app = create_app()
    # Everything loaded so far (Dash, pandas, the catalogue) lives as long as the server: out of the garbage
    # collector's way, full collections no longer walk it — they were the slowest callbacks' tail latency.
    gc.collect()
    gc.freeze()
    atexit.register(gc.unfreeze)
    app.run(host=args.host, port=args.port, debug=False)
    return 0
