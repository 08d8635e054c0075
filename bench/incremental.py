"""Incremental: one new month as one Dagster partition run, against recomputing every month."""

import os
import shutil
from pathlib import Path

import duckdb

from bench.measure import run_step

COUNTRY = "CH"


def full(root: str) -> int:
    """Every month of the country recomputed in one DuckDB pass (what a run without partitions does)."""
    from pipelines.register_partitions import RegisterStore
    from indicators import person_months

    store = RegisterStore(root=root)
    with duckdb.connect() as con:
        return person_months.write_parquet(con, store.source(COUNTRY), store.indicators, country=COUNTRY)


def month_work(root: str, month: str) -> int:
    """The new month's indicators computed and written as its partition does, without Dagster's run around it."""
    from pipelines.register_partitions import RegisterStore
    from indicators import person_months

    store = RegisterStore(root=root)
    with duckdb.connect() as con:
        return person_months.write_parquet(con, store.source(COUNTRY), store.indicators, country=COUNTRY,
                                           month=month)


def new_month(root: str, month: str) -> int:
    """The new month's partition materialized by Dagster (in process), nothing else."""
    import dagster as dg

    from pipelines import register_partitions as rp
    from pipelines.run import QUIET

    defs = rp.build_definitions(Path(root))
    result = dg.materialize(defs.assets, resources=defs.resources, run_config=QUIET,
                            partition_key=rp.partition_key(COUNTRY, month))
    return len(result.get_asset_materialization_events())


def warm() -> None:
    """Load what a running Dagster code server already has loaded (instance, storage, executor)."""
    import dagster as dg

    from pipelines import register_partitions as rp

    with dg.DagsterInstance.ephemeral():
        rp.build_definitions().resolve_implicit_global_asset_job_def()


def append_month(source: Path, folder: Path) -> tuple[str, int]:
    """The next month's person-months (the last month's rows moved one month on, synthetic) as a new file."""
    shifted = ", ".join(f"({c} + INTERVAL 1 MONTH)::DATE AS {c}"
                        for c in ("month", "birth_date", "registration_date", "deregistration_date"))
    with duckdb.connect() as con:
        month = con.execute("SELECT strftime(max(month) + INTERVAL 1 MONTH, '%Y-%m-%d') FROM read_parquet(?)",
                            [str(source)]).fetchall()[0][0]
        target = folder / f"month-{month[:7]}.parquet"
        con.execute(f"COPY (SELECT * REPLACE ({shifted}) FROM read_parquet($src) "
                    f"WHERE month = (SELECT max(month) FROM read_parquet($src))) TO '{target}' (FORMAT parquet)",
                    {"src": str(source)})
        return month, con.execute("SELECT count(*) FROM read_parquet(?)", [str(target)]).fetchall()[0][0]


def run(source: Path, work: Path, cap_mb: float) -> dict:
    root = work / "register"
    shutil.rmtree(root, ignore_errors=True)
    folder = root / "person_months" / f"country={COUNTRY}"
    folder.mkdir(parents=True)
    os.symlink(source.resolve(), folder / "part-0.parquet")
    whole = run_step("register_full", str(root), cap_mb, 900)
    month_key, new_rows = append_month(source, folder)
    out = root / "register_indicators" / f"country={COUNTRY}"
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")}
    month = run_step("register_month", str(root), cap_mb, 900, month_key)
    untouched = sum(p.exists() and p.stat().st_mtime_ns == t for p, t in before.items())
    work = run_step("register_month_work", str(root), cap_mb, 900, month_key)
    ratio = month["seconds"] / whole["seconds"] if "stopped" not in whole and "stopped" not in month else None
    work_ratio = work["seconds"] / whole["seconds"] if "stopped" not in whole and "stopped" not in work else None
    return {"months_before": len(before), "months_untouched": untouched,
            "new_month_rows": new_rows, "new_month": month_key[:7],
            "new_month_written": (out / f"period={month_key[:7]}").is_dir(),
            "partitions_materialized": month.get("rows_out"),
            "full_seconds": whole.get("seconds"), "full_peak_rss_mb": whole.get("peak_rss_mb"),
            "month_seconds": month.get("seconds"), "month_peak_rss_mb": month.get("peak_rss_mb"),
            "month_vs_full": round(ratio, 4) if ratio is not None else None,
            "month_work_seconds": work.get("seconds"),
            "month_work_vs_full": round(work_ratio, 4) if work_ratio is not None else None}
