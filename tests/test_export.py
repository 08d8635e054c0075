"""Exports: SDMX-CSV 2.0 read back by sdmx1 with the exported structure, metadata, safe spreadsheets."""

import json

import pandas as pd
import pytest
import sdmx

from indicators.export import write
from tests.cli_in_process import lmo_here


def small_frame() -> pd.DataFrame:
    rows = [("registered_unemployment_rate", "CH-ZH", "2025-01", 2.6, "percent", "A", "F", "SECO, Die Lage auf dem Arbeitsmarkt"),
            ("registered_unemployed", "CH-ZH", "2025-01", None, "persons", "A", "C", "=HYPERLINK(\"http://x\")")]
    frame = pd.DataFrame(rows, columns=["indicator", "geo", "period", "value", "unit", "obs_status", "conf_status", "source"])
    for dim in ("sex", "age", "citizenship", "activity", "occupation", "programme"):
        frame[dim] = "_T"
    return frame.assign(measure="level", concept="SECO_registered", adjustment="NSA", vintage="2026-08-29",
                        realm="official", basis="official", frequency="M", note=None)


def test_sdmx_csv_reads_back_with_sdmx1(warehouse, tmp_path):
    done = lmo_here("export", "--format", "sdmx-csv", "--out", str(tmp_path), "--indicator", "registered_unemployment_rate",
                    db=warehouse)
    assert done.returncode == 0, done.stderr
    header = (tmp_path / "DF_LMO.csv").read_text().splitlines()[0]
    assert header.startswith("STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA")
    structure = sdmx.read_sdmx(tmp_path / "structure.xml")
    flow = structure.dataflow["DF_LMO"]
    assert [d.id for d in flow.structure.dimensions][-1] == "TIME_PERIOD"
    message = sdmx.read_sdmx(tmp_path / "DF_LMO.csv", structure=flow)
    data = sdmx.to_pandas(message.data[0], attributes="o")
    zh = data.xs(("registered_unemployment_rate", "CH-ZH", "level", "official", "2025-01"),
                 level=["INDICATOR", "REF_AREA", "MEASURE", "REALM", "TIME_PERIOD"])
    assert float(zh["value"].iloc[0]) == 2.6
    assert set(zh["UNIT_MEASURE"]) == {"percent"}
    # Zurich's months pass from table 2459 to the bulletin in 2025-01: a break, with its note
    assert set(zh["OBS_STATUS"]) == {"B"} and set(zh["COMMENT_OBS"]) == {
        "break in series: Statistisches Amt Basel-Stadt, from SECO labour-market statistics (table 2459) → "
        "SECO, Die Lage auf dem Arbeitsmarkt"}


def test_every_export_carries_metadata(tmp_path):
    for fmt in ("csv", "parquet", "xlsx", "sdmx-csv"):
        write(small_frame(), fmt, tmp_path / fmt)
        about = json.loads((tmp_path / fmt / "metadata.json").read_text())
        rate = next(m for m in about["indicators"] if m["id"] == "registered_unemployment_rate")
        assert rate["name_fr"] == "Taux de chômage (inscrits)" and rate["unit"] == "percent"
        assert "SECO" in rate["licences"] and rate["vintage"] == "2026-08-29" and rate["definition_de"]
    book = pd.read_excel(tmp_path / "xlsx" / "indicators.xlsx", sheet_name=None)
    assert set(book) == {"data", "metadata"} and "definition_en" in book["metadata"]
    assert pd.read_parquet(tmp_path / "parquet" / "indicators.parquet")["value"].iloc[0] == 2.6


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_spreadsheet_formulas_are_neutralised(tmp_path, fmt):
    write(small_frame(), fmt, tmp_path)
    if fmt == "csv":
        data = pd.read_csv(tmp_path / "indicators.csv")
    else:
        data = pd.read_excel(tmp_path / "indicators.xlsx", sheet_name="data")
    assert data["source"].iloc[1] == "'=HYPERLINK(\"http://x\")"
    assert pd.isna(data["value"].iloc[1]) and data["conf_status"].iloc[1] == "C"


def test_export_of_an_unknown_indicator_is_one_line(warehouse, tmp_path):
    done = lmo_here("export", "--format", "csv", "--out", str(tmp_path), "--indicator", "nope", db=warehouse)
    assert done.returncode == 1 and "unknown indicator 'nope'" in done.stderr and "Traceback" not in done.stderr
