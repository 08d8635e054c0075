"""Register microdata (spells, vacancies, programme participations): schemas and loading from the contract."""

from functools import cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from indicators.codelists import codelist, regions
from kernel.settings import LmoError
from pipelines.sources import register_files as files
from pipelines.sources import vintages
from pipelines.sources.validation import ROW, ValidationFailed, validate

TRUE = {"1", "true", "yes", "y", "oui", "o", "ja", "j", "vrai", "wahr"}
FALSE = {"0", "false", "no", "n", "non", "nein", "faux", "falsch"}
INT = r"^-?[0-9]+(\.0+)?$"  # ASCII digits: pandas would read '١٣' and '1_000' too
NUMBER = r"^-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$"
OCCUPATION = r"^[0-9]{4,5}$"  # ISCO-08 unit group (4 digits) or CH-ISCO-19 (5 digits)


def valid_dates(values: pd.Series) -> pd.Series:
    """Real dates in ASCII digits (pandas reads '２０２５-01-01' too)."""
    ascii_digits = values.str.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}").fillna(False).astype(bool)
    return ascii_digits & pd.to_datetime(values, format="%Y-%m-%d", errors="coerce").notna()


@cache
def known_geos() -> frozenset[str]:
    """Switzerland, its cantons, the Maghreb countries and their regions (data/codelists geo.csv, regions.csv)."""
    return frozenset(codelist("geo")["code"]) | regions()


def column_checks(field: dict) -> list[pa.Check]:
    kind = field["type"]
    checks = {
        "date": [pa.Check(valid_dates, error="date YYYY-MM-DD")],
        "bool": [pa.Check.isin(["true", "false"], error="yes/no (oui/non, ja/nein, 1/0, true/false)")],
        "int": [pa.Check.str_matches(INT, error="integer")],
        "number": [pa.Check.str_matches(NUMBER, error="number")],
        "occupation": [pa.Check.str_matches(OCCUPATION, error="ISCO-08 (4 digits) or CH-ISCO-19 (5 digits)")],
        "geo": [pa.Check(lambda s: s.isin(known_geos()),
                         error="ISO 3166 code of a country or canton/region")],
        "code": [pa.Check.isin(field.get("codes", []), error=f"one of {'/'.join(field.get('codes', []))}")],
    }.get(kind, [])
    if "pattern" in field:
        checks.append(pa.Check.str_matches(field["pattern"], error=f"matches {field['pattern']}"))
    numeric = lambda s: pd.to_numeric(s, errors="coerce")  # noqa: E731 (format errors reported above)
    if "min" in field:
        checks.append(pa.Check(lambda s, m=field["min"]: ~(numeric(s) < m), error=f">= {field['min']}"))
    if "max" in field:
        checks.append(pa.Check(lambda s, m=field["max"]: ~(numeric(s) > m), error=f"<= {field['max']}"))
    return checks


@cache
def schema(name: str) -> pa.DataFrameSchema:
    """The pandera schema of one file kind, over the file's text after normalisation."""
    columns = {ROW: pa.Column(str)}
    for field in files.fields(name).values():
        columns[field["name"]] = pa.Column(
            "string", checks=column_checks(field), nullable=not field["required"] and "default" not in field,
            unique=field["type"] == "id", required=True)
    return pa.DataFrameSchema(columns, strict=True, name=f"register {name}")


def normalise(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Spellings folded onto the contract's: booleans, code synonyms, Swiss/French dates, defaults."""
    frame = frame.reindex(columns=[ROW, *files.fields(name)]).astype("string")
    for column, field in files.fields(name).items():
        values = frame[column]
        if field["type"] == "bool":
            lower = values.str.lower()
            frame[column] = lower.where(~lower.isin(TRUE), "true").where(~lower.isin(FALSE), "false")
        elif field["type"] == "code":
            synonyms = {files.normal(code): code for code in field["codes"]}
            synonyms |= {files.normal(k): v for k, v in field.get("code_aliases", {}).items()}
            synonyms |= {files.normal(word): code for names in field.get("code_names", {}).values()
                         for code, word in names.items()}
            spelled = {v: synonyms.get(files.normal(v), v) for v in values.dropna().unique()}  # few distinct codes
            frame[column] = values.map(spelled, na_action="ignore").astype("string")
        elif field["type"] == "date":
            frame[column] = iso_dates(values)
        if "default" in field:
            frame[column] = frame[column].fillna(str(field["default"]))
    return frame


def iso_dates(values: pd.Series) -> pd.Series:
    """YYYY-MM-DD kept; DD.MM.YYYY, DD/MM/YYYY and Excel's 'YYYY-MM-DD 00:00:00' rewritten to it."""
    values = values.str.replace(r"^(\d{4}-\d{2}-\d{2})[ T]00:00:00$", r"\1", regex=True)
    day_first = values.str.match(r"^\d{1,2}[./]\d{1,2}[./]\d{4}$").fillna(False).astype(bool)
    if day_first.any():
        values = values.copy()
        values[day_first] = values[day_first].str.replace(
            r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$", lambda m: f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}", regex=True)
    return values


def typed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Validated text converted to the warehouse types."""
    out = frame.copy()
    for column, field in files.fields(name).items():
        kind, values = field.get("cast", field["type"]), frame[column]
        if kind == "date":
            out[column] = pd.to_datetime(values, format="%Y-%m-%d")
        elif kind == "bool":
            out[column] = values.map({"true": True, "false": False}).astype("boolean")
        elif kind == "int":
            out[column] = pd.to_numeric(values).astype("Int64")
        elif kind == "number":
            out[column] = pd.to_numeric(values).astype("Float64")
    return out


def check_date_order(frame: pd.DataFrame, name: str, file: str) -> None:
    problems = []
    for first, second in files.spec(name).get("date_order", []):
        bad = frame[second] < frame[first]
        problems += [{"row": row, "column": second, "rule": f"{second} >= {first}", "value": value.date().isoformat()}
                     for row, value in zip(frame.loc[bad, ROW], frame.loc[bad, second])]
    if problems:
        raise ValidationFailed(file, problems)


def read(path: Path, name: str) -> pd.DataFrame:
    """One register file of a kind, validated and typed, each record knowing its row."""
    path = Path(path)
    frame = files.rename_headers(files.read_text_table(path), name, str(path))
    if frame.empty:
        raise LmoError(f"{path}: no records below the header")
    frame = validate(normalise(frame, name), schema(name), str(path))
    frame = typed(frame, name)
    check_date_order(frame, name, str(path))
    return frame


def to_table(frame: pd.DataFrame, vintage: str, name: str) -> pd.DataFrame:
    """The rows for the warehouse table: the contract's fields, then dataset and vintage."""
    return frame[list(files.fields(name))].assign(vintage=vintages.published(vintage, "-", "file"))


def periods(frame: pd.DataFrame, name: str) -> list[str]:
    dates = frame[files.spec(name)["period_from"]]
    return sorted(dates.dt.strftime("%Y-%m").unique())
