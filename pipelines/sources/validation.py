"""Run a pandera schema over a raw frame and turn every failure into an exact, readable message."""

import re

import pandas as pd
import pandera.errors
import pandera.pandas as pa

from indicators.model import PERIOD_PATTERN
from kernel.settings import LmoError
from pipelines.sources.numbers import parse_cells

ROW = "_row"  # where a record sits in its file (line number, or JSON path)
MAX_MESSAGES = 50
MAX_VALUE_CHARS = 100
# pandera's check names, as a person reading the message would say them
RULE_NAMES = [
    ("^" + re.escape(f"str_matches('{PERIOD_PATTERN}')") + "$", "period format 2025, 2025-Q1 or 2025-01"),
    (r"^coerce_dtype\('(float\d*|Float\d*)'\)$", "number"),
    (r"^coerce_dtype\('(u?int\d*|U?Int\d*)'\)$", "whole number"),
    (r"^coerce_dtype\('(.*)'\)$", r"type \1"),
    (r"^isin\(", "allowed values"),
    (r"^in_range\((.*), (.*)\)$", r"between \1 and \2"),
    (r"^greater_than_or_equal_to\((.*)\)$", r"at least \1"),
    (r"^less_than_or_equal_to\((.*)\)$", r"at most \1"),
    (r"^str_matches\('(.*)'\)$", r"format \1"),
    (r"^str_length\(None, (\d+)\)$", r"at most \1 characters"),
    (r"^str_length\((\d+), (\d+)\)$", r"\1 to \2 characters"),
    (r"^(multiple_fields|field)_uniqueness$", "duplicate key"),
    (r"^not_nullable$", "required value missing"),
    (r"^column_in_schema$", "unexpected column"),
    (r"^column_in_dataframe$", "missing column"),
]


class ValidationFailed(LmoError):
    """A file broke its schema; `problems` lists the failures (the first `total` of them at least), `str()` a capped summary."""

    def __init__(self, file: str, problems: list[dict], total: int | None = None):
        self.file = file
        self.problems = problems = sorted(problems, key=lambda p: sort_key(p["row"]))
        self.total = total = max(total or 0, len(problems))
        lines = [format_problem(file, p) for p in problems[:MAX_MESSAGES]]
        if total > MAX_MESSAGES:
            lines.append(f"... and {total - MAX_MESSAGES} more problems")
        super().__init__(f"{file}: rejected, {total} problem(s)\n" + "\n".join(lines))


def shown(value) -> str:
    """A value as it appears in a message: quoted, and cut if very long."""
    text = repr(value)
    return text if len(text) <= MAX_VALUE_CHARS else f"{text[:MAX_VALUE_CHARS]}… ({len(str(value))} characters)"


def format_problem(file: str, problem: dict) -> str:
    return (f"{file}: {problem['row']}: column {problem['column']!r}: "
            f"rule {problem['rule']}: value {shown(problem['value'])}")


def problem(row, column, rule: str, value) -> dict:
    value = value.item() if hasattr(value, "item") else value  # numpy scalars print as np.float64(…)
    return {"row": row, "column": column, "rule": rule, "value": value}


def rule_name(check) -> str:
    text = str(check)
    for pattern, name in RULE_NAMES:
        if re.search(pattern, text):
            return re.sub(pattern, name, text) if "\\" in name else name
    return text


