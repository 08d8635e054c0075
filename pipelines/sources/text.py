"""Reading the text files people send: size, encoding, separator, header, number formats, risky cells."""

import csv
import difflib
import os
import re
from pathlib import Path

import pandas as pd

from pipelines.sources.numbers import parse_cells
from pipelines.sources.paths import check_regular
from pipelines.sources.validation import ROW, ValidationFailed, problem

MAGIC = {b"PK\x03\x04": "zip archive or .xlsx (archives are not accepted)", b"\x1f\x8b": "gzip archive",
         b"%PDF": "PDF document", b"\xd0\xcf\x11\xe0": "legacy Office file (.xls)", b"7z\xbc\xaf": "7z archive",
         b"Rar!": "rar archive"}
SEPARATORS = ",;\t|"
MAX_CELL_CHARS = 200
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MIXED = "one encoding per file (this line is not UTF-8, other lines are)"
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")  # a non-ASCII character as UTF-8 writes it


def max_bytes() -> int:
    """Largest file read whole (LMO_MAX_FILE_MB, default 200 MB): bigger ones are streamed if their kind
    allows it (pipelines/streamed.py), else refused unread."""
    return int(float(os.environ.get("LMO_MAX_FILE_MB", "200")) * 2**20)


def reject(path, rule: str, value, row="file", column="-"):
    raise ValidationFailed(str(path), [problem(row, column, rule, value)])


def check_file_size(path: Path, limit: bool = True) -> None:
    """Refuse links, special files, empty and (if `limit`, for files read whole) oversized files before reading
    any content."""
    check_regular(path)
    size = Path(path).stat().st_size
    if size == 0:
        reject(path, "empty file", "0 bytes")
    if limit and size > max_bytes():
        reject(path, "file too large", f"{size} bytes (limit {max_bytes()}, LMO_MAX_FILE_MB)")


def check_file(path: Path, limit: bool = True) -> None:
    """Refuse empty, oversized (if `limit`) and binary files before reading a byte of content into memory."""
    check_file_size(path, limit)
    with open(path, "rb") as handle:
        head = handle.read(8)
    for magic, what in MAGIC.items():
        if head.startswith(magic):
            reject(path, "not a text file", what)


def sniff_encoding(data: bytes) -> str:
    """BOMs first; NUL-heavy bytes are UTF-16; then strict UTF-8, cp1252, and Latin-1 (always decodes)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4000]
    if sample and sample[1::2].count(0) > len(sample) // 4:
        return "utf-16-le"
    if sample and sample[0::2].count(0) > len(sample) // 4:
        return "utf-16-be"
    for encoding in ("utf-8", "cp1252"):
        try:
            data.decode(encoding)
            return encoding
        except UnicodeDecodeError:
            pass
    return "latin-1"


def decode(path: Path) -> tuple[str, str]:
    """The file's text and the encoding it was read with."""
    check_file(path)
    data = Path(path).read_bytes()
    encoding = sniff_encoding(data)
    if encoding in ("cp1252", "latin-1") and (mixed := mixed_lines(data)):
        raise ValidationFailed(str(path), mixed)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        reject(path, f"not valid {encoding}", f"byte {error.start}", row=f"line {line}")
    if "\x00" in text:
        reject(path, "not a text file", f"NUL character (read as {encoding})")
    return text, encoding


def mixed_lines(data: bytes) -> list[dict]:
    """The lines that are not UTF-8 in a file whose other non-ASCII lines are: such a file is refused, never
    read wholly as cp1252 ('ZÃ¼rich')."""
    if not UTF8_SEQUENCE.search(data):
        return []
    bad, utf8 = [], False
    for number, line in enumerate(data.split(b"\n"), 1):
        try:
            utf8 = not line.decode("utf-8").isascii() or utf8
        except UnicodeDecodeError:
            bad.append(not_utf8(number, line))
    return bad if utf8 else []


def not_utf8(number: int, line: bytes) -> dict:
    return problem(f"line {number}", "-", MIXED, line.rstrip(b"\r\n").decode("utf-8", "backslashreplace"))


def sniff_separator(header_line: str, candidates: str = SEPARATORS) -> str:
    """The separator of the header line: the candidate that splits it into the most fields."""
    counts = {sep: next(csv.reader([header_line], delimiter=sep)).__len__() for sep in candidates}
    return max(counts, key=counts.get)


def header_problems(header: list[str], required, optional=(), strict: bool = True) -> list[dict]:
    """Missing, renamed, duplicated, empty and (if strict) unexpected columns."""
    known = [*required, *optional]
    problems = [problem("line 1", name, "duplicated column", name) for name in sorted(set(header))
                if header.count(name) > 1]
    problems += [problem("line 1", f"#{i + 1}", "empty column name", name) for i, name in enumerate(header) if not name]
    unknown = [name for name in header if name and name not in known]
    for name in required:
        if name not in header:
            near = difflib.get_close_matches(name.lower(), [u.lower() for u in unknown], n=1, cutoff=0.6)
            original = next((u for u in unknown if near and u.lower() == near[0]), None)
            if original:
                unknown.remove(original)
                problems.append(problem("line 1", name, f"renamed column (expected {name!r})", original))
            else:
                problems.append(problem("line 1", name, "missing column", None))
    if strict:
        problems += [problem("line 1", name, "unexpected column", name) for name in unknown]
    return problems


def text_problems(frame: pd.DataFrame, columns) -> list[dict]:
    """Cells a spreadsheet would run as formulas, and absurdly long cells."""
    problems = []
    for column in columns:
        values = frame[column]
        long = values.str.len().gt(MAX_CELL_CHARS).to_numpy(dtype=bool)
        formula = values.str.startswith(FORMULA_START).to_numpy(dtype=bool) & ~long
        for rule, bad in ((f"text longer than {MAX_CELL_CHARS} characters", long),
                          ("formula-like cell (starts with = + - @)", formula)):
            problems += [problem(row, column, rule, value) for row, value in zip(frame[ROW][bad], values[bad])]
    return problems


def numbers(frame: pd.DataFrame, column: str, decimal: str = ".", thousands=(), required: bool = True):
    """The column parsed as floats (NaN where empty or bad) and one problem per bad cell."""
    values, rules, empty = parse_cells(frame[column], decimal, thousands)
    bad = rules.notna() | (empty & required)
    problems = [problem(row, column, "required value missing" if pd.isna(rule) else rule, text)
                for row, rule, text in zip(frame.loc[bad, ROW], rules[bad], frame.loc[bad, column])]
    return values, problems
