"""`lmo fetch [NAME]...`: pull network sources into the inbox, where the Dagster sensor loads them."""

import sys

from kernel.settings import LmoError, inbox_dir, warehouse_path
from lmo.commands import add_db


def register(sub) -> None:
    parser = sub.add_parser("fetch", help="download the network sources (pipelines/sources/fetch.yaml) to the inbox")
    parser.add_argument("names", nargs="*", help="sources to fetch (default: all)")
    parser.add_argument("--list", action="store_true", help="list the sources and their URLs")
    add_db(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from pipelines import fetch

    sources = fetch.config()["sources"]
    if args.list:
        for name, spec in sources.items():
            print(f"{name:28} {spec['kind']:18} {spec['url']}")
        return 0
    inbox = inbox_dir(warehouse_path(args.db))
    failed = []
    for name in args.names or list(sources):
        try:
            done = fetch.fetch(name, inbox / fetch.source(name)["kind"])
            print(f"{name}: {done.status} -> {done.path}")
        except LmoError as error:
            failed.append(name)
            print(f"lmo fetch: {error}", file=sys.stderr)
    if failed:
        print(f"lmo fetch: {len(failed)} of {len(args.names or sources)} sources failed; "
              "the files in data/ and those already fetched stay in use", file=sys.stderr)
        return 1
    return 0
