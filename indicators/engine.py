"""The indicator engine: every catalogue entry computed in DuckDB SQL into mart.indicator_values."""

import re
from pathlib import Path

import duckdb
import pandas as pd

from indicators import aggregation, seasonal_memo
from indicators.catalog import catalogue, derivation_order, input_indicators, seasonal_specs, source_lists, value_range
from indicators.model import DIMENSIONS, MART_COLUMNS, SERIES_COLUMNS, TOTAL
from indicators.seasonal import adjusted_rows
from kernel.duck import scalar, transaction

SQL_DIR = Path(__file__).with_name("sql")
FAR_FUTURE = "9999-12-31"


def _dims(prefix: str = "") -> str:
    return ", ".join(f"{prefix}{d}" for d in DIMENSIONS)


def _same(left: str, right: str) -> str:
    return " AND ".join(f"{left}.{d} = {right}.{d}" for d in DIMENSIONS)


def _sql(name: str) -> str:
    return (SQL_DIR / name).read_text().format(
        dims=_dims(), series=", ".join(SERIES_COLUMNS), o_dims=_dims("o."), l_dims=_dims("l."), c_dims=_dims("c."),
        same_dims=_same("p", "c"), same_dims_n=_same("n", "c"), same_dims_nl=_same("n", "l"),
        same_dims_dl=_same("d", "l"), same_dims_am=_same("a", "m"), same_dims_lb=_same("l", "b"),
        candidate_dims=", ".join(f"CASE WHEN starts_with(s.indicator, '_') AND s.{d} IS NOT NULL THEN '{TOTAL}'"
                                 f" ELSE o.{d} END AS {d}" for d in DIMENSIONS),
        dim_filters=" AND ".join(f"(s.{d} IS NULL OR o.{d} = s.{d})" for d in DIMENSIONS))


def derived_sql(item: dict) -> str:
    """INSERT of one formula indicator: its inputs joined on geo, period, breakdowns, adjustment and realm class."""
    names = list(input_indicators(item))
    first = names[0]
    expression = re.sub(r"\b([a-z_][a-z_0-9]*)\b",
                        lambda m: f"x_{m.group(1)}.value" if m.group(1) in names else m.group(1), item["formula"])
    joins = "".join(
        f"\nJOIN lvl_all x_{n} ON x_{n}.indicator = $in_{n} AND x_{n}.geo = x_{first}.geo"
        f" AND x_{n}.period = x_{first}.period AND x_{n}.adjustment = x_{first}.adjustment"
        f" AND x_{n}.demo = x_{first}.demo AND " + _same(f"x_{n}", f"x_{first}") for n in names[1:])
    obs, conf = f"x_{first}.obs_status", f"x_{first}.conf_status"
    for n in names[1:]:
        obs, conf = f"worse_obs({obs}, x_{n}.obs_status)", f"worse_conf({conf}, x_{n}.conf_status)"
    # a modelled estimate standing in for a survey figure (WDI's ILO estimate) is an estimate (E), and says so
    obs = f"worse_obs({obs}, CASE WHEN list_contains([{', '.join(f'x_{n}.concept' for n in names)}], "\
          f"'ILO_modelled') THEN 'E' ELSE 'A' END)"
    modelled = ", ".join(f"CASE WHEN x_{n}.concept = 'ILO_modelled' THEN "
                         f"'ILO modelled estimate, not a survey figure: ' || x_{n}.source END" for n in names)
    notes = ", ".join(f"x_{n}.note" for n in names)
    sources = ", ".join(f"x_{n}.source" for n in names)
    vintages = ", ".join(f"x_{n}.vintage" for n in names)
    bases = ", ".join(f"x_{n}.basis" for n in names)
    return f"""INSERT INTO lvl_all BY NAME
SELECT $indicator AS indicator, x_{first}.geo, x_{first}.period, x_{first}.frequency, {_dims(f"x_{first}.")},
       CAST({expression} AS DOUBLE) AS value, $unit AS unit, {obs} AS obs_status, {conf} AS conf_status,
       $concept AS concept, x_{first}.adjustment,
       CASE WHEN x_{first}.demo THEN 'synthetic' ELSE 'derived' END AS realm, basis_of_list([{bases}]) AS basis,
       array_to_string(list_sort(list_distinct([{sources}])), '; ') AS source, greatest({vintages}) AS vintage,
       x_{first}.demo, nullif(array_to_string(list_sort(list_distinct(
           list_filter([{modelled}, {notes}], lambda t: t IS NOT NULL))), '; '), '') AS note
FROM lvl_all x_{first}{joins}
WHERE x_{first}.indicator = $in_{first}"""


