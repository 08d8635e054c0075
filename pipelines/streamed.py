"""Files too big to read whole: checked chunk by chunk into a staging table, then loaded from it, in one transaction."""

import copy
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from indicators.model import KEY_COLUMNS, TOTAL, ObservationSchema, with_realm
from kernel.duck import records, scalar, transaction
from pipelines import warehouse
from pipelines.quarantine import MAX_REPORTED
from pipelines.sources import text, vintages
from pipelines.sources.rules import vintage_problems
from pipelines.sources.validation import ROW, ValidationFailed, problem, problems_of

CHUNK_ROWS = 25_000  # rows held in memory at once
MEMORY_LIMIT = "128MB"  # DuckDB's share while a big file is staged: beyond it, it writes to disk
KEY = tuple(c for c in KEY_COLUMNS if c != "vintage")  # within one file every row has the same vintage
ChunkObservations = copy.deepcopy(ObservationSchema)
ChunkObservations.unique = None  # keys are compared across the whole file in SQL


@dataclass
class Loaded:
    rows: int
    datasets: list[str]
    geos: list[str]
    periods: list[str]


def applies(module, path: Path) -> bool:
    """A file above the size read whole (LMO_MAX_FILE_MB), of a kind that can be read in chunks."""
    return hasattr(module, "read_chunks") and Path(path).stat().st_size > text.max_bytes()


def load(con, module, path: Path, vintage: str, digest: str, keep_raw, realm: str) -> Loaded:
    """Stage every chunk, look for keys repeated across chunks, then replace the rows and record the file.

    Rows without a realm of their own get the kind's. Any problem raises ValidationFailed (the first MAX_REPORTED
    problems and their total) and the transaction is rolled back. keep_raw() stores the file as received once it
    is known to be good."""
    vintages.published(vintage, path, "file")  # once for the file, not once per chunk
    staging = f"core.incoming_{digest[:16]}"  # hex digits: a safe name
    kept, total = [], 0
    with memory_limited(con), transaction(con):
        con.execute(f"CREATE TABLE {staging} AS SELECT *, NULL::VARCHAR AS {ROW} FROM core.observations LIMIT 0")
        for raw, problems in collected(module.read_chunks(path, CHUNK_ROWS)):
            if len(raw):  # else every row of the chunk was malformed
                rows = with_realm(module.to_canonical(raw, vintage), realm)
                problems = problems or problems_of(rows, ChunkObservations) or vintage_problems(rows)
                stage(con, staging, rows.assign(**{ROW: raw[ROW].to_numpy()}))
            kept, total = kept + problems[:MAX_REPORTED - len(kept)], total + len(problems)
        duplicates, repeated = duplicate_problems(con, staging)
        kept, total = kept + duplicates[:MAX_REPORTED - len(kept)], total + repeated
        if total:
            raise ValidationFailed(str(path), kept, total)
        warehouse.replace_rows(con, "core.observations", f"(SELECT * EXCLUDE ({ROW}) FROM {staging})", str(path))
        loaded = summary(con, staging)
        warehouse.record_file(con, keep_raw(), vintage, loaded.datasets, loaded.rows, {})
        warehouse.mark_pending(con, loaded.datasets)
        con.execute(f"DROP TABLE {staging}")
    return loaded


@contextmanager
def memory_limited(con):
    before = scalar(con, "SELECT current_setting('memory_limit')")
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    try:
        yield
    finally:
        con.execute(f"SET memory_limit = '{before}'")  # DuckDB's own setting read back, not user input


def collected(chunks: Iterator) -> Iterator:
    """The chunks, with Python's cycle collector run once after each rather than hundreds of times during
    each, rescanning its many row lists every time (that doubled the time of a big file)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        for chunk in chunks:
            yield chunk
            gc.collect(1)
    finally:
        if enabled:
            gc.enable()


def stage(con, staging: str, chunk_rows) -> None:
    # read by DuckDB's replacement scan of this local name: a frame given to con.register (or con.append)
    # stays alive until the transaction ends, which held every chunk of the file in memory
    con.execute(f"INSERT INTO {staging} BY NAME SELECT * FROM chunk_rows")


def duplicate_problems(con, staging: str) -> tuple[list[dict], int]:
    """Every record whose key another record of the file has too (the first MAX_REPORTED, and how many).

    Keys are grouped by their hash (8 bytes a row, little memory); only rows of repeated hashes are compared."""
    key = ", ".join(KEY)
    found = f"""WITH repeated AS (SELECT hash({key}) AS h FROM {staging} GROUP BY h HAVING count(*) > 1)
        SELECT {ROW}, {key} FROM {staging} WHERE hash({key}) IN (SELECT h FROM repeated)
        QUALIFY count(*) OVER (PARTITION BY {key}) > 1"""
    total = scalar(con, f"SELECT count(*) FROM ({found})")
    first = records(con, f"{found} ORDER BY regexp_extract({ROW}, '\\d+')::BIGINT LIMIT {MAX_REPORTED}") if total else []
    return [problem(r[ROW], "key", "duplicate key", ", ".join(f"{c}={r[c]}" for c in KEY if r[c] != TOTAL))
            for r in first], total


def summary(con, staging: str) -> Loaded:
    def distinct(column):
        return [row[0] for row in con.execute(f"SELECT DISTINCT {column} FROM {staging} ORDER BY 1").fetchall()]
    return Loaded(scalar(con, f"SELECT count(*) FROM {staging}"), distinct("dataset"), distinct("geo"), distinct("period"))
