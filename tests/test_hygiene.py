"""Input hygiene (issue 17, break 5), each break reproduced: digits, encodings, years, links, xlsx bounds, JSON keys."""

import json
import math
import os
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from kernel.settings import DATA_DIR
from pipelines import warehouse
from pipelines.ingest import ingest_file
from pipelines.sources import numbers, paths, rules, seco_bulletin, table, text, xlsx
from pipelines.sources.validation import ValidationFailed, problem

HOSTILE = Path(__file__).parent / "corpus" / "hostile"
NOT_ASCII = "ASCII digits only (0-9)"
MIXED = "one encoding per file (this line is not UTF-8, other lines are)"


@pytest.mark.parametrize("raw, rule", [
    ("٣", NOT_ASCII), ("２２５７３", NOT_ASCII), ("२२५७३", NOT_ASCII), ("22\u0665", NOT_ASCII),
    ("1_000", "underscore in a number (give plain digits)"), ("22573", None), ("-1.5e3", None),
])
def test_numbers_are_ascii_digits_only(raw, rule):
    """float() reads all of these; a number in a file is 0-9 only."""
    values, rules_, _ = numbers.parse_cells(pd.Series([raw]))
    if rule is None:
        assert values[0] == float(raw) and pd.isna(rules_[0])
    else:
        assert rules_[0] == rule and math.isnan(values[0])
        with pytest.raises(ValueError, match=rule.replace("(", r"\(").replace(")", r"\)")):
            numbers.parse_number(raw)


def test_a_bulletin_number_in_other_digits_is_refused(tmp_path):
    path = tmp_path / "bulletin.json"
    path.write_text(json.dumps({"generated_at": "2026-08-29", "national": [
        {"period": "2025-01", "unemployed": "١٣٥٧٧٣", "rate": 3.0}], "cantons": []}), encoding="utf-8")
    with pytest.raises(ValidationFailed) as error:
        seco_bulletin.read(path)
    assert error.value.problems == [problem("national[0]", "unemployed", NOT_ASCII, "١٣٥٧٧٣")]


def mixed_bytes() -> bytes:
    """A UTF-8 file (Zürich) with one row saved as cp1252 (Genève)."""
    return ("dataset,geo,period,measure,value,unit,source\n"
            "cantonal_office,CH-ZH,2025-01,registered_unemployed,22573,persons,Amt für Arbeit Zürich\n").encode() + \
        "cantonal_office,CH-GE,2025-01,registered_unemployed,11795,persons,Office cantonal de l'emploi Genève\n".encode("cp1252")


