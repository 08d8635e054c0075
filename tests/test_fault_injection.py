"""All or nothing (issue 17 item 2): `lmo ingest` and `lmo run` killed at every stage of a load, its mart refresh
and its publication, or failing on a full disk — the published state stays the previous one byte for byte (or is
the new one, complete), an error is one line, no partial file stays, and the next run completes the work."""

import signal
from pathlib import Path

import duckdb
import pytest

from tests.correction import copy_of, correction, lmo, old_and_new, published_july, published_state

pytestmark = [pytest.mark.slow, pytest.mark.scale]
# Each command is killed at the next stage (tests/lmo_faults.py): to get there, it must have completed what the
# one before left undone.
KILLS = [("ingest", "raw-copy"), ("ingest", "core-committed"), ("run", "mart-refreshed"),
         ("ingest", "publication-copy"), ("run", "before-current"), ("ingest", "after-current")]
LEFT_BEHIND = {"raw-copy": "raw/", "publication-copy": "w.published/."}  # where a kill there leaves a partial file


def partial_files(db: Path) -> list[str]:
    return sorted(str(p.relative_to(db.parent)) for p in db.parent.rglob("*.part"))


def pending(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [r[0] for r in con.execute("SELECT dataset FROM core.pending ORDER BY ALL").fetchall()]


def test_killed_at_every_stage_readers_keep_the_previous_publication_and_the_same_ingest_completes(warehouse,
                                                                                                tmp_path):
    db = copy_of(warehouse, tmp_path)
    path = correction(tmp_path)
    old, new = old_and_new()
    before = published_state(db)
    assert published_july(db) == old
    killed_partials = ()  # a killed process cannot remove its partial file: a later complete run does
    for command, stage in KILLS:
        killed = lmo(db, *(["ingest", "seco-bulletin-json", str(path)] if command == "ingest" else ["run"]),
                     fault=stage)
        assert killed.returncode == -signal.SIGKILL, (stage, killed.stderr[-2000:])
        if stage == "after-current":  # CURRENT moved: the new publication, complete
            assert published_state(db) != before and published_july(db) == new
        else:
            assert published_state(db) == before, stage
        killed_partials += (LEFT_BEHIND[stage],) if stage in LEFT_BEHIND else ()
        left = partial_files(db)
        assert [p for p in left if not p.startswith(killed_partials)] == [], (stage, left)
    assert pending(db) == ["seco_bulletin"]  # the publication's bookkeeping was killed last

    done = lmo(db, "ingest", "seco-bulletin-json", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("its publication completed now")
    assert published_july(db) == new and partial_files(db) == [] and pending(db) == []
    after = published_state(db)
    again = lmo(db, "run")
    assert again.returncode == 0, again.stderr
    assert published_state(db) == after  # nothing left to publish: the same publication, byte for byte


def test_a_full_disk_anywhere_is_one_line_leaves_no_partial_file_and_the_rerun_completes(warehouse, tmp_path):
    db = copy_of(warehouse, tmp_path)
    before = published_state(db)
    history = max(p.stat().st_size for p in (tmp_path / "dagster_home").rglob("*") if p.is_file())
    room = history + (1 << 20)  # Dagster's run history still fits, the file (1 MB more) does not
    path = correction(tmp_path, padding=room + (1 << 20))
    assert path.stat().st_size + (1 << 20) < db.stat().st_size
    failures = [
        ("Dagster's run history", {"file_limit": 64 << 10}),
        ("the raw copy", {"file_limit": room}),
        ("the warehouse", {"file_limit": path.stat().st_size + (1 << 20)}),
        ("the publication's copy", {"fault": "full:publication-copy"}),
    ]
    for where, fault in failures:
        failed = lmo(db, "ingest", "seco-bulletin-json", str(path), **fault)
        assert failed.returncode == 1, (where, failed.stderr[-2000:])
        [line] = failed.stderr.splitlines()
        print(f"{where}: {line}")
        assert line.startswith("lmo ingest: storage failed (") and "run the same command again" in line, where
        assert published_state(db) == before, where
        assert partial_files(db) == [], where
    done = lmo(db, "ingest", "seco-bulletin-json", str(path))
    assert done.returncode == 0, done.stderr
    assert published_july(db) == old_and_new()[1]
    assert partial_files(db) == [] and pending(db) == []
