"""World Bank WDI bulk CSV (preamble lines, byte-order mark, trailing commas), any indicator."""

import csv
import io
import re
from functools import cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import yaml

from indicators.model import with_defaults
from lmo.settings import LmoError
from pipelines.sources.countries import skipped_aggregates, to_alpha2
from pipelines.sources.validation import ROW, validate

KIND = "wdi-csv"
SOURCE = "World Bank, World Development Indicators"
HEADER_START = "Country Name"

RawSchema = pa.DataFrameSchema(
    {
        ROW: pa.Column(str),
        "country_code": pa.Column(str, pa.Check.str_matches(r"^[A-Z0-9]{3}$")),
        "indicator_code": pa.Column(str, pa.Check.str_matches(r"^[A-Za-z0-9._]+$")),
        "indicator_name": pa.Column(str),
        "year": pa.Column(str, pa.Check.str_matches(r"^\d{4}$")),
        "value": pa.Column(float, nullable=True),
    },
    unique=["country_code", "indicator_code", "year"], coerce=True, strict=True, name="wdi bulk csv",
)


@cache
def known_codes() -> dict:
    return yaml.safe_load(Path(__file__).with_name("international.yaml").read_text(encoding="utf-8"))["wdi"]


def lines_of(path: Path) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as error:
        raise LmoError(f"{path}: not UTF-8 text: {error}") from None


def read(path: Path) -> pd.DataFrame:
    """One row per country, indicator and year, each row knowing its line in the file."""
    lines = lines_of(path)
    start = next((i for i, line in enumerate(lines) if line.strip('"').startswith(HEADER_START)), None)
    if start is None:
        raise LmoError(f"{path}: no '{HEADER_START}' header line: not a World Bank WDI bulk CSV")
    wide = pd.read_csv(io.StringIO("\n".join(lines[start:])), dtype=str, keep_default_na=False)
    wide = wide.loc[:, ~wide.columns.str.startswith("Unnamed")]  # the trailing comma's empty column
    years = [c for c in wide.columns if re.fullmatch(r"\d{4}", c)]
    wide[ROW] = [f"line {start + i + 2}" for i in range(len(wide))]
    long = wide.melt(id_vars=[ROW, "Country Code", "Indicator Code", "Indicator Name"], value_vars=years,
                     var_name="year", value_name="value")
    long = long.rename(columns={"Country Code": "country_code", "Indicator Code": "indicator_code",
                                "Indicator Name": "indicator_name"})
    long[ROW] = long[ROW] + ", column " + long["year"]
    long["value"] = long["value"].str.strip().replace("", None)
    return validate(long.reset_index(drop=True), RawSchema, str(path))


def vintage_of(path: Path) -> str | None:
    """The 'Last Updated Date' of the preamble."""
    for row in csv.reader(lines_of(path)[:6]):
        if row and row[0] == "Last Updated Date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[1]):
            return row[1]
    return None


def describe(code: str, name: str) -> dict:
    """Measure, unit and concept of an indicator code, known or not."""
    guess = {"measure": code.lower().replace(".", "_"),
             "unit": "percent" if "%" in name else "number",
             "concept": "ILO_modelled" if "modeled ilo estimate" in name.lower() else "other"}
    return guess | known_codes().get(code, {})


def to_canonical(raw: pd.DataFrame, vintage: str) -> pd.DataFrame:
    raw = raw[raw["value"].notna()]
    geo = to_alpha2(raw["country_code"])
    skipped = skipped_aggregates(raw["country_code"], geo)
    raw, geo = raw[geo.notna()], geo[geo.notna()]
    specs = {code: describe(code, name) for code, name in
             raw[["indicator_code", "indicator_name"]].drop_duplicates().itertuples(index=False)}
    spec = pd.DataFrame([specs[code] for code in raw["indicator_code"]], index=raw.index)
    long = spec.assign(geo=geo, period=raw["year"], value=raw["value"],
                       dataset="wdi_" + raw["indicator_code"].str.lower().str.replace(".", "_"))
    out = with_defaults(long, source=SOURCE, vintage=vintage)
    out.attrs["skipped"] = skipped
    return out