def catalogue_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The catalogue as two small tables the SQL joins on: sources and per-indicator rules."""
    sources = [
        {"indicator": indicator, "dataset": src["dataset"], "measure": src["measure"], "priority": rank,
         **{d: src.get(d) for d in DIMENSIONS}}
        for indicator, sources in source_lists().items() for rank, src in enumerate(sources)
    ]
    times = aggregation.time_rules(catalogue())
    meta = [
        {"indicator": item["id"], "kind": item["kind"], **aggregation.meta(item, times),
         "share_of_national": bool(item.get("share_of_national")),
         "low": value_range(item)[0], "high": value_range(item)[1]}
        for item in catalogue()
    ]
    texts = ("time", "numerator", "denominator", "numerator_time", "denominator_time")
    return (pd.DataFrame(sources).astype({d: "string" for d in DIMENSIONS}),
            pd.DataFrame(meta).astype(dict.fromkeys(texts, "string")))


def affected(datasets) -> set[str]:
    """The indicators (catalogue ids and hidden inputs) whose values rest on any of these datasets."""
    datasets = set(datasets)
    hit = {ind for ind, sources in source_lists().items() if any(src["dataset"] in datasets for src in sources)}
    for item in derivation_order():
        if set(input_indicators(item).values()) & hit:
            hit.add(item["id"])
    return hit


def with_inputs(indicators: set[str]) -> set[str]:
    """The indicators and every input their formulas need, transitively."""
    formulas = {item["id"]: item for item in derivation_order()}
    needed, todo = set(), list(indicators)
    while todo:
        name = todo.pop()
        if name not in needed:
            needed.add(name)
            todo += list(input_indicators(formulas[name]).values()) if name in formulas else []
    return needed


def compute(con: duckdb.DuckDBPyConnection, as_of: str | None = None,
            only: set[str] | None = None) -> duckdb.DuckDBPyRelation:
    """Indicator values as published on `as_of` (latest vintages by default), as a relation on mart_new;
    `only` limits the work to these indicators (with the inputs they need)."""
    sources, meta = catalogue_frames()
    if only is not None:
        needed = with_inputs(only)
        sources, meta = sources[sources["indicator"].isin(needed)], meta[meta["indicator"].isin(needed)]
    con.execute((SQL_DIR / "macros.sql").read_text())
    con.register("ind_sources_df", sources)
    con.register("ind_meta_df", meta)
    con.execute("CREATE OR REPLACE TEMP TABLE ind_sources AS SELECT * FROM ind_sources_df")
    con.execute("CREATE OR REPLACE TEMP TABLE ind_meta AS SELECT * FROM ind_meta_df")
    for statement in filter(str.strip, _sql("engine.sql").split(";\n")):
        params = {"as_of": as_of or FAR_FUTURE} if "$as_of" in statement else None
        con.execute(statement, params)
    for item in derivation_order():
        if only is not None and item["id"] not in needed:
            continue
        params = {"indicator": item["id"], "unit": item["unit"], "concept": item["concept"]}
        params |= {f"in_{name}": ref for name, ref in input_indicators(item).items()}
        con.execute(derived_sql(item), params)
    seasonally_adjusted(con, None if only is None else needed)
    for statement in filter(str.strip, _sql("mart.sql").split(";\n")):
        con.execute(statement)
    return con.table("mart_new")


def seasonally_adjusted(con: duckdb.DuckDBPyConnection, needed: set[str] | None) -> None:
    """SA levels of the declared indicators' real national and regional totals, added to lvl_all before the mart
    step (which gives them their changes); why a series has none is in the temp table sa_left_out."""
    specs = {i: spec for i, spec in seasonal_specs().items() if needed is None or i in needed}
    levels = con.execute(f"""
        SELECT l.* FROM lvl_all l JOIN (SELECT unnest($i) AS indicator, unnest($c) AS country) d USING (indicator)
        WHERE NOT l.demo AND l.frequency = 'M' AND l.adjustment = 'NSA'
          AND (l.geo = d.country OR starts_with(l.geo, d.country || '-'))
          AND {" AND ".join(f"l.{d} = '{TOTAL}'" for d in DIMENSIONS)}""",
        {"i": list(specs), "c": [spec["country"] for spec in specs.values()]}).df()
    memo = seasonal_memo.load(con)
    rows, skipped = adjusted_rows(levels, specs, memo=memo)
    seasonal_memo.note_used(con, memo)
    if len(rows):
        con.register("sa_rows_df", rows)
        con.execute("INSERT INTO lvl_all BY NAME SELECT * FROM sa_rows_df")
        con.unregister("sa_rows_df")
    con.execute("CREATE OR REPLACE TEMP TABLE sa_left_out (indicator VARCHAR, geo VARCHAR, reason VARCHAR)")
    if skipped:
        con.executemany("INSERT INTO sa_left_out VALUES (?, ?, ?)", skipped)


def sa_left_out(con: duckdb.DuckDBPyConnection) -> list[str]:
    """'indicator geo: reason' for each declared series the last compute() on this connection could not adjust."""
    if not scalar(con, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'sa_left_out' AND temporary"):
        return []
    return [f"{i} {g}: {r}" for i, g, r in con.execute("SELECT * FROM sa_left_out ORDER BY ALL").fetchall()]


def refresh_mart(con: duckdb.DuckDBPyConnection, datasets=None) -> int:
    """Recompute mart.indicator_values from core in one transaction: every indicator, or with `datasets`
    only those resting on them. Returns the rows written."""
    only = None if datasets is None else affected(datasets)
    if only == set():
        return 0
    compute(con, only=only)
    columns = ", ".join(MART_COLUMNS)
    with transaction(con):
        if only is None:
            con.execute("DELETE FROM mart.indicator_values")
        else:
            con.execute("DELETE FROM mart.indicator_values WHERE list_contains(?, indicator)",
                        [sorted(with_inputs(only))])
        con.execute(f"INSERT INTO mart.indicator_values BY NAME SELECT * REPLACE (round(value, 8) AS value)"
                    f" FROM (SELECT {columns} FROM mart_new) ORDER BY ALL")
        seasonal_memo.store(con, whole=only is None)
    return scalar(con, "SELECT count(*) FROM mart_new")
