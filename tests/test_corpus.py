"""The bad-file and hostile-input corpora: every file is refused with its exact message, quarantined, and the
warehouse is unchanged, by the loader (read whole, and streamed) and by `lmo ingest` (a sample of one file per kind
and per way of refusal; every file in `make test-thorough`); a hostile file that loads reaches the downloads
harmless."""

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


# The files also sent through `lmo ingest` and its Dagster run in `make test`: one per kind (reader), and one per
# way a refusal reaches the command: a link refused by the upload asset before a byte is read, a reader's problems
# (past the line limit), an unreadable file, a rule over the mapped rows, a rule across files (at the load, after
# staging), a --vintage argument, a limit set in the environment. Every file goes through the loader below; the
# others go through the run in `make test-thorough`.
THROUGH_THE_RUN = {"link-to-system-file.csv", "many-problems.csv", "bulletin-broken.json", "eurostat-rate-over-100.csv",
                   "correction-without-concept.csv", "good-file-future-vintage.csv", "xlsx-too-many-rows.xlsx",
                   "ilostat-unknown-country.csv", "wdi-unknown-country.csv", "snb-negative.csv",
                   "register-spells-bad.csv"}
REFUSED = CASES + HOSTILE_CASES
RUN_CASES = [pytest.param(case, id=case["file"], marks=() if case["file"] in THROUGH_THE_RUN else pytest.mark.thorough)
             for case in REFUSED]


def state(db: Path) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        return checksum(con)


@pytest.fixture(scope="module")
def loaded(warehouse, tmp_path_factory) -> Path:
    """A private copy of the session warehouse (SECO bulletin loaded, indicators computed)."""
    db = tmp_path_factory.mktemp("corpus") / "w.duckdb"
    shutil.copyfile(warehouse, db)
    return db


@pytest.fixture(scope="module")
def pristine(loaded) -> dict:
    """The private warehouse's state, as every refusal must leave it."""
    found = state(loaded)
    assert found["core.observations"].split(":")[0] != "0"
    return found


def test_corpus_is_complete():
    files = {p.name for p in BAD.iterdir()} - {"index.yaml"}
    assert files == {case["file"] for case in CASES} and len(CASES) >= 40
    hostile = {p.name for p in HOSTILE.iterdir()} - {"index.yaml"}
    assert hostile == {case["file"] for case in HOSTILE_INDEX if "made" not in case}
    assert THROUGH_THE_RUN <= {case["file"] for case in REFUSED}


@pytest.mark.parametrize("case", RUN_CASES)
def test_refused_file_through_lmo_ingest(case, loaded, pristine, capsys, monkeypatch, tmp_path):
    refused_with_its_message(case, case_path(case, tmp_path, monkeypatch), loaded, pristine, capsys)


@pytest.mark.parametrize("case", REFUSED, ids=[c["file"] for c in REFUSED])
def test_refused_file_by_the_loader(case, loaded, pristine, monkeypatch, tmp_path):
    """Every file read whole by the loader the ingest asset calls: the same message, report and unchanged
    warehouse as through `lmo ingest`, whose run only carries the loader's refusal to the command's output."""
    refused_by_the_loader(case, case_path(case, tmp_path, monkeypatch), loaded, pristine, tmp_path)


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
def test_bad_file_read_streamed_is_refused_with_the_same_message(case, loaded, pristine, monkeypatch, tmp_path):
    """As if every file were too big to read whole: chunks of 2 rows, the same messages, nothing changed."""
    from pipelines import streamed

    monkeypatch.setenv("LMO_MAX_FILE_MB", "0")
    monkeypatch.setattr(streamed, "CHUNK_ROWS", 2)
    refused_by_the_loader(case, case_path(case, tmp_path, monkeypatch), loaded, pristine, tmp_path)


def case_path(case: dict, tmp_path: Path, monkeypatch) -> Path:
    """The case's file (made here if git cannot hold it), with its environment set."""
    for name, value in case.get("env", {}).items():
        monkeypatch.setenv(name, value)
    if case.get("made") == "fifo":
        os.mkfifo(tmp_path / case["file"])
        return tmp_path / case["file"]
    return (HOSTILE if case in HOSTILE_INDEX else BAD) / case["file"]


def refused_by_the_loader(case: dict, path: Path, loaded: Path, pristine: dict, tmp_path: Path) -> None:
    """The file refused by `ingest_file`, called as the ingest asset calls it, with the options `lmo ingest` reads."""
    from pipelines.ingest import ingest_file
    from pipelines.quarantine import Rejected

    options = dict(zip(case.get("args", [])[::2], case.get("args", [])[1::2]))
    with duckdb.connect(str(loaded)) as con:
        with pytest.raises(Rejected) as refused:
            ingest_file(con, case["kind"], path, tmp_path / "raw", options.get("--vintage"),
                        quarantine_dir=tmp_path / "quarantine")
        assert checksum(con) == pristine
    message = str(refused.value)
    for expected in case["expect"]:
        assert expected in message, f"{expected!r} not in:\n{message}"
    assert message.startswith(f"{path}: rejected") and len(message.splitlines()) <= case.get("lines", 53)
    assert message.endswith(f"quarantined: {refused.value.report}")
    quarantined_as_reported(case, path, refused.value.report, tmp_path / "quarantine")


def refused_with_its_message(case: dict, path: Path, loaded: Path, pristine: dict, capsys) -> None:
    code = main(["ingest", case["kind"], str(path), "--db", str(loaded), *case.get("args", [])])
    err = capsys.readouterr().err
    assert code == case.get("exit", 1)
    for expected in case["expect"]:
        assert expected in err, f"{expected!r} not in:\n{err}"
    assert "Traceback" not in err and err.startswith(f"lmo ingest: {path}: rejected")
    assert len(err.splitlines()) <= case.get("lines", 53)
    assert state(loaded) == pristine
    report_path = Path(err.strip().splitlines()[-1].removeprefix("quarantined: "))
    quarantined_as_reported(case, path, report_path, loaded.parent / "quarantine")


def quarantined_as_reported(case: dict, path: Path, report_path: Path, folder: Path) -> None:
    assert report_path.parent == folder
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["file"] == case["file"] and report["kind"] == case["kind"]
    assert report["problem_count"] >= 1 and report["problems"][0]["rule"]
    if case.get("copied", True):
        assert len(report["sha256"]) == 64 and (folder / report["quarantined_as"]).read_bytes() == path.read_bytes()
    else:  # a link or special file: nothing of it read or copied
        assert report["sha256"] == "" and report["quarantined_as"] == "" and report["bytes"] == 0
