"""Writes the hostile-input corpus (tests/corpus/hostile/): input that Python or pandas would read, LMO must refuse.

Run by `python tests/corpus/generate.py`; the index (hostile/index.yaml) says what each file must produce.
Classes: other digits, mixed encodings, years out of range, links and special files, big workbooks, duplicate
JSON keys, vintages that are not the publisher's, a correction splicing another concept into a series, a formula
inside a source text (issue 17).
"""

import io
import json
import os
import zipfile
from pathlib import Path

import openpyxl
from generate import GOOD, HEADER, SRC, csv_text, row, workbook

HOSTILE = Path(__file__).with_name("hostile")
DATA = Path(__file__).resolve().parents[2] / "data"


def put(name: str, content, encoding="utf-8") -> None:
    (HOSTILE / name).write_bytes(content if isinstance(content, bytes) else content.encode(encoding))


def digits_cases() -> None:
    for name, value in (("arabic-indic", "٢٢٩٩٢"), ("fullwidth", "２２９９２"), ("devanagari", "२२९९२"),
                        ("underscore", "22_992")):
        put(f"digits-{name}.csv", csv_text(*GOOD, row(period="2025-02", value=value)))
    put("digits-period-fullwidth.csv", csv_text(*GOOD, row(period="２０２５-02", value="22992")))
    spells = (DATA / "register" / "examples" / "spells.csv").read_text(encoding="utf-8").splitlines()
    put("register-spells-other-digits.csv", "\n".join([spells[0], spells[1].replace(",2025-01-06,", ",２０２５-01-06,")
                                                       .replace(",86000,", ",٨٦٠٠٠,")]) + "\n")


def encoding_cases() -> None:
    utf8 = csv_text(*GOOD, row(source="Amt für Arbeit Zürich")).encode()
    put("mixed-utf8-cp1252.csv", utf8 + row("CH-GE", "2025-02", value="11900", source="Office cantonal, Genève")
        .encode("cp1252") + b"\n")


def year_cases() -> None:
    put("year-zero.csv", csv_text(*GOOD, row(period="0000-01")))
    put("year-1899.csv", csv_text(*GOOD, row(period="1899")))
    far = csv_text(*[r + ",A" for r in GOOD], row(period="2099", measure="registered_unemployed") + ",F",
                   header=HEADER + ",obs_status")
    put("forecast-too-far.csv", far)


def link_cases() -> None:
    link = HOSTILE / "link-to-system-file.csv"
    if not link.is_symlink():
        os.symlink("/etc/passwd", link)


def sheet_cases() -> None:
    header = HEADER.split(",")
    cells = [["cantonal_office", "CH-ZH", f"2025-{m:02d}", "registered_unemployed", 22573 + m, "persons", SRC]
             for m in range(1, 13)]
    put("xlsx-too-many-rows.xlsx", workbook([header, *cells]))
    put("xlsx-expands-too-much.xlsx", workbook([header, *cells * 20]))
    spells = (DATA / "register" / "examples" / "spells.csv").read_text(encoding="utf-8").splitlines()
    book = openpyxl.Workbook()
    for line in spells:
        book.active.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    put("register-spells-too-many-rows.xlsx", buffer.getvalue())
    with zipfile.ZipFile(buffer := io.BytesIO(), "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<x:worksheet xmlns:x='main'><x:sheetData>" +
                         "".join(f"<x:row r='{r}'><x:c><x:v>1</x:v></x:c></x:row>" for r in range(1, 6)) +
                         "</x:sheetData></x:worksheet>")
    put("xlsx-prefixed-rows.xlsx", buffer.getvalue())


def bulletin(**change) -> dict:
    document = {"generated_at": "2026-08-29", "source": SRC,
                "national": [{"period": "2026-07", "unemployed": 139276, "rate": 3.0, "aussteuerungen": 2629}],
                "cantons": [{"code": "AG", "months": [{"period": "2026-07", "unemployed": 12462, "rate": 3.2}]}]}
    return document | change


def json_cases() -> None:
    text = json.dumps(bulletin(), indent=1)
    put("bulletin-duplicate-key.json", text.replace('"unemployed": 139276', '"unemployed": 139276, "unemployed": 1'))
    put("bulletin-duplicate-date.json", text.replace('"generated_at": "2026-08-29"',
                                                     '"generated_at": "2026-08-29", "generated_at": "9999-12-31"'))


def vintage_cases() -> None:
    for name, stamp in (("9999", "9999-12-31"), ("impossible", "2026-13-45"), ("before-release", "2026-08-01"),
                        ("not-iso", "29.08.2026")):
        put(f"bulletin-vintage-{name}.json", json.dumps(bulletin(generated_at=stamp), indent=1))
    euro = (DATA / "eurostat" / "une_rt_m.csv").read_text(encoding="utf-8").splitlines()
    put("eurostat-vintage-impossible.csv", "\n".join(line.replace("04/03/26", "31/02/26") for line in euro[:6]) + "\n")
    wdi = (DATA / "worldbank" / "API_SL.UEM.TOTL.ZS_DS2_en_csv_v2_36.csv").read_text(encoding="utf-8-sig").splitlines()
    tunisia = next(line for line in wdi if line.startswith('"Tunisia"'))
    put("wdi-vintage-future.csv", "\n".join(wdi[:5] + [tunisia]).replace('"2026-04-08"', '"2099-04-08"') + "\n")
    put("good-file-future-vintage.csv", csv_text(*GOOD))


def correction_cases() -> None:
    """SECO's own figures for Zurich, June and July 2026, as a user's file would give them: without a concept (it
    would splice 'other' into SECO's series), and with a formula inside its source text (loaded, then neutralised)."""
    seco = json.loads((DATA / "seco" / "labour.json").read_text(encoding="utf-8"))
    zurich = {m["period"]: str(m["unemployed"]) for c in seco["cantons"] if c["code"] == "ZH" for m in c["months"]}
    put("correction-without-concept.csv", csv_text(*[row(period=p, value=zurich[p], dataset="seco_bulletin")
                                                     for p in ("2026-06", "2026-07")]))
    formula = row(period="2026-07", value=zurich["2026-07"], dataset="seco_bulletin",
                  source='SECO, =HYPERLINK("http://evil.example","x")')
    put("formula-inside-source.csv", csv_text(formula + ",SECO_registered,official", header=HEADER + ",concept,realm"))


def write_all() -> None:
    HOSTILE.mkdir(exist_ok=True)
    for cases in (digits_cases, encoding_cases, year_cases, link_cases, sheet_cases, json_cases, vintage_cases,
                  correction_cases):
        cases()
