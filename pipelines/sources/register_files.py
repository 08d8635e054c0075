"""Register exchange files: the contract, reading CSV/Excel/Parquet as text and mapping FR/EN/DE headers."""

import csv
import unicodedata
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from kernel.settings import DATA_DIR, LmoError
from pipelines.sources import xlsx
from pipelines.sources.paths import check_regular
from pipelines.sources.validation import ROW, ValidationFailed

CONTRACT_FILE = DATA_DIR / "register" / "contract.yaml"
LANGUAGES = ("en", "fr", "de")


@cache
def contract() -> dict:
    return yaml.safe_load(CONTRACT_FILE.read_text(encoding="utf-8"))


def spec(name: str) -> dict:
    """One file kind of the contract: 'spells', 'vacancies', 'programmes' or 'interruptions'."""
    return contract()["kinds"][name]


def fields(name: str) -> dict[str, dict]:
    return {field["name"]: field for field in spec(name)["fields"]}


def normal(text: str) -> str:
    """A header or code as compared: no accents, lower case, runs of space/hyphen/dot as '_'."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower().strip()
    return "_".join(plain.replace("-", " ").replace(".", " ").split())


@cache
def header_map(name: str) -> dict[str, str]:
    """Every accepted header (normalised) -> canonical field name."""
    mapping = {}
    for field in fields(name).values():
        mapping[normal(field["name"])] = field["name"]
        for lang in LANGUAGES:
            mapping |= {normal(alias): field["name"] for alias in field.get("aliases", {}).get(lang, [])}
    return mapping


def header(name: str, lang: str) -> dict[str, str]:
    """Canonical field -> the header written in a language (the first alias of that language)."""
    if lang == "en":
        return {f: f for f in fields(name)}
    return {f: spec.get("aliases", {}).get(lang, [f])[0] for f, spec in fields(name).items()}


def read_text_table(path: Path) -> pd.DataFrame:
    """The file's cells as text (missing = NA) and the column ROW giving each record's line or row."""
    suffix = path.suffix.lower()
    check_regular(path)
    try:
        if suffix == ".xlsx":
            xlsx.check(path)
            frame = pd.read_excel(path, dtype=str, engine="openpyxl")
        elif suffix == ".parquet":
            frame = as_text(pd.read_parquet(path))
        else:
            frame = read_csv(path)
    except LmoError:
        raise
    except Exception as error:  # any parser's complaint about a malformed file, as one line
        raise LmoError(f"{path}: cannot read as {suffix.lstrip('.') or 'csv'}: {error}") from None
    frame = frame.apply(lambda column: column.str.strip()).replace("", pd.NA)
    frame.insert(0, ROW, [f"row {i}" for i in range(2, len(frame) + 2)])
    return frame


def read_csv(path: Path) -> pd.DataFrame:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        try:
            first = handle.readline()
        except UnicodeDecodeError:
            raise LmoError(f"{path}: not UTF-8 text; save the file as CSV UTF-8") from None
    separator = ";" if first.count(";") > first.count(",") else ","
    return pd.read_csv(path, sep=separator, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                       quoting=csv.QUOTE_MINIMAL)


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Typed Parquet columns rendered the way a CSV would carry them."""
    out = {}
    for column, values in frame.items():
        if pd.api.types.is_datetime64_any_dtype(values):
            out[column] = values.dt.strftime("%Y-%m-%d")
        elif values.dtype == object and len(values.dropna()) and hasattr(values.dropna().iloc[0], "isoformat"):
            out[column] = values.map(lambda v: v.isoformat() if hasattr(v, "isoformat") else v)
        else:
            out[column] = values.astype("string")
    return pd.DataFrame(out).astype("string")


def rename_headers(frame: pd.DataFrame, name: str, file: str) -> pd.DataFrame:
    """Map the file's headers to canonical names; unknown, duplicate or missing columns are rejected."""
    mapping, problems, seen = header_map(name), [], {}
    for column in frame.columns.drop(ROW):
        canonical = mapping.get(normal(column))
        if canonical is None:
            problems.append(header_problem(column, "unknown column"))
        elif canonical in seen:
            problems.append(header_problem(column, f"duplicate column (same field as {seen[canonical]!r})"))
        else:
            seen[canonical] = column
    for field, spec_ in fields(name).items():
        if spec_["required"] and field not in seen:
            problems.append(header_problem(field, "required column missing"))
    if problems:
        raise ValidationFailed(file, problems)
    return frame.rename(columns={column: field for field, column in seen.items()})


def header_problem(column: str, rule: str) -> dict:
    return {"row": "row 1 (header)", "column": column, "rule": rule, "value": column}
