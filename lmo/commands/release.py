"""`lmo release`: write an immutable release of the published warehouse (Parquet + Frictionless data package)."""

import datetime as dt

from kernel.settings import warehouse_path
from lmo.commands import add_db


def register(sub) -> None:
    parser = sub.add_parser("release", help="write a versioned release of the published copy")
    parser.add_argument("--date", default=dt.date.today().isoformat(), help="release name (default: today)")
    add_db(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from kernel.query import published
    from publish.release import releases_dir, write_release

    db = warehouse_path(args.db)
    path = write_release(published(db), releases_dir(db), args.date)
    print(f"release {path.name}: {path}")
    return 0
