"""Writes the bad-file corpus (tests/corpus/bad/, and the hostile one by hostile.py): small files, each breaking
one or more rules.

Run `python tests/corpus/generate.py` after changing a case; the files are committed, the index
(bad/index.yaml) says what each must produce. Values are SECO's published figures (ZH, GE, CH 2025).
"""

import csv
import io
import json
import zipfile
from pathlib import Path

import openpyxl

BAD = Path(__file__).with_name("bad")
HEADER = "dataset,geo,period,measure,value,unit,source"
SRC = "SECO, Die Lage auf dem Arbeitsmarkt"


def row(geo="CH-ZH", period="2025-01", measure="registered_unemployed", value="22573", unit="persons",
        source=SRC, dataset="cantonal_office", sep=","):
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="").writerow([dataset, geo, period, measure, value, unit, source])
    return out.getvalue()


GOOD = [row(), row("CH-GE", value="11795"), row("CH", value="135773"),
        row(measure="registered_unemployment_rate", value="2.6", unit="percent")]


def csv_text(*rows, header=HEADER, end="\n") -> str:
    return "\n".join([header, *rows]) + end


def write(name: str, content, encoding="utf-8") -> None:
    data = content if isinstance(content, bytes) else content.encode(encoding)
    (BAD / name).write_bytes(data)


def text_cases() -> None:
    write("latin1.csv", csv_text(*GOOD, row("CH-ZÜ", source="Office cantonal de l'emploi, Genève")), "latin-1")
    write("cp1252.csv", csv_text(*GOOD, row(measure="‘chômeurs’", source="SECO — Genève €")), "cp1252")
    write("utf16-bom.csv", csv_text(*GOOD, row(period="2025/01", source="SECO, Genève")), "utf-16")
    write("utf16le-no-bom.csv", csv_text(*GOOD, GOOD[0]), "utf-16-le")
    write("utf8-bom.csv", "\ufeff" + csv_text(*GOOD, row("CH-XY")))
    write("separator-mixup.csv", csv_text(*GOOD, header=HEADER.replace(",", ";")))
    write("separator-mixed-rows.csv", csv_text(GOOD[0], GOOD[1].replace(",", ";"), GOOD[2]))
    write("missing-column.csv", csv_text(*[r.rsplit(",", 3)[0] + "," + r.rsplit(",", 2)[1] + "," + r.rsplit(",", 1)[1] for r in GOOD],
                                         header="dataset,geo,period,measure,unit,source"))
    write("renamed-column.csv", csv_text(*GOOD, header=HEADER.replace("value", "valeur")))
    write("duplicated-column.csv", csv_text(*[r + ",x" for r in GOOD], header=HEADER + ",geo"))
    write("extra-column.csv", csv_text(*[r + ",checked" for r in GOOD], header=HEADER + ",comment"))
    write("empty.csv", b"")
    write("blank.csv", "\n\n   \n")
    write("header-only.csv", HEADER + "\n")
    write("truncated-last-line.csv", csv_text(*GOOD, "cantonal_office,CH-BE,2025-01,registered_unemp", end=""))
    write("unknown-canton.csv", csv_text(*GOOD, row("CH-XX")))
    write("unknown-country.csv", csv_text(*GOOD, row("XY", measure="unemployment_rate", value="5.1", unit="percent")))
    write("bad-period.csv", csv_text(*GOOD, row(period="2025-13"), row(period="Jan 2025")))
    write("future-period.csv", csv_text(*GOOD, row(period="2031-01")))
    write("duplicate-rows.csv", csv_text(*GOOD, GOOD[1]))
    write("negative-count.csv", csv_text(*GOOD, row(period="2025-02", value="-22992")))
    write("non-numeric.csv", csv_text(*GOOD, row(period="2025-02", value="n/a")))
    write("thousands-apostrophe.csv", csv_text(*GOOD, row(period="2025-02", value="22'992")))
    write("thousands-space.csv", csv_text(*GOOD, row(period="2025-02", value="22 992")))
    write("decimal-comma.csv", csv_text(*[r.replace(",", ";") for r in GOOD],
                                        row(measure="registered_unemployment_rate", period="2025-02", value="2,7",
                                            unit="percent", sep=";"), header=HEADER.replace(",", ";")))
    write("percent-sign.csv", csv_text(*GOOD, row(measure="registered_unemployment_rate", period="2025-02", value="2.7%", unit="percent")))
    write("rate-over-100.csv", csv_text(*GOOD, row(measure="registered_unemployment_rate", period="2025-02", value="270", unit="percent")))
    write("nan.csv", csv_text(*GOOD, row(period="2025-02", value="NaN")))
    write("inf.csv", csv_text(*GOOD, row(period="2025-02", value="inf"), row(period="2025-03", value="-Infinity")))
    write("very-long-string.csv", csv_text(*GOOD, row(period="2025-02", source="SECO " * 1000)))
    write("formula-equals.csv", csv_text(*GOOD, row(period="2025-02", source='=HYPERLINK("http://evil.example","x")')))
    write("formula-plus.csv", csv_text(*GOOD, row(period="2025-02", source="+SUM(A1:A9)")))
    write("formula-minus.csv", csv_text(*GOOD, row(period="2025-02", source="-2+3+cmd|' /C calc'!A0")))
    write("formula-at.csv", csv_text(*GOOD, row(period="2025-02", source="@SUM(A1)")))
    write("fractional-count.csv", csv_text(*GOOD, row(period="2025-02", value="22992.5")))
    write("broken-quote.csv", csv_text(*GOOD, '"cantonal_office,CH-BE,2025-01,registered_unemployed,9000,persons,SECO'))
    write("many-problems.csv", csv_text(*GOOD, *[row(period=f"{2000 + i // 12}-{i % 12 + 1:02d}", value="-1") for i in range(120)]))
    write("pdf-as-csv.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    write("binary-nul.csv", HEADER.encode() + b"\n\x00\x01\x02\x00\x00\x00\x00\x00\x00\x00\x03\x04\x05\x06")


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def workbook(rows, merge=None, title_row=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "observations"
    if title_row:  # a title above the header, merged across it as spreadsheets often are
        sheet.append(title_row)
    for cells in rows:
        sheet.append(cells)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def binary_cases() -> None:
    header = HEADER.split(",")
    cells = [["cantonal_office", "CH-ZH", "2025-01", "registered_unemployed", 22573, "persons", SRC],
             ["cantonal_office", "CH-GE", "2025-01", "registered_unemployed", 11795, "persons", SRC]]
    write("zip-bomb.zip", zip_bytes({"observations.csv": b"0" * 30_000_000}))
    write("zip-bomb.xlsx", zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b" " * 30_000_000}))
    write("merged-header.xlsx", workbook([header, *cells], merge="A1:G1", title_row=["Registered unemployed"]))
    write("formula.xlsx", workbook([header, *cells, ["cantonal_office", "CH", "2025-01", "registered_unemployed",
                                                     "=E2+E3", "persons", SRC]]))
    write("header-only.xlsx", workbook([header]))
    write("text-as-xlsx.xlsx", csv_text(*GOOD))
    write("extra-sheet-column.xlsx", workbook([[*header, "remark"], *[c + ["ok"] for c in cells],
                                               ["cantonal_office", "CH-ZZ", "2025-02", "registered_unemployed", -5, "persons", SRC, ""]]))


