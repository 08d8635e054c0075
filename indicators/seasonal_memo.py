"""Seasonal adjustments kept in the warehouse by their identity, so that a refresh runs X-13 only on changed series."""

import pandas as pd

from indicators.seasonal import Adjusted, Memo
from kernel.duck import scalar

TABLE = "mart.seasonal_memo"
COLUMNS = "key VARCHAR PRIMARY KEY, method VARCHAR, label VARCHAR, periods VARCHAR[], vals DOUBLE[]"


def has_table(con) -> bool:
    return bool(scalar(con, "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'mart' "
                            "AND table_name = 'seasonal_memo' AND database_name = current_database()"))


def load(con) -> Memo:
    """The adjustments kept (none where the warehouse has no memo, such as a published copy)."""
    if not has_table(con):
        return Memo()
    rows = con.execute(f"SELECT key, method, label, periods, vals FROM {TABLE}").fetchall()
    return Memo({key: Adjusted(pd.Series(vals, index=periods, dtype=float), method, label)
                 for key, method, label, periods, vals in rows})


def note_used(con, memo: Memo) -> None:
    """The adjustments this computation used, in the temp table sa_memo_used for store()."""
    used = [(key, memo.known[key]) for key in sorted(memo.used)]
    frame = pd.DataFrame([(key, a.method, a.label, [str(p) for p in a.values.index],
                           a.values.to_numpy(dtype=float).tolist()) for key, a in used],
                         columns=["key", "method", "label", "periods", "vals"])
    con.execute(f"CREATE OR REPLACE TEMP TABLE sa_memo_used ({COLUMNS})")
    if len(frame):
        con.register("sa_memo_df", frame)
        con.execute("INSERT INTO sa_memo_used SELECT * FROM sa_memo_df")
        con.unregister("sa_memo_df")


def store(con, whole: bool) -> None:
    """Keep what the last computation used (in the caller's transaction): after a whole refresh only that,
    otherwise added to what is kept."""
    con.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} ({COLUMNS})")
    if whole:
        con.execute(f"DELETE FROM {TABLE}")
    con.execute(f"INSERT OR IGNORE INTO {TABLE} SELECT * FROM sa_memo_used")