def test_utf8_file_with_one_cp1252_line_is_refused_naming_that_line(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(mixed_bytes())
    with pytest.raises(ValidationFailed) as error:
        text.decode(path)
    assert error.value.problems == [problem("line 3", "-", MIXED, "cantonal_office,CH-GE,2025-01,registered_unemployed,"
                                             "11795,persons,Office cantonal de l'emploi Gen\\xe8ve")]


def test_utf8_file_with_one_cp1252_line_read_streamed_is_refused_naming_that_line(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(mixed_bytes())
    with pytest.raises(ValidationFailed) as error:
        list(table.stream(path, 1))
    assert [(p["row"], p["rule"]) for p in error.value.problems] == [("line 3", MIXED)]


def test_a_wholly_cp1252_file_is_still_read(tmp_path):
    path = tmp_path / "cp1252.csv"
    path.write_bytes("geo;name\nCH-GE;Genève\nCH-ZH;Zürich\n".encode("cp1252"))
    assert text.decode(path) == ("geo;name\nCH-GE;Genève\nCH-ZH;Zürich\n", "cp1252")


def frame(*periods, status="A"):
    return pd.DataFrame({"geo": "CH", "period": list(periods), "measure": "registered_unemployed", "value": 1.0,
                         "unit": "persons", "obs_status": status})


def test_periods_are_within_the_declared_years():
    last = date.today().year + rules.FORECAST_YEARS
    rule = f"period year within {rules.FIRST_YEAR}..{last}"
    found = rules.rule_problems(frame("0000-01", "1899", "1900", "2025-01"))
    assert [(p["row"], p["column"], p["rule"], p["value"]) for p in found] == [
        ("record geo=CH period=0000-01 measure=registered_unemployed", "period", rule, "0000-01"),
        ("record geo=CH period=1899 measure=registered_unemployed", "period", rule, "1899")]
    forecasts = rules.rule_problems(frame(str(last), str(last + 1), status="F"))
    assert [p["value"] for p in forecasts] == [str(last + 1)]


def test_a_period_in_other_digits_is_refused():
    found = rules.rule_problems(frame("２０２５-01"))
    assert [(p["column"], p["rule"], p["value"]) for p in found] == [("period", NOT_ASCII, "２０２５-01")]


def test_a_symbolic_link_is_refused_by_its_real_path(tmp_path):
    link = tmp_path / "bulletin.json"
    link.symlink_to("/etc/passwd")
    with pytest.raises(ValidationFailed) as error:
        text.check_file(link)
    assert error.value.problems == [problem("file", "-", paths.LINK_RULE, "/etc/passwd")]
    folder = tmp_path / "folder"
    folder.mkdir()
    (tmp_path / "linked").symlink_to(folder)
    (folder / "real.csv").write_text("a\n1\n")
    with pytest.raises(ValidationFailed):  # a link anywhere in the path
        text.check_file(tmp_path / "linked" / "real.csv")


def test_a_special_file_is_refused_unread(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(ValidationFailed) as error:
        text.check_file(fifo)  # reading it would block forever
    assert error.value.problems == [problem("file", "-", paths.SPECIAL_RULE, "FIFO (named pipe)")]


def test_ingest_of_a_link_to_a_system_file_copies_nothing(tmp_path):
    link = tmp_path / "labour.json"
    link.symlink_to("/etc/passwd")
    con = warehouse.connect(tmp_path / "w.duckdb")
    before = warehouse.checksum(con)
    with pytest.raises(ValidationFailed) as error:
        ingest_file(con, "seco-bulletin-json", link, tmp_path / "raw", quarantine_dir=tmp_path / "quarantine")
    assert error.value.problems == [problem("file", "-", paths.LINK_RULE, "/etc/passwd")]
    assert warehouse.checksum(con) == before and not (tmp_path / "raw").exists()
    kept = list((tmp_path / "quarantine").iterdir())
    assert [p.suffix for p in kept] == [".json"]  # the report, never the file it points to
    report = json.loads(kept[0].read_text(encoding="utf-8"))
    assert report["quarantined_as"] == "" and report["sha256"] == "" and "root:" not in kept[0].read_text()


def sheet_xml(rows: int) -> bytes:
    cells = '<c t="inlineStr"><is><t>cantonal_office</t></is></c><c><v>22573</v></c>'
    body = "".join(f'<row r="{r}">{cells}</row>' for r in range(1, rows + 1))
    return f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{body}' \
           '</sheetData></worksheet>'.encode()


def write_xlsx(path: Path, rows: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml(rows))
    return path


def test_xlsx_rows_are_counted_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setenv("LMO_MAX_XLSX_ROWS", "3")
    xlsx.check(write_xlsx(tmp_path / "three.xlsx", 3))
    with pytest.raises(ValidationFailed) as error:
        xlsx.check(write_xlsx(tmp_path / "four.xlsx", 4))
    assert error.value.problems == [problem("file", "xl/worksheets/sheet1.xml", "too many rows (limit 3, LMO_MAX_XLSX_ROWS)",
                                            "more than 3 rows")]


def test_xlsx_expanded_size_is_bounded_before_parsing(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "wide.xlsx", 2000)
    expanded = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
    monkeypatch.setenv("LMO_MAX_XLSX_MB", str(expanded / 2**20 / 2))
    with pytest.raises(ValidationFailed) as error:
        xlsx.check(path)
    limit = int(float(os.environ["LMO_MAX_XLSX_MB"]) * 2**20)
    assert error.value.problems[0]["rule"] == f"expands too much (limit {limit} bytes, LMO_MAX_XLSX_MB)"
    assert error.value.problems[0]["value"] == f"{path.stat().st_size} bytes expand to {expanded}"


# The peak is VmHWM, this process's own: getrusage's ru_maxrss survives exec and would report the pytest worker's.
MEASURED = ("import re, sys, time\nfrom lmo.cli import main\nstart = time.monotonic()\n"
            "code = main(sys.argv[1:])\npeak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1]\n"
            "print(time.monotonic() - start, peak, file=sys.stderr)\nsys.exit(code)")


@pytest.mark.slow
@pytest.mark.scale
@pytest.mark.parametrize("env, rule", [
    ({}, "rule expands too much (limit 52428800 bytes, LMO_MAX_XLSX_MB)"),
    ({"LMO_MAX_XLSX_MB": "1000"}, "rule too many rows (limit 100000, LMO_MAX_XLSX_ROWS)"),
])
def test_a_big_xlsx_of_700000_rows_is_refused_fast_in_bounded_memory(big_xlsx, tmp_path, env, rule):
    """Either bound refuses it before openpyxl sees it (which took the process past 4 GB): it costs about what
    refusing a tiny workbook costs (the ingest job's own start-up, measured alongside)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LMO_MAX")} | env

    def ingest(path: Path, db: str, extra: dict) -> tuple[subprocess.CompletedProcess, float, int]:
        done = subprocess.run([sys.executable, "-c", MEASURED, "ingest", "observations-xlsx", str(path),
                               "--db", str(tmp_path / db)], capture_output=True, text=True,
                              env=environment | extra, timeout=180)
        seconds, peak_kb = done.stderr.splitlines()[-1].split()
        return done, float(seconds), int(peak_kb)

    done, seconds, peak_kb = ingest(big_xlsx, "big.duckdb", {})
    small, baseline_seconds, baseline_kb = ingest(HOSTILE / "xlsx-too-many-rows.xlsx", "small.duckdb",
                                                  {"LMO_MAX_XLSX_ROWS": "3"})
    assert small.returncode == 1 and "too many rows" in small.stderr
    assert done.returncode == 1 and rule in done.stderr, done.stderr
    # relative to the baseline measured alongside: a loaded machine slows both (openpyxl took minutes)
    assert seconds < 1.5 * baseline_seconds + 5 and peak_kb < baseline_kb + 100_000, (done.stderr, baseline_kb)


@pytest.fixture(scope="module")
def big_xlsx(tmp_path_factory) -> Path:
    """A 21 MB workbook of 700,000 rows, written as a zip directly (openpyxl would take minutes)."""
    path = tmp_path_factory.mktemp("xlsx") / "big.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for r in range(1, 700_001):
                sheet.write(f'<row r="{r}"><c t="inlineStr"><is><t>cantonal_office {r * 7919 % 100003}</t></is></c>'
                            f'<c><v>{r * 104729 % 99991}</v></c><c><v>{r * 2654435761 % 4294967291}</v></c>'
                            f'<c><v>{r * 40503 % 65521}.{r * 69069 % 9973}</v></c></row>'.encode())
            sheet.write(b"</sheetData></worksheet>")
    assert path.stat().st_size > 20 * 2**20
    return path


def test_duplicate_json_keys_are_refused_naming_key_and_path(tmp_path):
    path = tmp_path / "bulletin.json"
    document = (DATA_DIR / "seco" / "labour.json").read_text(encoding="utf-8")
    path.write_text(document.replace('"unemployed": 135773', '"unemployed": 135773, "unemployed": 1', 1), encoding="utf-8")
    assert '"unemployed": 1,' in path.read_text()
    with pytest.raises(ValidationFailed) as error:
        seco_bulletin.read(path)
    first = json.loads(document)["national"][0]
    assert first["unemployed"] == 135773
    assert error.value.problems == [problem("national[0]", "unemployed", "duplicate JSON key", [135773, 1])]

