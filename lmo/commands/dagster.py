"""`lmo dagster`: the Dagster UI on the project's definitions and instance."""

import os

from lmo import settings
from lmo.commands import add_db


def register(sub) -> None:
    parser = sub.add_parser("dagster", help="serve the Dagster UI (http://127.0.0.1:3000)")
    parser.add_argument("--port", type=int, default=3000)
    add_db(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    db = settings.warehouse_path(args.db)
    env = os.environ | {"LMO_DB": str(db), "DAGSTER_HOME": str(settings.dagster_home(db))}
    dagster = os.path.join(os.path.dirname(os.sys.executable), "dagster")
    print(f"Dagster UI: http://127.0.0.1:{args.port}/")
    os.execve(dagster, [dagster, "dev", "-m", "pipelines.definitions", "-h", "127.0.0.1",
                        "-p", str(args.port)], env)
