"""Basel-Stadt indicator tables (tab-separated, one per id) read through the mapping in statabs.yaml."""

from functools import cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import yaml

from indicators.model import DIMENSIONS, PERIOD_PATTERN, TOTAL, with_defaults
from kernel.settings import LmoError
from pipelines.sources import jsonfile, vintages
from pipelines.sources.table import read_table
from pipelines.sources.validation import ROW, validate, without_empty

KIND = "statabs-tsv"
SOURCE = "Statistisches Amt Basel-Stadt, from SECO labour-market statistics (table {id})"
MAPPING_FILE = Path(__file__).with_name("statabs.yaml")


@cache
def mapping() -> dict:
    return yaml.safe_load(MAPPING_FILE.read_text(encoding="utf-8"))


def table_id(path: Path) -> str:
    table = Path(path).stem
    if table not in mapping()["tables"]:
        raise LmoError(f"{path}: unknown Basel-Stadt table {table!r} (the file name must be the table id; "
                       f"known: {', '.join(sorted(mapping()['tables']))})")
    return table


def raw_schema(table: str) -> pa.DataFrameSchema:
    spec = mapping()["tables"][table]
    labels = [*spec["series"], *spec.get("ignore", [])]
    return pa.DataFrameSchema(
        {
            ROW: pa.Column(str),
            "label": pa.Column(str, pa.Check.isin(labels)),
            "period": pa.Column(str, pa.Check.str_matches(PERIOD_PATTERN)),
            "value": pa.Column(float, nullable=True),
        },
        unique=["label", "period"], coerce=True, strict=True, name=f"statabs {table}",
    )


def read(path: Path) -> pd.DataFrame:
    """One row per cell: the series label, the period, the value as published."""
    table = table_id(path)
    header, wide, problems = read_table(path, separator="\t")
    key = header[0]
    cells = wide.melt(id_vars=[ROW, key], var_name="header", value_name="value")
    layout = mapping()["tables"][table]["layout"]
    if layout == "period_rows":
        cells["label"], cells["period"] = cells["header"], cells[key]
    elif layout == "category_rows":
        cells["label"], cells["period"] = cells[key], cells["header"]
    else:  # month_rows: header "<series> <year>", key a German month name
        parts = cells["header"].str.rsplit(" ", n=1, expand=True)
        cells["label"] = parts[0]
        cells["period"] = parts[1] + "-" + cells[key].map(mapping()["months"]).fillna(cells[key])
    cells[ROW] = cells[ROW] + ", column " + cells["header"]
    frame = cells[[ROW, "label", "period", "value"]].reset_index(drop=True)
    frame = validate(frame, raw_schema(table), str(path), problems)
    frame.attrs["table"] = table
    return frame


def vintage_of(path: Path) -> str | None:
    """The table's update date from metadata/<id>.json beside it, if present."""
    meta = Path(path).parent / "metadata" / f"{Path(path).stem}.json"
    if not meta.is_file():
        return None
    updated = jsonfile.load(meta).get("aktualisierungsdatum")
    return vintages.published(updated[:10], path, f"metadata/{meta.name} aktualisierungsdatum") if updated else None


def flags(raw: pd.DataFrame, table: str) -> pd.Series:
    """Each cell's status: A, or what the table's metadata says of it (statabs.yaml `flags`)."""
    status = pd.Series("A", index=raw.index)
    for rule in (r for r in mapping()["flags"] if table in r["tables"]):
        periods = rule.get("periods") or sorted(raw["period"].unique())[-rule["last_months"]:]
        series = raw["label"].isin(rule["series"]) if "series" in rule else True
        status = status.mask(raw["period"].isin(periods) & series, rule["status"])
    return status


def to_canonical(raw: pd.DataFrame, vintage: str) -> pd.DataFrame:
    table = raw.attrs["table"]
    spec = mapping()["tables"][table]
    ignored = ~raw["label"].isin(spec["series"])
    raw, skipped = without_empty(raw[~ignored])
    skipped |= {"series not loaded (ignore list of statabs.yaml)": int(ignored.sum())} if ignored.any() else {}
    base = dict.fromkeys(DIMENSIONS, TOTAL) | mapping()["defaults"] | spec["defaults"]
    dims = pd.DataFrame([base | (spec["series"][label] or {})
                         for label in raw["label"]], index=raw.index)
    long = dims.drop(columns="scale").assign(
        period=raw["period"], value=(raw["value"] * dims["scale"]).round(10),
        obs_status=flags(raw, table))
    out = with_defaults(long, dataset=f"statabs_{table}", concept="SECO_registered",
                        source=SOURCE.format(id=table), vintage=vintage)
    out.attrs["skipped"] = skipped
    return out
