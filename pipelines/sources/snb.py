"""National annual series of registered unemployment: SNB data portal cube amarbma, HSSO table F.18a."""

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from indicators.model import with_defaults
from kernel.settings import LmoError
from pipelines.sources.table import read_table
from pipelines.sources.validation import ROW, validate

KIND = "snb-csv"
# a column only one layout has -> dataset, source, and which column is which measure
LAYOUTS = {
    "registered_unemployed_annual_mean": {
        "dataset": "snb_amarbma", "source": "SECO via SNB data portal (cube amarbma), annual means",
        "unemployed": "registered_unemployed_annual_mean", "rate": "unemployment_rate_pct_annual_mean"},
    "registered_unemployed_total": {
        "dataset": "hsso_f18a", "source": "Historical Statistics of Switzerland, table F.18a",
        "unemployed": "registered_unemployed_total", "rate": "unemployment_rate_pct"},
}

RawSchema = pa.DataFrameSchema(
    {
        ROW: pa.Column(str),
        "year": pa.Column(str, pa.Check.str_matches(r"^\d{4}$"), unique=True),
        "months": pa.Column("Int64", pa.Check.in_range(1, 12), nullable=True),
        "unemployed": pa.Column(float, pa.Check.ge(0)),
        "rate": pa.Column(float, pa.Check.in_range(0, 100)),
    },
    coerce=True, strict=True, name="snb annual series",
)


def layout_of(frame: pd.DataFrame, path: Path) -> dict:
    for column, layout in LAYOUTS.items():
        if column in frame.columns:
            return layout
    raise LmoError(f"{path}: not a known SNB/HSSO series (columns {list(frame.columns)})")


def read(path: Path) -> pd.DataFrame:
    _header, frame, problems = read_table(path)
    layout = layout_of(frame, path)
    raw = pd.DataFrame({ROW: frame[ROW], "year": frame["year"], "months": frame.get("months"),
                        "unemployed": frame[layout["unemployed"]], "rate": frame[layout["rate"]]})
    raw = validate(raw, RawSchema, str(path), problems)
    raw.attrs["layout"] = layout
    return raw


def to_canonical(raw: pd.DataFrame, vintage: str) -> pd.DataFrame:
    layout = raw.attrs["layout"]
    # an annual mean over fewer than 12 months is provisional
    status = raw["months"].map(lambda m: "P" if pd.notna(m) and m < 12 else "A")
    parts = [pd.DataFrame({"period": raw["year"], "measure": measure, "value": raw[column], "unit": unit,
                           "obs_status": status})
             for measure, column, unit in (("registered_unemployed", "unemployed", "persons"),
                                           ("registered_unemployment_rate", "rate", "percent"))]
    return with_defaults(pd.concat(parts, ignore_index=True), dataset=layout["dataset"], geo="CH",
                         concept="SECO_registered", source=layout["source"], vintage=vintage)
