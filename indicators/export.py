"""Exports of mart indicator values: CSV, Parquet, Excel and SDMX-CSV 2.0 with its SDMX-ML structure."""

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from indicators.catalog import entry
from indicators.model import DIMENSIONS
from kernel.settings import DATA_DIR

AGENCY, DSD_ID, DATAFLOW_ID, VERSION = "LMO", "DSD_LMO", "DF_LMO", "1.0"
SDMX_DIMENSIONS = {"indicator": "INDICATOR", "geo": "REF_AREA", **{d: d.upper() for d in DIMENSIONS},
                   "measure": "MEASURE", "adjustment": "ADJUSTMENT", "realm": "REALM", "period": "TIME_PERIOD"}
SDMX_ATTRIBUTES = {"obs_status": "OBS_STATUS", "conf_status": "CONF_STATUS", "unit": "UNIT_MEASURE",
                   "concept": "CONCEPT", "basis": "BASIS", "frequency": "FREQ", "source": "SOURCE", "vintage": "VINTAGE",
                   "note": "COMMENT_OBS"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def licence(source: str) -> str:
    rules = pd.read_csv(DATA_DIR / "codelists" / "licences.csv", dtype=str)
    found = [r.licence for r in rules.itertuples() if r.source_contains.lower() in source.lower()]
    return "; ".join(dict.fromkeys(found)) or "see the publisher's terms"


def metadata(values: pd.DataFrame) -> list[dict]:
    """One record per exported indicator: texts in every language, unit, sources, licences, vintage."""
    out = []
    for indicator, rows in values.groupby("indicator"):
        item = entry(indicator)
        sources = sorted(rows["source"].unique())
        out.append({"id": indicator, **{f"name_{k}": v for k, v in item["name"].items()},
                    **{f"definition_{k}": v for k, v in item["definition"].items()},
                    "unit": item["unit"], "concept": item["concept"], "frequency": item["frequency"],
                    "sources": "; ".join(sources), "licences": "; ".join(dict.fromkeys(map(licence, sources))),
                    "vintage": rows["vintage"].max(), "synthetic": bool(rows["source"].str.contains("Synthetic").any())})
    return out


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells a spreadsheet would run as a formula get a leading apostrophe."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v)
    return out


def sdmx_obs_values(values: pd.Series) -> pd.Series:
    """A withheld value (CONF_STATUS C) is SDMX's NaN, not an empty cell that readers cannot type as a number."""
    return values.astype(object).where(values.notna(), "NaN")


def sdmx_csv(values: pd.DataFrame) -> pd.DataFrame:
    """SDMX-CSV 2.0: STRUCTURE, STRUCTURE_ID, ACTION, the dimensions, OBS_VALUE, the attributes."""
    body = values.rename(columns=SDMX_DIMENSIONS | SDMX_ATTRIBUTES | {"value": "OBS_VALUE"})
    body["OBS_VALUE"] = sdmx_obs_values(body["OBS_VALUE"])
    head = pd.DataFrame({"STRUCTURE": "dataflow", "STRUCTURE_ID": f"{AGENCY}:{DATAFLOW_ID}({VERSION})",
                         "ACTION": "I"}, index=body.index)
    return pd.concat([head, body[[*SDMX_DIMENSIONS.values(), "OBS_VALUE", *SDMX_ATTRIBUTES.values()]]], axis=1)


def structure_xml() -> bytes:
    """The data structure definition and dataflow as SDMX-ML 2.1, written by sdmx1."""
    import sdmx
    from sdmx.message import StructureMessage
    from sdmx.model import common, v21

    agency = common.Agency(id=AGENCY)
    dsd = v21.DataStructureDefinition(id=DSD_ID, maintainer=agency, version=VERSION, is_final=True)
    for order, dim in enumerate(SDMX_DIMENSIONS.values()):
        cls = v21.TimeDimension if dim == "TIME_PERIOD" else v21.Dimension
        dsd.dimensions.append(cls(id=dim, order=order))
    dsd.measures.append(v21.PrimaryMeasure(id="OBS_VALUE"))
    for attribute in SDMX_ATTRIBUTES.values():
        dsd.attributes.append(v21.DataAttribute(id=attribute, related_to=v21.PrimaryMeasureRelationship()))
    flow = v21.DataflowDefinition(id=DATAFLOW_ID, maintainer=agency, version=VERSION, structure=dsd, is_final=True)
    message = StructureMessage()
    message.add(dsd)
    message.add(flow)
    return sdmx.to_xml(message, pretty_print=True)


def write(values: pd.DataFrame, fmt: str, out: Path) -> list[Path]:
    """Write the values and their metadata in one format into the folder `out`; the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    meta = metadata(values)
    about = {"generated_at": datetime.now(UTC).isoformat(timespec="seconds"), "publisher": "LMO",
             "indicators": meta, "note": "conf_status C/D: value withheld (disclosure control); see docs/flags.md"}
    written = [out / "metadata.json"]
    written[0].write_text(json.dumps(about, ensure_ascii=False, indent=1), encoding="utf-8")
    if fmt == "csv":
        written += [out / "indicators.csv", out / "metadata.csv"]
        neutralise(values).to_csv(written[1], index=False, quoting=csv.QUOTE_MINIMAL)
        neutralise(pd.DataFrame(meta)).to_csv(written[2], index=False)
    elif fmt == "parquet":
        written.append(out / "indicators.parquet")
        values.to_parquet(written[1], index=False)
    elif fmt == "xlsx":
        written.append(out / "indicators.xlsx")
        with pd.ExcelWriter(written[1], engine="openpyxl") as book:
            neutralise(values).to_excel(book, sheet_name="data", index=False)
            neutralise(pd.DataFrame(meta)).to_excel(book, sheet_name="metadata", index=False)
    elif fmt == "sdmx-csv":
        written += [out / f"{DATAFLOW_ID}.csv", out / "structure.xml"]
        sdmx_csv(values).to_csv(written[1], index=False)
        written[2].write_bytes(structure_xml())
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return written
