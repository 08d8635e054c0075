"""A throwaway PostgreSQL server on 127.0.0.1 in a temporary data folder (installed by `make test`)."""

import glob
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager

import pytest

from tests.browser import free_port


def pg_bin(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))), None)
    if not found:
        pytest.fail("PostgreSQL is not installed: `make test` installs it (apt-get install postgresql)")
    return found


def as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the `postgres` system user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def postgres_server():
    """Yield a SQLAlchemy URL (psycopg2 driver) to database `dagster`; server and files go away afterwards."""
    folder = tempfile.mkdtemp(prefix="lmo-pg-")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data, port = os.path.join(folder, "data"), free_port()
    run = lambda cmd: subprocess.run(as_server_user(cmd), check=True, capture_output=True, text=True)  # noqa: E731
    try:
        run([pg_bin("initdb"), "-D", data, "-U", "postgres", "-A", "trust", "--no-sync"])
        run([pg_bin("pg_ctl"), "-D", data, "-w", "-l", os.path.join(folder, "log"), "start",
             "-o", f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off"])
        try:
            run([pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "dagster"])
            yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/dagster"
        finally:
            run([pg_bin("pg_ctl"), "-D", data, "-w", "-m", "fast", "stop"])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