def bulletin_cases() -> None:
    good = {"generated_at": "2026-08-29", "source": SRC,
            "national": [{"period": "2025-01", "unemployed": 135773, "rate": 3.0, "aussteuerungen": 2626}],
            "cantons": [{"code": "ZH", "months": [{"period": "2025-01", "unemployed": 22573, "rate": 2.6}]}]}

    def bulletin(name, change, encoding="utf-8"):
        document = json.loads(json.dumps(good))
        change(document)
        write(name, json.dumps(document, ensure_ascii=False, indent=1), encoding)

    write("bulletin-broken.json", '{"national": [{"period": "2025-01", "unemployed": 135773,')
    write("bulletin-not-lists.json", '{"national": [], "cantons": "ZH"}')
    bulletin("bulletin-unknown-canton.json", lambda d: d["cantons"].append({"code": "XX", "months": [{"period": "2025-01", "unemployed": 1, "rate": 1.0}]}))
    bulletin("bulletin-bad-values.json", lambda d: d["cantons"][0]["months"].extend([
        {"period": "2025-02", "unemployed": -5, "rate": 120.0}, {"period": "2025-03", "unemployed": "viele", "rate": 2.6}]))
    bulletin("bulletin-duplicate-month.json", lambda d: d["national"].append(dict(d["national"][0])))
    bulletin("bulletin-future.json", lambda d: d["national"].append({"period": "2031-01", "unemployed": 1, "rate": 1.0}))
    bulletin("bulletin-latin1.json", lambda d: d.update(source="SECO, Genève"), "latin-1")
    bulletin("bulletin-bad-period.json", lambda d: d["national"].append({"period": "01.2025", "unemployed": 1, "rate": 1.0}))


