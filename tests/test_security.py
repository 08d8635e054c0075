"""Security: user values never become SQL text or paths; exported cells never run as formulas."""

import csv
import io
import shutil
from pathlib import Path

import duckdb
import pytest

from lmo.cli import main
from lmo.output import neutralise_cell, write_records
from pipelines.quarantine import quarantine
from pipelines.warehouse import checksum, safe_name

INJECTIONS = ["x'; DROP TABLE mart.indicator_values; --", "CH') OR 1=1 --", "' UNION SELECT * FROM raw.files --"]


@pytest.mark.parametrize("value,expected", [
    ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"), ("+SUM(A1)", "'+SUM(A1)"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("-3.5", "-3.5"), ("+41", "+41"), (-3.5, -3.5), ("Zürich", "Zürich"), (None, None),
])
def test_neutralise_cell(value, expected):
    assert neutralise_cell(value) == expected


def test_csv_output_neutralises_formula_cells():
    out = io.StringIO()
    write_records([{"geo": "=1+1", "value": -2.0, "source": "@evil"}], "csv", out)
    assert list(csv.DictReader(io.StringIO(out.getvalue()))) == [{"geo": "'=1+1", "value": "-2.0", "source": "'@evil"}]


@pytest.mark.parametrize("hostile", INJECTIONS)
def test_sql_injection_through_cli_and_dashboard_is_inert(warehouse, tmp_path, hostile, capsys, monkeypatch):
    from dashboard import data

    monkeypatch.setenv("LMO_DB", str(warehouse))
    db = tmp_path / "w.duckdb"
    shutil.copyfile(warehouse, db)
    with duckdb.connect(str(db), read_only=True) as con:
        before = checksum(con)
    assert main(["indicator", hostile, "--db", str(db)]) == 1
    assert main(["indicator", "registered_unemployed", "--geo", hostile, "--db", str(db)]) == 1
    assert "unknown indicator" in capsys.readouterr().err
    assert data.indicator_records(warehouse, hostile, geos=[hostile], period=hostile) == []
    assert data.series("registered_unemployed", [hostile]).empty
    with duckdb.connect(str(db), read_only=True) as con:
        assert checksum(con) == before


def test_sql_in_a_files_cells_is_stored_as_text(warehouse, tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    shutil.copyfile(warehouse, db)
    source = "Office'); DROP TABLE core.observations; --"
    path = tmp_path / "office.csv"
    path.write_text(f'dataset,geo,period,measure,value,unit,source\nsql_test,CH-ZH,2025-01,registered_unemployed,1,persons,"{source}"\n')
    assert main(["ingest", "observations-csv", str(path), "--db", str(db)]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT source FROM core.observations WHERE dataset = 'sql_test'").fetchall() == [(source,)]
        assert con.execute("SELECT count(*) FROM core.observations WHERE dataset = 'seco_bulletin'").fetchone()[0] > 1000


@pytest.mark.parametrize("name", ["../../etc/passwd", "..", "...", "/abs/path.csv", "a/../../b.csv", "..\\..\\win.ini",
                                  "-rf .csv", "x" * 500, "\u202egnp.csv", ""])
def test_safe_name_is_a_plain_base_name(name):
    cleaned = safe_name(name)
    assert "/" not in cleaned and "\\" not in cleaned and not cleaned.startswith(".") and 0 < len(cleaned) <= 120


@pytest.mark.parametrize("name", ["..csv", "-rf ;rm -rf ~.csv", "..%2F..%2Fescape.csv", "$(reboot).csv"])
def test_quarantine_writes_only_inside_its_folder(tmp_path, name):
    folder = tmp_path / "data" / "quarantine"
    hostile = tmp_path / "in" / name
    hostile.parent.mkdir()
    hostile.write_text("x")
    report = quarantine(hostile, "observations-csv", "f" * 64, [], folder)
    written = {p.resolve() for p in tmp_path.rglob("*") if p.is_file()} - {hostile.resolve()}
    assert written and all(p.parent == folder.resolve() for p in written)
    assert report.parent == folder


def test_ingest_path_traversal_cannot_write_outside_the_data_folders(warehouse, tmp_path, capsys):
    """A rejected file reached through '..' is quarantined beside the warehouse, under a cleaned name."""
    db = tmp_path / "var" / "w.duckdb"
    db.parent.mkdir()
    shutil.copyfile(warehouse, db)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "..bad.csv").write_text("not,a\nvalid,file\n")
    sneaky = tmp_path / "var" / ".." / "outside" / "..bad.csv"
    assert main(["ingest", "observations-csv", str(sneaky), "--db", str(db)]) == 1
    capsys.readouterr()
    assert sorted(p.name for p in outside.iterdir()) == ["..bad.csv"]
    stored = sorted(p.name for p in (db.parent / "quarantine").iterdir())
    assert len(stored) == 2 and stored[0].endswith("-bad.csv") and stored[1].endswith(".json")
