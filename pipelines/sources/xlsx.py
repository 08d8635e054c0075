"""Workbooks bounded before they are parsed: the size they expand to, from the zip directory, and their rows,
counted in the sheets' XML as it streams (a parser holds the whole sheet: 700,000 rows take over 4 GB)."""

import os
import re
import zipfile
import zlib
from pathlib import Path

from pipelines.sources import text

ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")  # <row r="1">, also with a namespace prefix
SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
MAX_RATIO = 100  # expanding a hundredfold is a zip bomb, whatever the size


def max_rows() -> int:
    return int(os.environ.get("LMO_MAX_XLSX_ROWS", "100000"))


def max_expanded() -> int:
    """Bytes a workbook may expand to (LMO_MAX_XLSX_MB, default 50: about 100,000 rows of 7 columns)."""
    return int(float(os.environ.get("LMO_MAX_XLSX_MB", "50")) * 2**20)


def check(path: Path) -> None:
    """Refuse a workbook that is too big, expands too much or holds too many rows, before any parsing."""
    text.check_file_size(path)
    try:
        with zipfile.ZipFile(path) as archive:
            check_expansion(path, archive)
            for info in archive.infolist():
                if SHEET.fullmatch(info.filename):
                    check_rows(path, archive, info)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
        text.reject(path, "not a readable zip container", str(error))


def check_expansion(path: Path, archive: zipfile.ZipFile) -> None:
    expanded, packed = sum(info.file_size for info in archive.infolist()), Path(path).stat().st_size
    if expanded > max_expanded():
        text.reject(path, f"expands too much (limit {max_expanded()} bytes, LMO_MAX_XLSX_MB)",
                    f"{packed} bytes expand to {expanded}")
    if expanded > MAX_RATIO * packed:
        text.reject(path, "archive bomb (expands too much)", f"{packed} bytes expand to {expanded}")


def check_rows(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Count a sheet's rows a megabyte at a time, stopping as soon as there are too many."""
    count, tail = 0, b""
    with archive.open(info) as sheet:
        for block in iter(lambda: sheet.read(1 << 20), b""):
            data = tail + block
            cut = data.rfind(b"<")  # a tag cut in two is counted with the next block
            count += len(ROW_TAG.findall(data, 0, max(cut, 0)))
            tail = data[cut:] if cut >= 0 else b""
            if count > max_rows():
                break
    if count + len(ROW_TAG.findall(tail)) > max_rows():
        text.reject(path, f"too many rows (limit {max_rows()}, LMO_MAX_XLSX_ROWS)", f"more than {max_rows()} rows",
                    column=info.filename)