def connector_cases() -> None:
    """Real connector files with one defect each (the files in data/, as their publishers ship them)."""
    data = Path(__file__).resolve().parents[2] / "data"

    def lines(path, encoding="utf-8"):
        return (data / path).read_text(encoding=encoding).splitlines()

    def put(name, rows, encoding="utf-8"):
        write(name, "\n".join(rows) + "\n", encoding)

    euro = lines("eurostat/une_rt_m.csv")
    put("eurostat-rate-over-100.csv", euro[:5] + [euro[7].rsplit(",", 3)[0] + ",140.5,,"])
    put("eurostat-percent-sign.csv", euro[:5] + [euro[7].rsplit(",", 3)[0] + ",4%,,"])
    put("eurostat-semicolons.csv", euro[:5] + [euro[5].replace(",", ";")])
    put("eurostat-unknown-geo.csv", euro[:5] + [euro[6].replace(",Austria,", ",European Union - 27 countries (from 2020),"),
                                                euro[7].replace(",Austria,", ",Austira,")])
    put("eurostat-bad-period.csv", euro[:5] + [euro[7].replace(",2022-06,", ",2022M06,")])
    tun = lines("ilostat/SUBSET_age_ythadult--une_deap_sex_age_rt--tun.csv")
    put("ilostat-future-year.csv", tun[:5] + ["tun,sex_f,age_ythadult_y15_24,2031,30.1"])
    put("ilostat-rate-over-100.csv", tun[:5] + ["tun,sex_f,age_ythadult_y15_24,2020,130"])
    put("ilostat-non-numeric.csv", tun[:5] + ["tun,sex_f,age_ythadult_y15_24,2020,abc"])
    put("ilostat-unknown-country.csv", tun[:5] + ["tnu,sex_f,age_ythadult_y15_24,2020,30.1",
                                                   "x01,sex_f,age_ythadult_y15_24,2020,12.0"])
    put("ilostat-bad-period.csv", tun[:5] + ["tun,sex_f,age_ythadult_y15_24,2020-21,30.1"])
    put("ilostat-missing-columns.csv", ["ref_area,sex,classif1", "tun,sex_f,age_ythadult_y15_24"])
    snb = lines("snb_hsso/seco_amarbma_full_1984-2025.csv")
    put("snb-future-year.csv", snb[:4] + ["2030,12,1000,1.0"])
    put("snb-negative.csv", snb[:4] + ["1990,12,-5,0.5"])
    put("snb-bad-number-hides-nothing.csv", snb[:4] + ["1987,12,n/a,0.798"] + snb[5:8] + ["1991,12,-39222.8,1.2"])
    wdi = lines("worldbank/API_SL.UEM.TOTL.ZS_DS2_en_csv_v2_36.csv", "utf-8-sig")
    tunisia = next(i for i, line in enumerate(wdi) if line.startswith('"Tunisia"'))
    put("wdi-negative.csv", wdi[:tunisia] + [wdi[tunisia].replace('"15.', '"-15.', 1)])
    put("wdi-thousands.csv", wdi[:tunisia] + [wdi[tunisia].replace('"16.', '"1\'16.', 1)])
    put("wdi-unknown-country.csv", wdi[:tunisia] + [wdi[tunisia].replace('"Tunisia","TUN"', '"Tunisie","TUX"')])
    write("wdi-truncated.csv", "\n".join(wdi)[:3000])
    spells = lines("register/examples/spells.csv")
    broken = spells[1].split(",")
    broken[3], broken[8] = "X", "2025-02-30"
    put("register-spells-bad.csv", [spells[0], ",".join(broken), spells[2].replace("CH-ZH", "CH-XX", 1)])


def main() -> None:
    from hostile import HOSTILE, write_all  # the hostile-input corpus, beside this one

    BAD.mkdir(exist_ok=True)
    text_cases()
    binary_cases()
    bulletin_cases()
    connector_cases()
    write_all()
    print(f"{len(list(BAD.iterdir()))} files in {BAD}, {len(list(HOSTILE.iterdir()))} in {HOSTILE}")


if __name__ == "__main__":
    main()
