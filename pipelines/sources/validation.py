"""Run a pandera schema over a raw frame and turn every failure into an exact message."""

import pandas as pd
import pandera.errors
import pandera.pandas as pa

from lmo.settings import LmoError

ROW = "_row"  # where a record sits in its file (line number, or JSON path)
MAX_MESSAGES = 50


class ValidationFailed(LmoError):
    """A file broke its schema; `problems` lists every failure, `str()` a capped summary."""

    def __init__(self, file: str, problems: list[dict]):
        self.file = file
        self.problems = problems
        lines = [format_problem(file, p) for p in problems[:MAX_MESSAGES]]
        if len(problems) > MAX_MESSAGES:
            lines.append(f"... and {len(problems) - MAX_MESSAGES} more problems")
        super().__init__(f"{file}: rejected, {len(problems)} problem(s)\n" + "\n".join(lines))


def format_problem(file: str, problem: dict) -> str:
    return (f"{file}: {problem['row']}: column {problem['column']!r}: "
            f"rule {problem['rule']}: value {problem['value']!r}")


def validate(frame: pd.DataFrame, schema: pa.DataFrameSchema, file: str) -> pd.DataFrame:
    """Validate lazily (every problem at once); raise ValidationFailed naming row, column, rule, value."""
    try:
        return schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        raise ValidationFailed(file, problems_from(errors, frame)) from None


def problems_from(errors: pandera.errors.SchemaErrors, frame: pd.DataFrame) -> list[dict]:
    problems = []
    for case in errors.failure_cases.to_dict("records"):
        index = case.get("index")
        located = index is not None and not pd.isna(index) and ROW in frame.columns and index in frame.index
        problems.append({
            "row": frame.at[index, ROW] if located else "file",
            "column": case.get("column") or "-",
            "rule": str(case.get("check")),
            "value": None if pd.isna(case.get("failure_case")) else case.get("failure_case"),
        })
    return problems
