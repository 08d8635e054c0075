"""One benchmark step in its own process: `python -m bench.tasks STEP PARQUET` prints seconds, rows, peak RSS."""

import json
import sys
import time

import duckdb

from indicators import person_months
from indicators.person_months import COLUMNS


def lmo(path: str) -> int:
    with duckdb.connect() as con:
        return person_months.materialize(con, path, "register_indicators")


def pandas(path: str) -> int:
    from bench.pandas_way import indicators
    return len(indicators(path))


def floor(path: str) -> int:
    """One scan of the columns the indicators read: every value decoded and hashed, nothing else."""
    with duckdb.connect() as con:
        con.execute(f"SELECT sum(hash({', '.join(COLUMNS)})) FROM read_parquet(?)", [path]).fetchall()
        return con.execute("SELECT count(*) FROM read_parquet(?)", [path]).fetchall()[0][0]


def validate_pandera_pandas(path: str) -> int:
    from bench.validation import pandera_pandas
    return pandera_pandas(path)


def validate_duckdb(path: str) -> int:
    from bench.validation import duckdb_checks
    return duckdb_checks(path)


def validate_pandera_polars(path: str) -> int:
    from bench.validation import pandera_polars
    return pandera_polars(path)


STEPS = {f.__name__: f for f in (lmo, pandas, floor, validate_pandera_pandas, validate_duckdb,
                                  validate_pandera_polars)}


def peak_rss_mb() -> float:
    """This process's high-water RSS (VmHWM: unlike ru_maxrss, not inherited from the parent across exec)."""
    status = open("/proc/self/status").read()
    kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
    return round(kb / 1024, 1)


def main(step: str, path: str) -> None:
    from bench import pandas_way, validation  # imports and code lists are not what is measured
    validation.geos()
    start = time.perf_counter()
    rows = STEPS[step](path)
    seconds = time.perf_counter() - start
    print(json.dumps({"step": step, "seconds": round(seconds, 3), "rows_out": rows,
                      "peak_rss_mb": peak_rss_mb()}))


if __name__ == "__main__":
    main(*sys.argv[1:])
