"""The bad-file and hostile-input corpora: every file is refused with its exact message, quarantined, and the
warehouse is unchanged; a hostile file that loads reaches the downloads harmless."""

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from kernel.settings import published_path
from lmo.cli import main
from pipelines.publication import adopt
from pipelines.warehouse import checksum
from tests.test_security import runs_as_formula, spreadsheet_cells

BAD = Path(__file__).parent / "corpus" / "bad"
CASES = yaml.safe_load((BAD / "index.yaml").read_text(encoding="utf-8"))
HOSTILE = Path(__file__).parent / "corpus" / "hostile"
HOSTILE_INDEX = yaml.safe_load((HOSTILE / "index.yaml").read_text(encoding="utf-8"))
HOSTILE_CASES = [case for case in HOSTILE_INDEX if not case.get("loads")]
LOADING_CASES = [case for case in HOSTILE_INDEX if case.get("loads")]


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
    hostile = {p.name for p in HOSTILE.iterdir()} - {"index.yaml"}
    assert hostile == {case["file"] for case in HOSTILE_INDEX if "made" not in case}


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad_file_is_refused_with_its_message(case, loaded, capsys):
    refused_with_its_message(case, BAD / case["file"], loaded, capsys)


@pytest.mark.parametrize("case", HOSTILE_CASES, ids=[c["file"] for c in HOSTILE_CASES])
def test_hostile_file_is_refused_with_its_message(case, loaded, capsys, monkeypatch, tmp_path):
    refused_with_its_message(case, hostile_path(case, tmp_path, monkeypatch), loaded, capsys)


@pytest.mark.parametrize("case", LOADING_CASES, ids=[c["file"] for c in LOADING_CASES])
def test_hostile_file_that_loads_reaches_the_downloads_as_text(case, warehouse, tmp_path, capsys, monkeypatch):
    """Loaded, recomputed and published like any file; in the download of the indicator it feeds, no cell (the
    `#` lines included) is a formula a spreadsheet would run."""
    import publish.bulletin_files
    from dashboard.app import create_app

    db = tmp_path / "w.duckdb"
    shutil.copyfile(warehouse, db)
    adopt(db, published_path(warehouse))
    monkeypatch.setattr(publish.bulletin_files, "write_all", lambda *args, **kwargs: [])  # PDFs: not this test's
    code = main(["ingest", case["kind"], str(HOSTILE / case["file"]), "--db", str(db), *case.get("args", [])])
    assert code == 0, capsys.readouterr().err
    monkeypatch.setenv("LMO_DB", str(db))
    text = create_app().server.test_client().get(f"/download/{case['download']}.csv").get_data(as_text=True)
    for expected in case["expect"]:
        assert expected in text, f"{expected!r} not in the download"
    assert [cell for cell in spreadsheet_cells(text) if runs_as_formula(cell)] == []


STREAMABLE = [case for case in CASES if case["kind"] == "observations-csv"]
HOSTILE_STREAMABLE = [case for case in HOSTILE_CASES if case["kind"] == "observations-csv"]


@pytest.mark.parametrize("case", STREAMABLE + HOSTILE_STREAMABLE, ids=[c["file"] for c in STREAMABLE + HOSTILE_STREAMABLE])
def test_bad_file_read_streamed_is_refused_with_the_same_message(case, loaded, monkeypatch, tmp_path):
    """As if every file were too big to read whole: chunks of 2 rows, the same messages, nothing changed. The loader
    is called as the ingest asset calls it: what the asset and `lmo ingest` do with a refusal does not depend on
    the reader, and the tests above check it for every file."""
    from pipelines import streamed
    from pipelines.ingest import ingest_file
    from pipelines.quarantine import Rejected

    path = hostile_path(case, tmp_path, monkeypatch) if case in HOSTILE_CASES else BAD / case["file"]
    monkeypatch.setenv("LMO_MAX_FILE_MB", "0")
    monkeypatch.setattr(streamed, "CHUNK_ROWS", 2)
    options = dict(zip(case.get("args", [])[::2], case.get("args", [])[1::2]))  # as `lmo ingest` reads them
    with duckdb.connect(str(loaded)) as con:
        before = checksum(con)
        with pytest.raises(Rejected) as refused:
            ingest_file(con, case["kind"], path, tmp_path / "raw", options.get("--vintage"),
                        quarantine_dir=tmp_path / "quarantine")
        assert checksum(con) == before
    message = str(refused.value)
    for expected in case["expect"]:
        assert expected in message, f"{expected!r} not in:\n{message}"
    assert message.startswith(f"{path}: rejected") and refused.value.report.parent == tmp_path / "quarantine"


def hostile_path(case: dict, tmp_path: Path, monkeypatch) -> Path:
    """The case's file (made here if git cannot hold it), with its environment set."""
    for name, value in case.get("env", {}).items():
        monkeypatch.setenv(name, value)
    if case.get("made") == "fifo":
        os.mkfifo(tmp_path / case["file"])
        return tmp_path / case["file"]
    return HOSTILE / case["file"]


def refused_with_its_message(case: dict, path: Path, loaded: Path, capsys) -> None:
    before = state(loaded)
    assert before["core.observations"].split(":")[0] != "0"
    code = main(["ingest", case["kind"], str(path), "--db", str(loaded), *case.get("args", [])])
    err = capsys.readouterr().err
    assert code == case.get("exit", 1)
    for expected in case["expect"]:
        assert expected in err, f"{expected!r} not in:\n{err}"
    assert "Traceback" not in err and err.startswith(f"lmo ingest: {path}: rejected")
    assert len(err.splitlines()) <= case.get("lines", 53)
    assert state(loaded) == before

    report_path = Path(err.strip().splitlines()[-1].removeprefix("quarantined: "))
    assert report_path.parent == loaded.parent / "quarantine"
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["file"] == case["file"] and report["kind"] == case["kind"]
    assert report["problem_count"] >= 1 and report["problems"][0]["rule"]
    if case.get("copied", True):
        assert len(report["sha256"]) == 64 and (report_path.parent / report["quarantined_as"]).read_bytes() == path.read_bytes()
    else:  # a link or special file: nothing of it read or copied
        assert report["sha256"] == "" and report["quarantined_as"] == "" and report["bytes"] == 0
