"""Many writers: the 26 cantonal offices' register files submitted at the same moment, each by its own `lmo ingest`
process on one warehouse: none lost, each published or rejected with its message, the figures those of one file."""

import csv
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from bench.writers import cantonal_files, submitted_at_once, write
from kernel.settings import published_path, staging_dir
from lmo.cli import main as lmo_main

pytestmark = [pytest.mark.slow, pytest.mark.scale]  # 26 `lmo ingest` processes at once
BROKEN = "CH-JU"  # its office sends a date that does not exist, in its file's third spell
COLUMNS = ["indicator", "geo", "period", "frequency", "sex", "age", "citizenship", "occupation", "programme", "measure",
           "adjustment", "value", "obs_status", "conf_status", "note"]


def published_register(db: Path) -> pd.DataFrame:
    with duckdb.connect(str(published_path(db)), read_only=True) as con:
        return con.execute(f"SELECT {', '.join(COLUMNS)} FROM mart.indicator_values WHERE realm = 'synthetic' "
                           "ORDER BY ALL").df()


@pytest.fixture(scope="module")
def submitted(tmp_path_factory):
    root = tmp_path_factory.mktemp("writers")
    files = cantonal_files(root, BROKEN)
    db = root / "w.duckdb"
    _, codes = submitted_at_once(db, list(files.values()))
    return db, files, dict(zip(files, codes)), {c: p.with_suffix(".out").read_text() for c, p in files.items()}


def test_twenty_six_offices_at_once_are_each_published_or_rejected_with_their_message(submitted):
    db, files, codes, said = submitted
    assert len(files) == 26
    assert {c for c, code in codes.items() if code == 0} == set(files) - {BROKEN}, said
    for canton, path in files.items():  # each run loaded its own file, whichever run's load took it in
        if canton != BROKEN:
            rows = sum(1 for _ in open(path, encoding="utf-8")) - 1
            assert f"loaded {rows} rows from {path}" in said[canton] and "published" in said[canton], said[canton]
    assert codes[BROKEN] == 1
    assert f"{files[BROKEN]}: row 4: column 'registration_date': rule date YYYY-MM-DD: value '2025-02-30'" in said[BROKEN]


def test_none_is_lost_and_none_is_left_staged(submitted):
    db, files, _, _ = submitted
    expected = {c: sum(1 for _ in open(p, encoding="utf-8")) - 1 for c, p in files.items() if c != BROKEN}
    with duckdb.connect(str(db), read_only=True) as con:
        loaded = dict(con.execute("SELECT geo, count(*) FROM core.register_spells GROUP BY geo").fetchall())
        assert con.execute("SELECT count(*) FROM raw.files").fetchone()[0] == 25
        assert con.execute("SELECT count(*) FROM core.pending").fetchone()[0] == 0
    assert loaded == expected
    assert not any(staging_dir(db).iterdir())


def test_the_published_figures_are_those_of_one_file_of_the_same_spells(submitted, tmp_path):
    db, files, _, _ = submitted
    rows = []
    for canton, path in files.items():
        if canton != BROKEN:
            with open(path, encoding="utf-8", newline="") as handle:
                rows += list(csv.DictReader(handle))
    one = tmp_path / "w.duckdb"
    assert lmo_main(["--db", str(one), "ingest", "register-spells", str(write(tmp_path / "CH.csv", rows))]) == 0
    together, alone = published_register(db), published_register(one)
    assert len(alone) > 10000
    pd.testing.assert_frame_equal(together, alone)
