"""The `lmo` command as a user runs it: exit codes, output shapes; `lmo` as a real process (the helper other modules
use), the rest in this process (tests/cli_in_process.py: what a command does, not its process)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from kernel.settings import published_path
from tests.cli_in_process import lmo_here
from tests.correction import copy_of

LMO = [str(Path(sys.executable).with_name("lmo"))]


def lmo(*args: str, db: Path | None = None) -> subprocess.CompletedProcess:
    env = os.environ | ({"LMO_DB": str(db)} if db else {})
    return subprocess.run([*LMO, *args], capture_output=True, text=True, env=env, timeout=300)


def test_indicator_json_prints_the_published_rate(warehouse, bulletin):
    done = lmo_here("indicator", "registered_unemployment_rate", "--geo", "CH-ZH", "--period", "2025-01",
                    "--format", "json", db=warehouse)
    assert done.returncode == 0, done.stderr
    [record] = json.loads(done.stdout)
    zh = next(c for c in bulletin["cantons"] if c["code"] == "ZH")["months"][0]
    assert record["value"] == zh["rate"] == 2.6
    assert {"indicator", "geo", "period", "value", "unit", "obs_status"} <= record.keys()


def test_indicator_csv_has_one_row_per_geo(warehouse):
    done = lmo_here("indicator", "registered_unemployed", "--geo", "CH", "--geo", "CH-BE", "--period", "2026-07",
                    "--format", "csv", db=warehouse)
    lines = done.stdout.strip().splitlines()
    assert lines[0].startswith("indicator,geo,period") and len(lines) == 3


@pytest.mark.parametrize("args,message", [
    (("indicator", "no_such_indicator"), "unknown indicator 'no_such_indicator'"),
    (("indicator", "registered_unemployed", "--period", "2025-13"), "bad period '2025-13'"),
    (("indicator", "registered_unemployed", "--geo", "XX-YY"), "unknown geo 'XX-YY'"),
    (("indicator", "registered_unemployed", "--geo", "TN"), "no values for registered_unemployed"),
])
def test_user_mistakes_are_one_line_and_exit_1(warehouse, args, message):
    done = lmo_here(*args, db=warehouse)
    assert done.returncode == 1
    assert message in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_no_warehouse_yet_says_what_to_do(tmp_path):
    """A real process, the only one here: the installed `lmo` exits 1 and says what to do."""
    done = lmo("indicator", "registered_unemployed", db=tmp_path / "empty.duckdb")
    assert done.returncode == 1 and "run `lmo run` first" in done.stderr


def test_run_prints_where_things_are_and_warnings_as_warnings(warehouse, run_output):
    """The session's warehouse was built by `lmo run` (it exited 0): what it printed."""
    assert re.search(rf"^materialized \d+ assets into {re.escape(str(warehouse))}$", run_output, re.M)
    assert f"published: {published_path(warehouse)}\n" in run_output
    # the real data only trips warnings: ILOSTAT's Tunisia 2021 outliers, SECO's 2025 revision
    outliers = re.search(r"^warning: outliers on observations: (\d+) failures \(.*ilostat_une_deap_sex_age_rt",
                         run_output, re.M)
    assert outliers and int(outliers.group(1)) > 0 and "warning: revisions on observations: " in run_output
    assert "check failed" not in run_output


def test_run_exits_1_when_an_error_check_fails(warehouse, tmp_path):
    db = copy_of(warehouse, tmp_path)  # with its Dagster instance: a new one takes seconds to create
    with duckdb.connect(str(db)) as con:  # the files stay loaded: the run keeps this broken canton
        con.execute("UPDATE core.observations SET value = value + 7 WHERE dataset = 'seco_bulletin' AND geo = 'CH-BE' "
                    "AND period = '2026-03' AND measure = 'registered_unemployed'")
    done = lmo_here("run", db=db)
    assert done.returncode == 1
    assert "check failed: cantons_sum on observations: 1 failures (seco_bulletin)" in done.stderr.splitlines()
    assert "held back: the published figures stay those of the previous publication" in done.stderr
    assert "warning: outliers on observations: " in done.stdout and "check failed" not in done.stdout


def test_indicator_lists_totals_unless_breakdowns_are_asked_for(warehouse):
    args = ("indicator", "registered_unemployment_rate", "--geo", "CH-ZH", "--period", "2025-01", "--format", "json")
    totals = json.loads(lmo_here(*args, db=warehouse).stdout)
    every = json.loads(lmo_here(*args, "--breakdowns", db=warehouse).stdout)
    dims = ("sex", "age", "citizenship", "activity", "occupation", "programme")
    assert [r["value"] for r in totals] == [2.6]
    assert every[0] == totals[0] and all(all(r[d] == "_T" for d in dims) for r in totals)


def test_a_maghreb_region_is_a_geo_the_indicator_command_answers_for(warehouse):
    done = lmo_here("indicator", "registered_unemployed", "--geo", "TN-11", "--period", "2025", "--world", "demo",
                    "--format", "json", db=warehouse)
    assert done.returncode == 0, done.stderr
    [row] = json.loads(done.stdout)
    assert (row["geo"], row["realm"], row["unit"]) == ("TN-11", "synthetic", "persons") and row["value"] > 0
    assert "synthetic demo data" in done.stderr
