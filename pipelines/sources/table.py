"""Delimited text split into rows that know their line: whole, or in chunks for files too big for memory."""

import csv
import io
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.sources import text
from pipelines.sources.validation import ROW, ValidationFailed, problem

Rows = list[tuple[int, list[str]]]  # (line number, fields)
HEAD_BYTES = 1 << 20  # what the encoding of a streamed file is sniffed from


def chunks(lines: Iterable[str], path, separator: str | None = None, size: int | None = None) -> Iterator[tuple]:
    """(header, rows, problems) per chunk of `size` rows (one chunk if None); blank lines skipped.

    Problems: broken quoting, wrong field counts, a truncated last line. No data rows rejects the file."""
    lines, blank, last = iter(lines), 0, [""]
    for first in lines:
        if first.strip():
            break
        blank += 1
    else:
        text.reject(path, "empty file", "only blank characters")
    separator = separator or text.sniff_separator(first.rstrip("\r\n"))
    reader = csv.reader(remembered(chain([first], lines), last), delimiter=separator)
    header, rows, problems, count = None, [], [], 0
    try:
        for fields in reader:
            if not (fields and (fields[0].strip() or any(f.strip() for f in fields))):
                continue  # a blank line
            if header is None:
                header = [f.strip().lstrip("\ufeff") for f in fields]
                continue
            rows.append((reader.line_num + blank, fields))
            if size and len(rows) > size:  # one row held back: only the very last can be a truncated line
                yield header, rows[:-1], shape_problems(header, rows[:-1], separator)
                count, rows = count + size, rows[-1:]
    except csv.Error as error:
        problems.append(problem(f"line {reader.line_num + blank}", "-", "broken quoting", str(error)))
    if header is None:
        text.reject(path, "empty file", "only blank characters")
    if not (count or rows or problems):
        text.reject(path, "header only, no data rows", separator.join(header))
    truncated = not last[0].endswith(("\n", "\r"))
    yield header, rows, problems + shape_problems(header, rows, separator, truncated)


def remembered(lines: Iterable[str], last: list[str]) -> Iterator[str]:
    """The lines, the latest kept in last[0] (to tell whether the file ends with a newline)."""
    for line in lines:
        last[0] = line
        yield line


def shape_problems(header: list[str], rows: Rows, separator: str, truncated: bool = False) -> list[dict]:
    problems = []
    for i, (line, fields) in enumerate(rows):
        if len(fields) != len(header):
            last = truncated and i == len(rows) - 1
            rule = "truncated last line" if last and len(fields) < len(header) else \
                f"field count (expected {len(header)} fields separated by {separator!r})"
            problems.append(problem(f"line {line}", "-", rule, separator.join(fields)))
    return problems


def split_table(content: str, path, separator: str | None = None) -> tuple[list[str], Rows, list[dict]]:
    """Header, rows as (line number, fields), and the problems of their shape."""
    return next(chunks(io.StringIO(content, newline=""), path, separator))


def stream(path: Path, size: int) -> Iterator[tuple]:
    """A file too big for memory, decoded as it is read: (header, rows, problems) per chunk of `size` rows."""
    text.check_file(path, limit=False)
    with open(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    head = head[:head.rfind(b"\n") + 1] or head  # no character cut in two
    encoding = text.sniff_encoding(head)
    if encoding in ("cp1252", "latin-1") and (mixed := text.mixed_lines(head)):
        raise ValidationFailed(str(path), mixed)
    if encoding.startswith("utf-8"):  # decoded line by line: a line in another encoding is named
        with open(path, "rb") as handle:
            yield from chunks(without_nul(utf8_lines(handle, path, encoding), path, encoding), path, size=size)
        return
    try:
        with open(path, encoding=encoding, newline="") as handle:
            yield from chunks(without_nul(handle, path, encoding), path, size=size)
    except UnicodeDecodeError as error:
        text.reject(path, f"not valid {encoding} (the encoding of the file's first megabyte)",
                    repr(error.object[error.start:error.end]))


def utf8_lines(handle, path, encoding: str) -> Iterator[str]:
    for number, line in enumerate(handle, 1):
        try:
            yield line.decode(encoding if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise ValidationFailed(str(path), [text.not_utf8(number, line)]) from None


def without_nul(lines: Iterable[str], path, encoding: str) -> Iterator[str]:
    for line in lines:
        if "\x00" in line:
            text.reject(path, "not a text file", f"NUL character (read as {encoding})")
        yield line


def table_frame(header: list[str], rows: Rows) -> pd.DataFrame:
    """The well-formed rows as text columns, each knowing its line (first of duplicated columns kept)."""
    keep = [(line, fields) for line, fields in rows if len(fields) == len(header)]
    cells = np.array([fields for _, fields in keep], dtype=object).reshape(len(keep), len(header))
    frame = pd.DataFrame({name: pd.array(cells[:, header.index(name)], dtype=str) for name in dict.fromkeys(header)})
    frame.insert(0, ROW, [f"line {line}" for line, _ in keep])
    return frame


def read_table(path: Path, separator: str | None = None, content: str | None = None):
    """A delimited text file as header, rows of text (each with its ROW line) and the problems of its shape."""
    content = text.decode(path)[0] if content is None else content
    header, rows, problems = split_table(content, path, separator)
    return header, table_frame(header, rows), problems


def first_record(path: Path) -> dict[str, str]:
    """The first data row of a delimited text file by column name, read from its first 64 kB only."""
    with open(path, "rb") as handle:
        head = handle.read(1 << 16)
    lines = head.decode(text.sniff_encoding(head), errors="replace").lstrip("\ufeff").splitlines()
    rows = list(csv.reader(lines[:2], delimiter=text.sniff_separator(lines[0]))) if lines else []
    return dict(zip(rows[0], rows[1])) if len(rows) == 2 else {}
