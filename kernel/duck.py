"""Small DuckDB helpers that always drain their results (DuckDB 2.0 blocks on unfinished ones)."""

from contextlib import contextmanager

import duckdb


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params=None):
    rows = con.execute(sql, params).fetchall()
    return rows[0][0] if rows else None


def records(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> list[dict]:
    cursor = con.execute(sql, params)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection):
    """All the statements in the block, or none of them."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
