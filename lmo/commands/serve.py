"""`lmo serve`: the dashboard on http://127.0.0.1:8050 (port from LMO_PORT or --port), served by gunicorn."""

import atexit
import gc
import logging
import os

from kernel.settings import SERVE_THREADS as THREADS
from kernel.settings import SERVE_WORKERS as WORKERS
from kernel.settings import published_path, warehouse_path
from lmo.commands import add_db


def register(sub) -> None:
    parser = sub.add_parser("serve", help="serve the dashboard")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("LMO_PORT", 8050)))
    parser.add_argument("--workers", type=int, default=WORKERS, help=f"worker processes (default {WORKERS})")
    parser.add_argument("--threads", type=int, default=THREADS, help=f"threads per worker (default {THREADS})")
    parser.add_argument("--dev", action="store_true", help="Flask's development server instead (one process)")
    add_db(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from dashboard.app import create_app
    from kernel.query import published

    db = warehouse_path(args.db)
    os.environ["LMO_DB"] = str(db)
    published(db)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s")
    server = "Flask development server" if args.dev else f"gunicorn, {args.workers} workers × {args.threads} threads"
    print(f"LMO dashboard: http://{args.host}:{args.port}/  (reading {published_path(db)}; {server})", flush=True)
    print("Dagster UI:    `lmo dagster` then http://127.0.0.1:3000/", flush=True)
    app = create_app()
    # Everything loaded so far (Dash, pandas, the catalogue) lives as long as the server: out of the garbage
    # collector's way, full collections no longer walk it (they were the slowest callbacks' tail latency),
    # and the worker processes forked from here share it instead of copying it page by page.
    gc.collect()
    gc.freeze()
    atexit.register(gc.unfreeze)
    if args.dev:
        app.run(host=args.host, port=args.port, debug=False)
    else:
        from dashboard.server import serve
        serve(app, args.host, args.port, args.workers, args.threads)
    return 0
