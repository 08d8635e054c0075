"""Reading the text files people send: size, encoding, separator, header, number formats, risky cells."""

import csv
import difflib
import io
import os
import re
import zipfile
from pathlib import Path

import pandas as pd

from pipelines.sources.numbers import parse_cells
from pipelines.sources.validation import ROW, ValidationFailed, problem

MAGIC = {b"PK\x03\x04": "zip archive or .xlsx (archives are not accepted)", b"\x1f\x8b": "gzip archive",
         b"%PDF": "PDF document", b"\xd0\xcf\x11\xe0": "legacy Office file (.xls)", b"7z\xbc\xaf": "7z archive",
         b"Rar!": "rar archive"}
SEPARATORS = ",;\t|"
MAX_CELL_CHARS = 200
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def max_bytes() -> int:
    """Largest file accepted (LMO_MAX_FILE_MB, default 200 MB): bigger ones are refused unread."""
    return int(float(os.environ.get("LMO_MAX_FILE_MB", "200")) * 2**20)


def reject(path, rule: str, value, row="file", column="-"):
    raise ValidationFailed(str(path), [problem(row, column, rule, value)])


def check_file_size(path: Path) -> None:
    """Refuse empty and oversized files before reading any content into memory."""
    size = Path(path).stat().st_size
    if size == 0:
        reject(path, "empty file", "0 bytes")
    if size > max_bytes():
        reject(path, "file too large", f"{size} bytes (limit {max_bytes()}, LMO_MAX_FILE_MB)")


def check_zip(path: Path, max_ratio: int = 100) -> None:
    """A zip container (.xlsx) must not expand beyond the size limit or by an absurd ratio (zip bomb)."""
    check_file_size(path)
    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        reject(path, "not a readable zip container", str(error))
    packed = Path(path).stat().st_size
    if expanded > max_bytes() or expanded > max_ratio * packed:
        reject(path, "archive bomb (expands too much)", f"{packed} bytes expand to {expanded}")


def check_file(path: Path) -> None:
    """Refuse empty, oversized and binary files before reading a byte of content into memory."""
    check_file_size(path)
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
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        reject(path, f"not valid {encoding}", f"byte {error.start}")
    if "\x00" in text:
        reject(path, "not a text file", f"NUL character (read as {encoding})")
    return text, encoding


def sniff_separator(header_line: str, candidates: str = SEPARATORS) -> str:
    """The separator of the header line: the candidate that splits it into the most fields."""
    counts = {sep: next(csv.reader([header_line], delimiter=sep)).__len__() for sep in candidates}
    return max(counts, key=counts.get)


def split_table(text: str, path, separator: str | None = None) -> tuple[list[str], list[tuple[int, list[str]]], list[dict]]:
    """Header, rows as (line number, fields), and problems: no rows, wrong field counts, a broken quote."""
    if not text.strip():
        reject(path, "empty file", "only blank characters")
    first_line = text.lstrip("\r\n").splitlines()[0]
    separator = separator or sniff_separator(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    problems, rows, header = [], [], None
    try:
        for fields in reader:
            if not any(f.strip() for f in fields):
                continue
            if header is None:
                header = [f.strip().lstrip("\ufeff") for f in fields]
                continue
            rows.append((reader.line_num, fields))
    except csv.Error as error:
        problems.append(problem(f"line {reader.line_num}", "-", "broken quoting", str(error)))
    if not rows and not problems:
        reject(path, "header only, no data rows", separator.join(header))
    truncated = not text.endswith(("\n", "\r"))
    for i, (line, fields) in enumerate(rows):
        if len(fields) != len(header):
            last = truncated and i == len(rows) - 1
            rule = "truncated last line" if last and len(fields) < len(header) else \
                f"field count (expected {len(header)} fields separated by {separator!r})"
            problems.append(problem(f"line {line}", "-", rule, separator.join(fields)))
    return header, rows, problems


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


def table_frame(header: list[str], rows: list[tuple[int, list[str]]]) -> pd.DataFrame:
    """The well-formed rows as text columns, each knowing its line (first of duplicated columns kept)."""
    width = len(header)
    keep = [(line, fields) for line, fields in rows if len(fields) == width]
    columns = list(dict.fromkeys(header))
    index = [header.index(c) for c in columns]
    frame = pd.DataFrame([[f[i] for i in index] for _, f in keep], columns=columns, dtype=str)
    frame.insert(0, ROW, [f"line {line}" for line, _ in keep])
    return frame


def read_table(path: Path, separator: str | None = None, content: str | None = None):
    """A delimited text file as header, rows of text (each with its ROW line) and the problems of its shape."""
    content = decode(path)[0] if content is None else content
    header, rows, problems = split_table(content, path, separator)
    return header, table_frame(header, rows), problems


def first_record(path: Path) -> dict[str, str]:
    """The first data row of a delimited text file by column name, read from its first 64 kB only."""
    with open(path, "rb") as handle:
        head = handle.read(1 << 16)
    lines = head.decode(sniff_encoding(head), errors="replace").lstrip("\ufeff").splitlines()
    rows = list(csv.reader(lines[:2], delimiter=sniff_separator(lines[0]))) if lines else []
    return dict(zip(rows[0], rows[1])) if len(rows) == 2 else {}


def text_problems(frame: pd.DataFrame, columns) -> list[dict]:
    """Cells a spreadsheet would run as formulas, and absurdly long cells."""
    problems = []
    for column in columns:
        for row, value in zip(frame[ROW], frame[column]):
            if len(value) > MAX_CELL_CHARS:
                problems.append(problem(row, column, f"text longer than {MAX_CELL_CHARS} characters", value))
            elif value.startswith(FORMULA_START):
                problems.append(problem(row, column, "formula-like cell (starts with = + - @)", value))
    return problems


def numbers(frame: pd.DataFrame, column: str, decimal: str = ".", thousands=(), required: bool = True):
    """The column parsed as floats (NaN where empty or bad) and one problem per bad cell."""
    values, rules, empty = parse_cells(frame[column], decimal, thousands)
    bad = rules.notna() | (empty & required)
    problems = [problem(row, column, "required value missing" if pd.isna(rule) else rule, text)
                for row, rule, text in zip(frame.loc[bad, ROW], rules[bad], frame.loc[bad, column])]
    return values, problems
