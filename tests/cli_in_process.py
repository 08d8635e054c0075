"""`lmo` run inside the test's process, reported as tests.test_cli.lmo reports a real one: for tests about what a
command does, not about its process (each new process imports the pipeline again, seconds on a busy machine)."""

import io
import os
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from unittest import mock


def lmo_here(*args: str, db: Path | None = None) -> subprocess.CompletedProcess:
    from lmo.cli import main

    out, err = io.StringIO(), io.StringIO()
    # The environment as a new process would leave it: `lmo` sets DAGSTER_HOME for its warehouse.
    with mock.patch.dict(os.environ, {"LMO_DB": str(db)} if db else {}), redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(["lmo", *args], code, out.getvalue(), err.getvalue())
