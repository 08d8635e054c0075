"""The text-reading helpers sources share: encodings, separators, headers, number formats; good files load."""

import openpyxl
import pytest

from pipelines.ingest import ingest_file
from pipelines.sources import numbers, text
from pipelines.sources.validation import ValidationFailed
from pipelines.warehouse import connect
from tests.test_faults import GOOD

SAMPLE = "geo;name\nCH-GE;Genève — Office cantonal de l’emploi\n"


@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"),
    ("utf-16-be", "utf-16-be"), ("cp1252", "cp1252"),
])
def test_decode_recognises_the_encoding(tmp_path, encoding, expected):
    path = tmp_path / "f.csv"
    path.write_bytes(SAMPLE.encode(encoding))
    assert text.decode(path) == (SAMPLE, expected)


def test_latin1_bytes_cp1252_cannot_decode(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes("geo;name\nCH-GE;Genève\n".encode("latin-1") + b"\x81")
    content, encoding = text.decode(path)
    assert encoding == "latin-1" and "Genève" in content


@pytest.mark.parametrize("line,separator", [("a,b,c", ","), ("a;b;c", ";"), ("a\tb\tc", "\t"), ('"a;x",b,c', ",")])
def test_sniff_separator(line, separator):
    assert text.sniff_separator(line) == separator


@pytest.mark.parametrize("raw,options,value", [
    ("1'234", {"thousands": ("'",)}, 1234.0), ("1 234,5", {"thousands": (" ",), "decimal": ","}, 1234.5),
    ("12’345", {"thousands": ("\u2019",)}, 12345.0), ("3,5", {"decimal": ","}, 3.5), ("-0.25", {}, -0.25),
    ("1.234,5", {"decimal": ","}, 1234.5),
])
def test_parse_number_accepts_declared_formats(raw, options, value):
    assert numbers.parse_number(raw, **options) == value


@pytest.mark.parametrize("raw,rule", [("1'234", "thousands separator"), ("3,5", "decimal comma"), ("4%", "percent sign"),
                                      ("NaN", "not finite"), ("1e999", "not finite"), ("abc", "number")])
def test_parse_number_names_the_rule(raw, rule):
    with pytest.raises(ValueError, match=rule):
        numbers.parse_number(raw)


def test_header_problems_all_at_once():
    found = text.header_problems(["Dataset", "geo", "geo", "periode", "extra"], ["dataset", "geo", "period", "value"])
    assert {(p["column"], p["rule"]) for p in found} == {
        ("geo", "duplicated column"), ("dataset", "renamed column (expected 'dataset')"),
        ("period", "renamed column (expected 'period')"), ("value", "missing column"), ("extra", "unexpected column")}


def test_good_csv_and_xlsx_load(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in GOOD.read_text().splitlines():
        sheet.append(next(__import__("csv").reader([row])))
    sheet["E3"].value = 22992          # a real number cell, not text
    xlsx = tmp_path / "zh.xlsx"
    book.save(xlsx)
    tsv = tmp_path / "zh.tsv"
    tsv.write_bytes(GOOD.read_text().replace(",", "\t").replace('"SECO\tDie', '"SECO, Die').encode("utf-16"))
    # the loading of `lmo ingest` (its job, which recomputes and publishes: tests/test_ingest_sources.py)
    with connect(tmp_path / "w.duckdb") as con:
        ingest_file(con, "observations-xlsx", xlsx, tmp_path / "raw", "2025-03-01")
        ingest_file(con, "observations-csv", tsv, tmp_path / "raw", "2025-03-02")
        rows = con.execute("SELECT vintage, period, measure, value, obs_status, source FROM core.observations "
                           "WHERE dataset = 'cantonal_office' ORDER BY ALL").fetchall()
    assert len(rows) == 8 and rows[1] == ("2025-03-01", "2025-01", "registered_unemployment_rate", 2.6, "A",
                                          "SECO, Die Lage auf dem Arbeitsmarkt")
    assert [r[3] for r in rows[4:]] == [22573.0, 2.6, 22992.0, 2.7]


def test_validation_failed_caps_messages():
    error = ValidationFailed("f.csv", [{"row": f"line {i}", "column": "value", "rule": "number", "value": "x"}
                                       for i in range(120, 0, -1)])
    lines = str(error).splitlines()
    assert lines[0] == "f.csv: rejected, 120 problem(s)" and lines[1].startswith("f.csv: line 1: ")
    assert lines[-1] == "... and 70 more problems" and len(lines) == 52
