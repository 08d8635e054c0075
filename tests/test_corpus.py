"""The bad-file corpus: every file is refused with its exact message, quarantined, and the warehouse is unchanged."""

import json
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from lmo.cli import main
from pipelines.warehouse import checksum

BAD = Path(__file__).parent / "corpus" / "bad"
CASES = yaml.safe_load((BAD / "index.yaml").read_text(encoding="utf-8"))


def state(db: Path) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        return checksum(con)


@pytest.fixture(scope="module")
def loaded(warehouse, tmp_path_factory) -> Path:
    """A private copy of the session warehouse (SECO bulletin loaded, indicators computed)."""
    db = tmp_path_factory.mktemp("corpus") / "w.duckdb"
    shutil.copyfile(warehouse, db)
    return db


def test_corpus_is_complete():
    files = {p.name for p in BAD.iterdir()} - {"index.yaml"}
    assert files == {case["file"] for case in CASES} and len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad_file_is_refused_with_its_message(case, loaded, capsys):
    refused_with_its_message(case, loaded, capsys)


STREAMABLE = [case for case in CASES if case["kind"] == "observations-csv"]


@pytest.mark.parametrize("case", STREAMABLE, ids=[c["file"] for c in STREAMABLE])
def test_bad_file_read_streamed_is_refused_with_the_same_message(case, loaded, capsys, monkeypatch):
    """As if every file were too big to read whole: chunks of 2 rows, the same messages."""
    from pipelines import streamed

    monkeypatch.setenv("LMO_MAX_FILE_MB", "0")
    monkeypatch.setattr(streamed, "CHUNK_ROWS", 2)
    refused_with_its_message(case, loaded, capsys)


def refused_with_its_message(case: dict, loaded: Path, capsys) -> None:
    before = state(loaded)
    assert before["core.observations"].split(":")[0] != "0"
    code = main(["ingest", case["kind"], str(BAD / case["file"]), "--db", str(loaded)])
    err = capsys.readouterr().err
    assert code == case.get("exit", 1)
    for expected in case["expect"]:
        assert expected in err, f"{expected!r} not in:\n{err}"
    assert "Traceback" not in err and err.startswith(f"lmo ingest: {BAD / case['file']}: rejected")
    assert len(err.splitlines()) <= case.get("lines", 53)
    assert state(loaded) == before

    report_path = Path(err.strip().splitlines()[-1].removeprefix("quarantined: "))
    assert report_path.parent == loaded.parent / "quarantine"
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["file"] == case["file"] and report["kind"] == case["kind"] and len(report["sha256"]) == 64
    assert report["problem_count"] >= 1 and report["problems"][0]["rule"]
    assert (report_path.parent / report["quarantined_as"]).read_bytes() == (BAD / case["file"]).read_bytes()
