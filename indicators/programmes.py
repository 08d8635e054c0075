"""Programme monitoring indicators from the register microdata, computed in DuckDB SQL."""

from pathlib import Path

import duckdb
import pandas as pd

from indicators.model import ObservationSchema, aggregated, with_defaults
from indicators.programme_disclosure import protect
from indicators.register import synthetic_coverage
from kernel.duck import records, scalar, transaction
from kernel.settings import DATA_DIR

SQL = Path(__file__).with_name("sql") / "programmes.sql"
TARGETS_SQL = Path(__file__).with_name("sql") / "programme_targets.sql"
ACTIVATION_SQL = Path(__file__).with_name("sql") / "programme_activation.sql"
DATASETS = ("register_programmes", "synthetic_register_programmes")
TARGET_COLUMNS = ("indicator", "programme", "geo", "period", "baseline", "target")


def has_register(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(scalar(con, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'core'"
                            " AND table_name = 'register_programmes'"))


def _run(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    for statement in filter(str.strip, path.read_text().split(";\n")):
        con.execute(statement)


def compute(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the temp table prog_values (period, geo, programme, sex, age, cit, dataset, measure, value, unit)."""
    _run(con, SQL)


def protect_values(con: duckdb.DuckDBPyConnection, threshold: int | None = None) -> None:
    """Disclosure control on prog_values, in place (indicators/programme_disclosure.py)."""
    lmp_of = dict(con.execute("SELECT programme, any_value('LMP_' || lmp_category) FROM prog_parts"
                              " GROUP BY programme HAVING count(DISTINCT lmp_category) = 1").fetchall())
    con.register("protected_df", protect(con.execute("SELECT * FROM prog_values").df(), lmp_of, threshold))
    con.execute("CREATE OR REPLACE TEMP TABLE prog_values AS SELECT * FROM protected_df")
    con.unregister("protected_df")


def observations(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """prog_values as canonical observations; synthetic register data stays labelled synthetic."""
    frame = con.execute("""
        SELECT dataset,
               geo, period, sex, age, cit AS citizenship, programme, measure, value, unit, conf_status,
               CASE WHEN dataset LIKE 'synthetic%' THEN 'SYNTHETIC register (lmo synth), invented data'
                    ELSE 'Public employment service register' END AS source
        FROM prog_values""").df()
    vintage = scalar(con, "SELECT max(vintage) FROM core.register_programmes")
    frame = aggregated(with_defaults(frame, concept="register", vintage=vintage or "1970-01-01"))
    return ObservationSchema.validate(partial_years_provisional(con, frame))


def partial_years_provisional(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> pd.DataFrame:
    """A year the register extract covers only in part (it ends before 31 December) is provisional (P)."""
    ends = dict(con.execute("SELECT dataset, strftime(max(last_day), '%Y-%m-%d') FROM prog_extract_end"
                            " GROUP BY dataset").fetchall())
    end = frame["dataset"].map(ends).fillna("9999-12-31")
    partial = frame["period"].str.len().eq(4) & (frame["period"] + "-12-31").gt(end)
    return frame.assign(obs_status=frame["obs_status"].mask(partial, "P"))


def read_targets(paths: list[Path]) -> pd.DataFrame:
    """The targets tables (data/targets/*.csv): indicator, programme, geo, period, baseline, target."""
    frames = [pd.read_csv(p, dtype={"period": str}, comment="#") for p in paths]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=TARGET_COLUMNS)
    missing = set(TARGET_COLUMNS) - set(frame.columns)
    if missing:
        raise ValueError(f"targets: missing columns {sorted(missing)}")
    return frame[list(TARGET_COLUMNS)]


def shipped_targets() -> pd.DataFrame:
    return read_targets(sorted((DATA_DIR / "targets").glob("*.csv")))


def attainment(con: duckdb.DuckDBPyConnection, targets: pd.DataFrame) -> list[dict]:
    """Targets with the value reached and attainment = (actual - baseline) / (target - baseline), in %."""
    con.register("targets_df", targets)
    con.execute("CREATE OR REPLACE TEMP TABLE prog_targets AS SELECT * FROM targets_df")
    con.unregister("targets_df")
    _run(con, TARGETS_SQL)
    return records(con, f"SELECT {', '.join(TARGET_COLUMNS)}, actual, attainment, conf_status"
                         " FROM prog_attainment ORDER BY ALL")


def _replace(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    con.register("replacement_df", frame)
    con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM replacement_df")  # table: our constant
    con.unregister("replacement_df")


def refresh(con: duckdb.DuckDBPyConnection, targets: pd.DataFrame) -> dict:
    """Recompute the programme observations in core and the targets table, in one transaction."""
    if not has_register(con):
        return {"observations": 0, "targets": 0}
    compute(con)
    protect_values(con)
    _run(con, ACTIVATION_SQL)  # on protected monthly stocks: a withheld month withholds the year
    reached = pd.DataFrame(attainment(con, targets), columns=[*TARGET_COLUMNS, "actual", "attainment", "conf_status"])
    frame = synthetic_coverage(observations(con))
    with transaction(con):
        con.execute("DELETE FROM core.observations WHERE dataset IN (SELECT unnest(?))", [list(DATASETS)])
        con.register("programme_obs_df", frame)
        con.execute("INSERT INTO core.observations SELECT * FROM programme_obs_df")
        con.unregister("programme_obs_df")
        _replace(con, "core.programme_targets", targets)
        _replace(con, "mart.programme_targets", reached)
    return {"observations": len(frame), "targets": len(reached)}
