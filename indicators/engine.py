"""The indicator engine: every catalogue entry computed in DuckDB SQL into mart.indicator_values."""

from pathlib import Path

import duckdb
import pandas as pd

from indicators.catalog import catalogue
from indicators.model import DIMENSIONS
from lmo.duck import scalar

SQL_DIR = Path(__file__).with_name("sql")
FAR_FUTURE = "9999-12-31"


def _dims(prefix: str = "") -> str:
    return ", ".join(f"{prefix}{d}" for d in DIMENSIONS)


def _same(left: str, right: str) -> str:
    return " AND ".join(f"{left}.{d} = {right}.{d}" for d in DIMENSIONS)


def engine_sql() -> str:
    template = (SQL_DIR / "engine.sql").read_text()
    return template.format(dims=_dims(), o_dims=_dims("o."), l_dims=_dims("l."), c_dims=_dims("c."),
                           same_dims=_same("p", "c"), same_dims_n=_same("n", "c"))


def catalogue_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The catalogue as two small tables the SQL joins on: sources and per-indicator rules."""
    sources = [
        {"indicator": item["id"], "dataset": src["dataset"], "measure": src["measure"], "priority": rank}
        for item in catalogue() for rank, src in enumerate(item.get("from", []))
    ]
    meta = [
        {"indicator": item["id"], "kind": item["kind"], "annual": item["annual"],
         "share_of_national": bool(item.get("share_of_national"))}
        for item in catalogue()
    ]
    return pd.DataFrame(sources), pd.DataFrame(meta)


def compute(con: duckdb.DuckDBPyConnection, as_of: str | None = None) -> duckdb.DuckDBPyRelation:
    """Indicator values as published on `as_of` (latest vintages by default), as a relation on mart_new."""
    sources, meta = catalogue_frames()
    con.execute((SQL_DIR / "macros.sql").read_text())
    con.register("ind_sources_df", sources)
    con.register("ind_meta_df", meta)
    con.execute("CREATE OR REPLACE TEMP TABLE ind_sources AS SELECT * FROM ind_sources_df")
    con.execute("CREATE OR REPLACE TEMP TABLE ind_meta AS SELECT * FROM ind_meta_df")
    for statement in filter(str.strip, engine_sql().split(";\n")):
        params = {"as_of": as_of or FAR_FUTURE} if "$as_of" in statement else None
        con.execute(statement, params)
    return con.table("mart_new")


def refresh_mart(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute mart.indicator_values from the current core, in one transaction."""
    compute(con)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM mart.indicator_values")
        con.execute("INSERT INTO mart.indicator_values SELECT * REPLACE (round(value, 8) AS value) FROM mart_new ORDER BY ALL")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return scalar(con, "SELECT count(*) FROM mart.indicator_values")
