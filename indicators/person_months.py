"""Register indicators computed in DuckDB straight from person-month Parquet (no pandas in between)."""

import os
import shutil
from pathlib import Path

import duckdb

FINE = (Path(__file__).parent / "sql" / "person_months.sql").read_text()
ROLLUP = (Path(__file__).parent / "sql" / "person_months_rollup.sql").read_text()
MEASURES = ("jobseekers", "registered_unemployed", "long_term_unemployed", "long_term_unemployment_share",
            "inflows", "outflows", "outflows_to_employment")
# the person-month columns the indicators read (what a scan floor has to read too)
COLUMNS = ("month", "geo", "sex", "birth_date", "unemployed", "registration_date", "deregistration_date",
           "exit_reason")


def aggregate(con: duckdb.DuckDBPyConnection, source: str, month: str | None) -> None:
    """The finest level (month × canton × sex × age group) in temp table register_fine: the one scan."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE register_fine AS {FINE}", {"source": str(source), "month": month})


def materialize(con: duckdb.DuckDBPyConnection, source: str, table: str, month: str | None = None,
                country: str = "CH") -> int:
    """Create `table` (period, geo, sex, age, measure, value); returns its row count."""
    aggregate(con, source, month)
    con.execute(f"CREATE OR REPLACE TABLE {table} AS {ROLLUP}", {"country": country})
    return con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]


def month_dir(out: Path, country: str, month: str) -> Path:
    return Path(out) / f"country={country}" / f"period={month[:7]}"


def write_parquet(con: duckdb.DuckDBPyConnection, source: str, out: Path, country: str = "CH",
                  month: str | None = None) -> int:
    """Write indicators as Parquet under out/country=XX/period=YYYY-MM/ (all months, or one month).

    A month's folder is written beside its target and renamed into place, so readers and
    partitions running in parallel never see half a month.
    """
    target = Path(out) / f"country={country}"
    staging = Path(out) / f".staging-{country}-{month or 'all'}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.parent.mkdir(parents=True, exist_ok=True)
    aggregate(con, source, month)
    con.execute(f"COPY ({ROLLUP}) TO '{staging}' (FORMAT parquet, PARTITION_BY (period))", {"country": country})
    rows = con.execute("SELECT count(*) FROM read_parquet(?)", [f"{staging}/**/*.parquet"]).fetchall()[0][0]
    target.mkdir(parents=True, exist_ok=True)
    for part in sorted(staging.iterdir()):
        final = target / part.name
        if final.exists():
            retired = staging.with_name(staging.name + ".old")
            os.replace(final, retired)
            shutil.rmtree(retired)
        os.replace(part, final)
    shutil.rmtree(staging)
    return rows
