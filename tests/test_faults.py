"""Faults: a load killed with SIGKILL leaves the warehouse as it was, the next run completes, runs are reproducible."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.warehouse import checksum
from tests.correction import RUNNER, lmo_in_process

GOOD = Path(__file__).parent / "corpus" / "good" / "zh-2025.csv"
# Runs `lmo ingest` but SIGKILLs itself inside the load transaction: after the rows are inserted into
# core.observations, at the moment the raw.files record is being written, before COMMIT.
KILL_MID_LOAD = """
import os, signal, sys
import pipelines.warehouse as wh
class Dying:
    @staticmethod
    def now(tz=None):
        os.kill(os.getpid(), signal.SIGKILL)
wh.datetime = Dying
from lmo.cli import main
sys.exit(main(sys.argv[1:]))
"""


def state(db: Path) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        return checksum(con)


def test_sigkill_inside_the_load_transaction_changes_nothing(warehouse, tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copyfile(warehouse, db)
    before = state(db)
    killed = subprocess.run([sys.executable, "-c", KILL_MID_LOAD, "ingest", "observations-csv", str(GOOD), "--db", str(db)],
                            capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert state(db) == before
    done = lmo_in_process(db, "ingest", "observations-csv", str(GOOD))  # in process: only the killed load must be one
    assert done.returncode == 0, done.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        values = con.execute("SELECT period, measure, value FROM core.observations WHERE dataset = 'cantonal_office' "
                             "ORDER BY ALL").fetchall()
    assert values == [("2025-01", "registered_unemployed", 22573.0), ("2025-01", "registered_unemployment_rate", 2.6),
                      ("2025-02", "registered_unemployed", 22992.0), ("2025-02", "registered_unemployment_rate", 2.7)]


@pytest.mark.slow
@pytest.mark.scale
def test_sigkill_of_a_whole_run_then_rerun_gives_the_same_indicators(warehouse, tmp_path):
    """Killed once it writes the warehouse, `lmo run` reruns to exactly the indicators of a clean run (compared
    without what follows them: the bulletin and the programme effects' bootstrap are left out or made small)."""
    db = tmp_path / "w.duckdb"
    env = os.environ | {"LMO_DB": str(db), "LMO_EVAL_REPS": "10"}
    run = [sys.executable, str(RUNNER), "run"]
    proc = subprocess.Popen(run, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(1200):
        if db.exists() or proc.poll() is not None:
            break
        time.sleep(0.05)
    time.sleep(0.3)
    assert proc.poll() is None, "the run ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    rerun = subprocess.run(run, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    tables = ("core.observations", "mart.indicator_values")
    with duckdb.connect(str(db), read_only=True) as con, duckdb.connect(str(warehouse), read_only=True) as clean:
        assert checksum(con, tables) == checksum(clean, tables)
        assert con.execute("SELECT count(*) FROM mart.indicator_values").fetchone()[0] > 1000


def test_a_failing_load_rolls_back_everything(warehouse, tmp_path):
    """The transaction proof without a kill: a load failing after its inserts leaves no trace."""
    from pipelines import warehouse as wh
    from pipelines.sources import observations_csv

    db = tmp_path / "w.duckdb"
    shutil.copyfile(warehouse, db)
    con = wh.connect(db)
    before = checksum(con)
    from indicators.model import with_realm

    frame = with_realm(observations_csv.to_canonical(observations_csv.read(GOOD), "2025-03-01"), "user")
    raw = wh.RawFile("0" * 64, None, GOOD.name, GOOD, 1)   # kind NULL: the raw.files insert fails
    with pytest.raises(duckdb.ConstraintException):
        wh.load_observations(con, frame, raw, "2025-03-01")
    assert checksum(con) == before
    con.close()
