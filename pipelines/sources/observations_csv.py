"""Observations as a CSV/TSV file in the canonical long layout: the generic way to load any figures."""

import copy
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from indicators.codelists import codelist
from indicators.model import (
    ADJUSTMENTS,
    CONCEPTS,
    DIMENSIONS,
    FILE_REALMS,
    KEY_COLUMNS,
    PERIOD_PATTERN,
    PERIOD_TEXT,
    TOTAL,
    with_defaults,
)
from pipelines.sources import table, text
from pipelines.sources.rules import rule_problems
from pipelines.sources.validation import ROW, ValidationFailed, problems_of

KIND = "observations-csv"
REQUIRED = ("dataset", "geo", "period", "measure", "value", "unit", "source")
DEFAULTS = {**{dim: TOTAL for dim in DIMENSIONS}, "obs_status": "A", "conf_status": "F",
            "concept": "other", "adjustment": "NSA", "realm": "user"}
TEXT_COLUMNS = [c for c in (*REQUIRED, *DEFAULTS) if c != "value"]


def _code_list(name: str) -> pa.Check:
    return pa.Check.isin(codelist(name)["code"].tolist(), error=f"code list {name}")


RawSchema = pa.DataFrameSchema(
    {
        ROW: pa.Column(str),
        "dataset": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9_.\-]+$", error="dataset name: a-z 0-9 _ . -")),
        "geo": pa.Column(str),
        "period": pa.Column(str, pa.Check.str_matches(PERIOD_PATTERN, error=PERIOD_TEXT)),
        "measure": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9_]+$", error="measure name: a-z 0-9 _")),
        "value": pa.Column(float, nullable=True),
        "unit": pa.Column(str, pa.Check.str_length(1, 40)),
        "source": pa.Column(str, pa.Check.str_length(min_value=1)),
        **{dim: pa.Column(str, pa.Check.str_length(1, 64)) for dim in DIMENSIONS},
        "obs_status": pa.Column(str, _code_list("obs_status")),
        "conf_status": pa.Column(str, _code_list("conf_status")),
        "concept": pa.Column(str, pa.Check.isin(CONCEPTS, error="concept " + "/".join(CONCEPTS))),
        "adjustment": pa.Column(str, pa.Check.isin(ADJUSTMENTS, error="adjustment " + "/".join(ADJUSTMENTS))),
        "realm": pa.Column(str, pa.Check.isin(FILE_REALMS, error="realm " + "/".join(FILE_REALMS))),
    },
    unique=[c for c in KEY_COLUMNS if c != "vintage"],
    strict=True,
    name="observations table",
)
ChunkSchema = copy.deepcopy(RawSchema)
ChunkSchema.unique = None


def parse(path: Path, header: list[str], rows: list, problems: list[dict]) -> pd.DataFrame:
    """Header, cells, numbers, schema and cross-record rules, all checked; every problem raised at once."""
    problems = header_checked(path, header, problems)
    frame, found = rows_checked(header, rows, RawSchema)
    if problems or found:
        raise ValidationFailed(str(path), problems + found)
    return frame


def header_checked(path: Path, header: list[str], problems: list[dict]) -> list[dict]:
    """The header's problems added; a missing, renamed or duplicated column stops here."""
    problems = problems + text.header_problems(header, REQUIRED, DEFAULTS)
    if any(p["rule"] in ("missing column", "duplicated column") or p["rule"].startswith("renamed") for p in problems):
        raise ValidationFailed(str(path), problems)
    return problems


def rows_checked(header: list[str], rows: list, schema: pa.DataFrameSchema) -> tuple[pd.DataFrame, list[dict]]:
    """The well-formed rows as a frame (numbers parsed, defaults filled) and every problem in them."""
    frame = table.table_frame(header, rows)
    if frame.empty:
        return frame, []
    frame = frame[[ROW, *[c for c in frame.columns if c in REQUIRED or c in DEFAULTS]]]
    for column, default in DEFAULTS.items():
        frame[column] = frame[column].replace("", default) if column in frame else default
    problems = text.text_problems(frame, TEXT_COLUMNS)
    frame["value"], bad_numbers = text.numbers(frame, "value", required=False)
    return frame, problems + bad_numbers + problems_of(frame, schema) + rule_problems(frame)


def read(path: Path) -> pd.DataFrame:
    content, _encoding = text.decode(path)
    header, rows, problems = table.split_table(content, path)
    return parse(path, header, rows, problems)


def read_chunks(path: Path, size: int) -> Iterator[tuple[pd.DataFrame, list[dict]]]:
    """A file too big for memory, chunk by chunk, each checked like a whole file except for duplicate keys
    across chunks (the streamed loader finds those in SQL)."""
    for number, (header, rows, problems) in enumerate(table.stream(path, size)):
        problems = header_checked(path, header, problems) if number == 0 else problems
        frame, found = rows_checked(header, rows, ChunkSchema)
        yield frame, problems + found


def to_canonical(raw: pd.DataFrame, vintage: str) -> pd.DataFrame:
    return with_defaults(raw.drop(columns=[ROW]), vintage=vintage)
