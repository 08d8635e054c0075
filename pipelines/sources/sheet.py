"""A publisher's Excel download as a table: title lines above the header skipped, every cell as text."""

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl

from pipelines.sources import xlsx
from pipelines.sources.table import table_frame
from pipelines.sources.validation import ValidationFailed, problem

HEADER_SEARCH_ROWS = 30


def is_workbook(path: Path) -> bool:
    return zipfile.is_zipfile(path)


def cell_text(value) -> str:
    """Numbers as Python writes them back exactly (86.395, not 86.4), whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return str(value)


def read_sheet(path: Path, header_names: set[str]):
    """(header, frame, problems) of the first sheet; the header is the first row holding one of `header_names`."""
    xlsx.check(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        raise ValidationFailed(str(path), [problem("file", "-", "not a readable .xlsx workbook", str(error))]) from None
    try:
        rows = [(n, [cell_text(v) for v in values])
                for n, values in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1)]
    finally:
        book.close()
    start = next((i for i, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS])
                  if header_names & {c.strip() for c in cells}), None)
    if start is None:
        raise ValidationFailed(str(path), [problem("file", "-", "no header row with any of these columns",
                                                   ", ".join(sorted(header_names)))])
    header = [c.strip() for c in rows[start][1]]
    while header and not header[-1]:
        header.pop()
    data = [(n, (cells + [""] * len(header))[:len(header)]) for n, cells in rows[start + 1:]
            if any(c.strip() for c in cells)]
    beyond = [problem(f"line {n}", f"column {i + 1}", "value outside the header's columns", c)
              for n, cells in rows[start + 1:] for i, c in enumerate(cells) if i >= len(header) and c.strip()]
    if not data:
        raise ValidationFailed(str(path), [problem("file", "-", "header only, no data rows", ",".join(header))])
    return header, table_frame(header, data), beyond
