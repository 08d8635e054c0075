"""The indicator engine: every catalogue entry computed in DuckDB SQL into mart.indicator_values."""

import re
from pathlib import Path

import duckdb
import pandas as pd

from indicators.catalog import catalogue, derivation_order, input_indicators, source_lists
from indicators.model import DIMENSIONS
from lmo.duck import scalar, transaction

SQL_DIR = Path(__file__).with_name("sql")
FAR_FUTURE = "9999-12-31"


def _dims(prefix: str = "") -> str:
    return ", ".join(f"{prefix}{d}" for d in DIMENSIONS)


def _same(left: str, right: str) -> str:
    return " AND ".join(f"{left}.{d} = {right}.{d}" for d in DIMENSIONS)


def _sql(name: str) -> str:
    return (SQL_DIR / name).read_text().format(
        dims=_dims(), o_dims=_dims("o."), l_dims=_dims("l."), c_dims=_dims("c."),
        same_dims=_same("p", "c"), same_dims_n=_same("n", "c"), same_dims_nl=_same("n", "l"),
        dim_filters=" AND ".join(f"(s.{d} IS NULL OR o.{d} = s.{d})" for d in DIMENSIONS))


def derived_sql(item: dict) -> str:
    """INSERT of one formula indicator: its inputs joined on geo, period, breakdowns and adjustment."""
    names = list(input_indicators(item))
    first = names[0]
    expression = re.sub(r"\b([a-z_][a-z_0-9]*)\b",
                        lambda m: f"x_{m.group(1)}.value" if m.group(1) in names else m.group(1), item["formula"])
    joins = "".join(
        f"\nJOIN lvl_all x_{n} ON x_{n}.indicator = $in_{n} AND x_{n}.geo = x_{first}.geo"
        f" AND x_{n}.period = x_{first}.period AND x_{n}.adjustment = x_{first}.adjustment AND "
        + _same(f"x_{n}", f"x_{first}") for n in names[1:])
    obs, conf = f"x_{first}.obs_status", f"x_{first}.conf_status"
    for n in names[1:]:
        obs, conf = f"worse_obs({obs}, x_{n}.obs_status)", f"worse_conf({conf}, x_{n}.conf_status)"
    sources = ", ".join(f"x_{n}.source" for n in names)
    vintages = ", ".join(f"x_{n}.vintage" for n in names)
    return f"""INSERT INTO lvl_all BY NAME
SELECT $indicator AS indicator, x_{first}.geo, x_{first}.period, {_dims(f"x_{first}.")},
       CAST({expression} AS DOUBLE) AS value, $unit AS unit, {obs} AS obs_status, {conf} AS conf_status,
       $concept AS concept, x_{first}.adjustment,
       array_to_string(list_sort(list_distinct([{sources}])), '; ') AS source, greatest({vintages}) AS vintage
FROM lvl_all x_{first}{joins}
WHERE x_{first}.indicator = $in_{first}"""


def catalogue_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The catalogue as two small tables the SQL joins on: sources and per-indicator rules."""
    sources = [
        {"indicator": indicator, "dataset": src["dataset"], "measure": src["measure"], "priority": rank,
         **{d: src.get(d) for d in DIMENSIONS}}
        for indicator, sources in source_lists().items() for rank, src in enumerate(sources)
    ]
    meta = [
        {"indicator": item["id"], "kind": item["kind"], "annual": item["annual"],
         "share_of_national": bool(item.get("share_of_national"))}
        for item in catalogue()
    ]
    return pd.DataFrame(sources).astype({d: "string" for d in DIMENSIONS}), pd.DataFrame(meta)


def compute(con: duckdb.DuckDBPyConnection, as_of: str | None = None) -> duckdb.DuckDBPyRelation:
    """Indicator values as published on `as_of` (latest vintages by default), as a relation on mart_new."""
    sources, meta = catalogue_frames()
    con.execute((SQL_DIR / "macros.sql").read_text())
    con.register("ind_sources_df", sources)
    con.register("ind_meta_df", meta)
    con.execute("CREATE OR REPLACE TEMP TABLE ind_sources AS SELECT * FROM ind_sources_df")
    con.execute("CREATE OR REPLACE TEMP TABLE ind_meta AS SELECT * FROM ind_meta_df")
    for statement in filter(str.strip, _sql("engine.sql").split(";\n")):
        params = {"as_of": as_of or FAR_FUTURE} if "$as_of" in statement else None
        con.execute(statement, params)
    for item in derivation_order():
        params = {"indicator": item["id"], "unit": item["unit"], "concept": item["concept"]}
        params |= {f"in_{name}": ref for name, ref in input_indicators(item).items()}
        con.execute(derived_sql(item), params)
    for statement in filter(str.strip, _sql("mart.sql").split(";\n")):
        con.execute(statement)
    return con.table("mart_new")


def refresh_mart(con: duckdb.DuckDBPyConnection, with_register: bool = True) -> int:
    """Recompute mart.indicator_values from the current core (register aggregates first), in one transaction."""
    if with_register:
        from indicators import register
        register.refresh(con)
    compute(con)
    with transaction(con):
        con.execute("DELETE FROM mart.indicator_values")
        con.execute("INSERT INTO mart.indicator_values SELECT * REPLACE (round(value, 8) AS value) FROM mart_new ORDER BY ALL")
    return scalar(con, "SELECT count(*) FROM mart.indicator_values")