def problems_of(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> list[dict]:
    """Every problem the schema finds, without raising (to merge with a reader's own findings)."""
    return checked(frame, schema)[1]


def validate(frame: pd.DataFrame, schema: pa.DataFrameSchema, file: str, found=()) -> pd.DataFrame:
    """Validate lazily (every problem at once, with those the reader `found`); raise ValidationFailed naming each."""
    frame, problems = checked(frame, schema)
    if problems or found:
        raise ValidationFailed(file, [*found, *problems])
    return frame


def checked(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> tuple[pd.DataFrame, list[dict]]:
    """The validated frame and every problem; numbers are parsed first so a bad cell hides no other check."""
    frame, problems, bad_cells = coerce_numbers(frame, schema)
    try:
        return schema.validate(frame, lazy=True), problems
    except pandera.errors.SchemaErrors as errors:
        return frame, problems + problems_from(errors, frame, bad_cells)


def numeric_columns(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> list[str]:
    return [name for name, column in schema.columns.items()
            if name in frame and (schema.coerce or column.coerce) and column.dtype is not None
            and pd.api.types.is_numeric_dtype(column.dtype.type) and not pd.api.types.is_numeric_dtype(frame[name])]


def coerce_numbers(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> tuple[pd.DataFrame, list[dict], set]:
    """Numeric columns parsed here rather than by pandera, whose failed coercion would skip the column's checks.

    Returns the frame with NaN in the bad cells, one problem per bad cell, and those (index, column) cells."""
    columns = numeric_columns(frame, schema)
    if not columns:
        return frame, [], set()
    frame, problems, cells = frame.copy(), [], set()
    for name in columns:
        values, rules, _ = parse_cells(frame[name])
        if pd.api.types.is_integer_dtype(schema.columns[name].dtype.type):
            fraction = values.notna() & values.ne(values.round())
            rules = rules.replace("number", "whole number").mask(fraction, "whole number")
            values = values.mask(fraction)
        for index in frame.index[rules.notna().to_numpy(dtype=bool)]:
            problems.append(problem(locate(frame, index), name, rules[index], frame.at[index, name]))
            cells.add((index, name))
        frame[name] = values
    return frame, problems, cells


def without_empty(raw: pd.DataFrame, column: str = "value") -> tuple[pd.DataFrame, dict[str, int]]:
    """The rows with a value, and how many were left out for having none (for the load summary)."""
    empty = raw[column].isna()
    return raw[~empty], ({"empty value": int(empty.sum())} if empty.any() else {})


def locate(frame: pd.DataFrame, index) -> str:
    """Where a record is: its line or JSON path, else its key values (canonical frames)."""
    if index is None or pd.isna(index) or index not in frame.index:
        return "file"
    if ROW in frame.columns:
        return str(frame.at[index, ROW])
    keys = [c for c in ("dataset", "geo", "period", "measure") if c in frame.columns]
    return "record " + " ".join(f"{c}={frame.at[index, c]}" for c in keys)


def problems_from(errors: pandera.errors.SchemaErrors, frame: pd.DataFrame, bad_cells=frozenset()) -> list[dict]:
    """One problem per (record, column, rule); a cell already found bad (or failing its type) says so once."""
    problems, seen = [], set()
    cases = errors.failure_cases
    cases = cases[~cases["failure_case"].astype(str).str.startswith("TypeError(")]
    duplicate = cases["check"].astype(str).str.endswith("fields_uniqueness")
    problems += duplicate_problems(cases[duplicate], frame)
    for case in cases[~duplicate].to_dict("records"):
        row = locate(frame, case.get("index"))
        column = case.get("column") if isinstance(case.get("column"), str) else "-"
        if (case.get("index"), column) in bad_cells:
            continue
        cell = (row, column, str(case.get("failure_case")))
        if cell in seen and str(case.get("check")).startswith("dtype("):
            continue
        seen.add(cell)
        value = case.get("failure_case")
        missing = value is None or (not isinstance(value, str) and pd.isna(value))
        problems.append(problem(row, column, rule_name(case.get("check")), None if missing else value))
    return problems


def duplicate_problems(cases: pd.DataFrame, frame: pd.DataFrame) -> list[dict]:
    """One problem per duplicated record (not one per key column), its key shown without totals."""
    problems = []
    for index, group in cases.groupby("index", sort=False):
        key = ", ".join(f"{c}={v}" for c, v in zip(group["column"], group["failure_case"]) if v != "_T")
        problems.append(problem(locate(frame, index), "key", "duplicate key", key))
    return problems


def sort_key(row: str):
    """Line numbers in numeric order; JSON paths and 'file' after, in the order found."""
    match = re.match(r"^line (\d+)", str(row))
    return (0, int(match.group(1))) if match else (1, 0)
