"""`lmo bundle --out DIR`: a static site of one release that opens from file:// (a USB stick) without a server."""

from pathlib import Path

from kernel.settings import LmoError, warehouse_path
from lmo.commands import add_db


def register(sub) -> None:
    parser = sub.add_parser("bundle", help="write an offline static site of a release")
    parser.add_argument("--out", required=True, help="folder to write into (created if needed)")
    parser.add_argument("--release", default="latest", help="release name, e.g. 2026-12-01 (default: latest)")
    add_db(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from publish.bundle import write_bundle
    from publish.release import releases_dir

    try:
        written = write_bundle(releases_dir(warehouse_path(args.db)), args.release, Path(args.out))
    except OSError as error:
        raise LmoError(f"cannot write to {args.out}: {error.strerror}") from None
    print(f"bundle of release {args.release}: {len(written)} pages in {args.out} (open {Path(args.out) / 'index.html'})")
    return 0
