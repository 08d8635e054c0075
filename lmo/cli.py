"""The `lmo` command: one subcommand per module of lmo/commands (each has register())."""

import argparse
import errno
import importlib
import os
import pkgutil
import sqlite3
import sys

from kernel.settings import LmoError, storage_failed
from lmo import commands
from lmo.commands import DB_HELP

DISK_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lmo", description="LMO, the labour-market observatory")
    parser.add_argument("--db", help=DB_HELP)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"lmo.commands.{info.name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args) or 0
    except LmoError as error:
        print(f"lmo {args.command}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (`lmo indicator … | head`): no traceback, and none at exit either
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as error:
        if not (detail := storage_failure(error)):
            raise
        print(f"lmo {args.command}: {storage_failed(detail)}", file=sys.stderr)
        return 1


def storage_failure(error: BaseException) -> str | None:
    """The first line of a failed write (a full disk, a file size limit) anywhere in the error's chain: in Dagster's
    run storage (SQLite), DuckDB or a file copy."""
    import duckdb

    while error is not None:
        if isinstance(error, sqlite3.OperationalError | duckdb.IOException) or \
                isinstance(error, OSError) and error.errno in DISK_FULL:
            return str(error).strip().splitlines()[0]
        error = error.__cause__ or error.__context__
    return None


if __name__ == "__main__":
    sys.exit(main())
