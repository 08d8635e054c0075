"""World Bank WDI CSV, any indicator: the bulk API file (preamble, byte-order mark, trailing commas) or a
DataBank export (Series Name/Code, '1991 [YR1991]' columns, '..' for missing, footer lines)."""

import csv
import re
from functools import cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import yaml

from indicators.model import with_defaults
from kernel.settings import LmoError
from pipelines.sources import text, vintages
from pipelines.sources.countries import country_check, split_countries
from pipelines.sources.labels import plain
from pipelines.sources.table import read_table
from pipelines.sources.validation import ROW, problems_of, validate, without_empty

KIND = "wdi-csv"
SOURCE = "World Bank, World Development Indicators"
HEADER_START = ("Country Name", "Series Name")
# DataBank's names for the bulk file's columns, and its footer lines (kept out, line numbers kept)
DATABANK_COLUMNS = {"Series Name": "Indicator Name", "Series Code": "Indicator Code"}
# "modeled ILO estimate" as the bulk file says it in English, French and Spanish
MODELLED = ("modeled ilo estimate", "modelisee oit", "modelado oit", "modelada oit")
FOOTER = re.compile(r'^"?(Data from database|Last Updated):')

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
# checked once per line of the file, before the years are spread into rows
CountrySchema = pa.DataFrameSchema({ROW: pa.Column(str), "Country Code": pa.Column(str, country_check("wdi"))})


@cache
def known_codes() -> dict:
    return yaml.safe_load(Path(__file__).with_name("international.yaml").read_text(encoding="utf-8"))["wdi"]


def read(path: Path) -> pd.DataFrame:
    """One row per country, indicator and year, each row knowing its line in the file."""
    content = text.decode(path)[0]
    lines = content.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.lstrip("\ufeff").strip('"').startswith(HEADER_START)), None)
    if start is None:
        raise LmoError(f"{path}: no 'Country Name' header line: not a World Bank WDI bulk CSV or DataBank export")
    # preamble and footer lines are blanked, not cut, so that line numbers stay those of the file
    body = ["\n" if FOOTER.match(line) else line for line in lines[start:]]
    header, wide, problems = read_table(path, content="\n" * start + "".join(body))
    wide = wide.rename(columns=DATABANK_COLUMNS | {c: c[:4] for c in header if re.fullmatch(r"\d{4} \[YR\d{4}\]", c)})
    years = [c for c in wide if re.fullmatch(r"\d{4}", c)]
    if "Country Code" in wide:
        problems += problems_of(wide[[ROW, "Country Code"]], CountrySchema)
    long = wide.melt(id_vars=[ROW, "Country Code", "Indicator Code", "Indicator Name"], value_vars=years,
                     var_name="year", value_name="value")
    long = long.rename(columns={"Country Code": "country_code", "Indicator Code": "indicator_code",
                                "Indicator Name": "indicator_name"})
    long[ROW] = long[ROW] + ", column " + long["year"]
    long["value"] = long["value"].mask(long["value"].str.strip() == "..", "")  # DataBank's missing value
    return validate(long.reset_index(drop=True), RawSchema, str(path), problems)


def vintage_of(path: Path) -> str | None:
    """The 'Last Updated Date' of the bulk file's preamble, or DataBank's 'Last Updated: MM/DD/YYYY' footer."""
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        head = [handle.readline() for _ in range(6)]
    for row in csv.reader(head):
        if row and row[0] == "Last Updated Date" and len(row) > 1:
            return vintages.published(row[1], path, "Last Updated Date")
    if m := re.search(r"^\"?Last Updated: (\d{2})/(\d{2})/(\d{4})", text.decode(path)[0][-4096:], re.MULTILINE):
        return vintages.published(f"{m.group(3)}-{m.group(1)}-{m.group(2)}", path, "Last Updated")
    return None


def describe(code: str, name: str) -> dict:
    """Measure, unit and concept of an indicator code, known or not."""
    guess = {"measure": code.lower().replace(".", "_"),
             "unit": "percent" if "%" in name else "number",
             "concept": "ILO_modelled" if any(w in plain(name) for w in MODELLED) else "other"}
    return guess | known_codes().get(code, {})


def to_canonical(raw: pd.DataFrame, vintage: str) -> pd.DataFrame:
    raw, skipped = without_empty(raw)
    geo, aggregates = split_countries(raw["country_code"], "wdi")
    raw, geo, skipped = raw[geo.notna()], geo[geo.notna()], skipped | aggregates
    specs = {code: describe(code, name) for code, name in
             raw[["indicator_code", "indicator_name"]].drop_duplicates().itertuples(index=False)}
    spec = pd.DataFrame([specs[code] for code in raw["indicator_code"]], index=raw.index)
    long = spec.assign(geo=geo, period=raw["year"], value=raw["value"],
                       dataset="wdi_" + raw["indicator_code"].str.lower().str.replace(".", "_"))
    out = with_defaults(long, source=SOURCE, vintage=vintage)
    out.attrs["skipped"] = skipped
    return out
