"""One benchmark step in its own process: `python -m bench.tasks STEP PATH [ARG]` prints seconds, rows, peak RSS."""

import importlib
import json
import sys
import time
from functools import partial
from pathlib import Path

import duckdb

from indicators import register

# the columns the register indicators read (what a scan floor has to read too)
READ = {"spells": ("spell_id", "person_id", "geo", "sex", "birth_date", "occupation", "registration_date", "deregistration_date",
                   "unemployed", "exit_reason", "dataset"),
        "vacancies": ("geo", "occupation", "notified_date", "closed_date", "subject_to_obligation", "positions",
                      "dataset"),
        "interruptions": ("spell_id", "start_date", "end_date", "dataset")}


def lmo(folder: str) -> int:
    """The pipeline's own register indicators (indicators.register.observations: counts, disclosure
    control, ratios, notification lists, schema check) on a register in the exchange format."""
    source = partial(register.from_parquet, spells=str(Path(folder) / "spells.parquet"),
                     vacancies=str(Path(folder) / "vacancies.parquet"), vintage="2026-08-01",
                     interruptions=next(map(str, Path(folder).glob("interruptions.parquet")), None))
    with duckdb.connect() as con:
        return len(register.observations(con, source=source))


def pandas(folder: str) -> int:
    from bench.pandas_way import indicators
    return len(indicators(str(Path(folder) / "spells.parquet")))


def floor(folder: str) -> int:
    """One scan of the files and columns the indicators read: every value decoded and hashed, nothing else."""
    rows = 0
    with duckdb.connect() as con:
        for kind, columns in READ.items():
            path = str(Path(folder) / f"{kind}.parquet")
            rows += con.execute(f"SELECT count(*), sum(hash({', '.join(columns)})) FROM read_parquet(?)",
                                [path]).fetchall()[0][0]
    return rows


def validate_floor(path: str) -> int:
    """The scan floor of the validation: one DuckDB scan decoding every column of the person-months."""
    with duckdb.connect() as con:
        return con.execute("SELECT count(*), sum(hash(COLUMNS(*))) FROM read_parquet(?)", [path]).fetchall()[0][0]


def validate_pandera_pandas(path: str) -> int:
    from bench.validation import pandera_pandas
    return pandera_pandas(path)


def validate_duckdb(path: str) -> int:
    from bench.validation import duckdb_checks
    return duckdb_checks(path)


def validate_pandera_polars(path: str) -> int:
    from bench.validation import pandera_polars
    return pandera_polars(path)


def pipeline(path: str) -> int:
    """The full materialization of the embedded data (every asset) into the warehouse `path`."""
    from pathlib import Path

    from pipelines.run import run_all
    run_all(Path(path))
    with duckdb.connect(path, read_only=True) as con:
        return con.execute("SELECT count(*) FROM mart.indicator_values").fetchall()[0][0]


def register_full(root: str) -> int:
    from bench.incremental import full
    return full(root)


def register_month(root: str, month: str) -> int:
    from bench.incremental import new_month
    return new_month(root, month)


def register_month_work(root: str, month: str) -> int:
    from bench.incremental import month_work
    return month_work(root, month)


def ingest_month(db: str, path: str) -> int:
    """`lmo ingest` of one monthly file into a warehouse that holds a full run: loaded to published."""
    from pipelines.run import materialized, run_ingest
    return materialized(run_ingest(Path(db), "observations-csv", path, "2026-11-30"), "uploaded_file")["rows"]


STEPS = {f.__name__: f for f in (lmo, pandas, floor, validate_floor, validate_pandera_pandas, validate_duckdb,
                                  validate_pandera_polars, pipeline, register_full, register_month,
                                  register_month_work, ingest_month)}


def peak_rss_mb() -> float:
    """This process's high-water RSS (VmHWM: unlike ru_maxrss, not inherited from the parent across exec)."""
    status = open("/proc/self/status").read()
    kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
    return round(kb / 1024, 1)


# imported before the clock starts: library start-up is not what is measured
PREPARE = {
    "pandas": ["bench.pandas_way"],
    "validate_pandera_pandas": ["bench.validation", "pandera.pandas"],
    "validate_duckdb": ["bench.validation"],
    "validate_pandera_polars": ["bench.validation", "pandera.polars", "polars"],
    "lmo": ["indicators.register", "indicators.obligation"],
    "pipeline": ["pipelines.run"],
    "ingest_month": ["pipelines.run"],
    "register_full": ["bench.incremental", "pipelines.register_partitions"],
    "register_month_work": ["bench.incremental", "pipelines.register_partitions"],
    "register_month": ["bench.incremental", "pipelines.register_partitions", "pipelines.run"],
}


def main(step: str, path: str, *more: str) -> None:
    for module in PREPARE.get(step, []):
        importlib.import_module(module)
    if step.startswith("validate"):
        importlib.import_module("bench.validation").geos()
    if step == "register_month":
        importlib.import_module("bench.incremental").warm()
    start = time.perf_counter()
    rows = STEPS[step](path, *more)
    seconds = time.perf_counter() - start
    print(json.dumps({"step": step, "seconds": round(seconds, 3), "rows_out": rows,
                      "peak_rss_mb": peak_rss_mb()}))


if __name__ == "__main__":
    main(*sys.argv[1:])
