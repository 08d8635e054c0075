"""SDMX data queries on DuckDB connections of their own (memory capped, spilling to disk), answered streamed.

The rows a query selects go to a Parquet file in a private temporary folder; the message is written from it
(SDMX-CSV by DuckDB into a file sent in chunks, SDMX-JSON series by series from a cursor), so memory stays
bounded whatever the size, and a publication swapped in meanwhile does not disturb an answer under way.
"""

import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from kernel.query import published, vintage_reader
from kernel.settings import warehouse_path
from publish import sdmx_query as q
from publish.realm import realm_sql

MEMORY = os.environ.get("LMO_SDMX_MEMORY", "128MB")
CHUNK = 256 * 1024


@dataclass(frozen=True)
class Query:
    chosen: dict[str, list[str]]
    conditions: list
    as_of: str | None = None
    history: bool = False
    updated_after: str | None = None
    last_n: int | None = None


def config() -> dict:
    return {"memory_limit": MEMORY, "threads": 1, "temp_directory": tempfile.gettempdir()}


def with_realm(con, table: str) -> str:
    """The table with its realm (computed from the source where an older published copy has no column)."""
    columns = {row[0] for row in con.execute(f"SELECT * FROM {table} LIMIT 0").description}
    return table if "realm" in columns else f"(SELECT *, {realm_sql(columns)} AS realm FROM {table})"


@contextmanager
def capped(attach: Path | None = None):
    con = duckdb.connect(config=config())
    try:
        if attach:
            con.execute("ATTACH ? AS pub (READ_ONLY)", [str(attach)])
        yield con
    finally:
        con.close()


@contextmanager
def source(query: Query, folder: Path):
    """A connection and the values it holds: as published now, on `asOf`, or every version (includeHistory)."""
    db = warehouse_path()
    if not query.history and not query.as_of:
        with capped(published(db)) as con:
            yield con, with_realm(con, "pub.mart.indicator_values")
        return
    if not query.history:
        with vintage_reader(db, query.as_of, config()) as con:
            yield con, with_realm(con, "indicator_values")
        return
    with capped(published(db)) as con:
        dates = [row[0] for row in con.execute("SELECT DISTINCT vintage FROM pub.core.observations ORDER BY 1").fetchall()]
    selected, params = q.where(query.chosen)
    for n, date in enumerate(d for d in dates if not query.as_of or d <= query.as_of):
        with vintage_reader(db, date, config()) as con:  # one engine pass per publication date
            con.execute(f"COPY (SELECT $date AS as_of, * FROM {with_realm(con, 'indicator_values')} WHERE {selected}) "
                        f"TO '{folder / f'v-{n:04d}.parquet'}' (FORMAT parquet)", params | {"date": date})
    versions = f"read_parquet('{folder}/v-*.parquet')"
    with capped() as con:
        yield con, f"({q.history(versions)})"


def select(query: Query, folder: Path) -> tuple[str, int]:
    """The rows the query selects, written to `folder`: a table expression to read them, and their number."""
    out = folder / "rows.parquet"
    where, params = q.where(query.chosen, query.conditions, query.updated_after)
    with source(query, folder) as (con, values):
        con.execute(f"COPY (SELECT * FROM {values} WHERE {where} {q.last_n(query.last_n)}) TO '{out}' "
                    "(FORMAT parquet)", params)
    with capped() as con:
        (count,) = con.execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone()
    return f"read_parquet('{out}')", count


class Answer:
    """A temporary folder with the rows of one query; removed once the answer is sent (or failed)."""

    def __init__(self, query: Query):
        self.folder = Path(tempfile.mkdtemp(prefix="lmo-sdmx-"))
        try:
            self.rows, self.count = select(query, self.folder)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def csv_file(self, write) -> object:
        """`write(con, rows, path)`'s file, open and already unlinked, with the folder gone."""
        out = self.folder / "message.csv"
        with capped() as con:
            write(con, self.rows, str(out))
        body = open(out, "rb")  # noqa: SIM115 - closed with the response
        self.close()
        return body

    def pieces(self, generate):
        """`generate(con, rows)`'s text pieces as bytes; the folder is removed at the end."""
        try:
            with capped() as con:
                for piece in generate(con, self.rows):
                    yield piece.encode()
        finally:
            self.close()


def file_chunks(body):
    with body:
        while block := body.read(CHUNK):
            yield block
