"""Observations as an Excel sheet in the canonical long layout (first sheet, header in row 1)."""

from pathlib import Path

import openpyxl

from pipelines.sources import xlsx
from pipelines.sources.observations_csv import parse, to_canonical  # noqa: F401  (same layout)
from pipelines.sources.validation import ValidationFailed, problem

KIND = "observations-xlsx"


def cell_text(value) -> str:
    return "" if value is None else (format(value, "g") if isinstance(value, float) else str(value))


def read(path: Path):
    """Refuse merged header cells and formulas, then check the sheet like a CSV file."""
    xlsx.check(path)
    try:
        book = openpyxl.load_workbook(path, read_only=False, data_only=False)
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        raise ValidationFailed(str(path), [problem("file", "-", "not a readable .xlsx workbook", str(error))]) from None
    sheet = book.worksheets[0]
    merged = [problem("line 1", cells.coord, "merged header cells (the header must be one plain row 1)",
                      sheet.cell(cells.min_row, cells.min_col).value)
              for cells in sheet.merged_cells.ranges if cells.min_row == 1]
    if merged:
        raise ValidationFailed(str(path), merged)
    problems = []
    lines = list(sheet.iter_rows(values_only=False))
    if not lines:
        raise ValidationFailed(str(path), [problem("file", "-", "empty sheet", sheet.title)])
    header = [cell_text(c.value).strip() for c in lines[0]]
    while header and not header[-1]:
        header.pop()
    rows = []
    for cells in lines[1:]:
        fields = [cell_text(c.value) for c in cells[:len(header)]]
        if any(f.strip() for f in fields):
            rows.append((cells[0].row, fields))
        problems += [problem(f"line {c.row}", header[c.column - 1] if c.column <= len(header) else c.coordinate,
                             "formula cell (give values, not formulas)", c.value)
                     for c in cells if c.data_type == "f"]
    if not rows:
        raise ValidationFailed(str(path), problems or [problem("file", "-", "header only, no data rows", ",".join(header))])
    return parse(path, header, rows, problems)
