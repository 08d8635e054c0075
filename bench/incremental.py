"""Incremental: one month as one Dagster partition run, against recomputing every month."""

import os
import shutil
from pathlib import Path

import duckdb

from bench.measure import run_step

COUNTRY = "CH"


def store(root: str):
    from pipelines.register_partitions import RegisterStore
    return RegisterStore(root=root, vintage="2026-08-01")


def full(root: str) -> int:
    """Every month of the country recomputed in one pass (what a run without partitions does)."""
    from pipelines.register_partitions import write_parquet
    return write_parquet(store(root), COUNTRY)


def month_work(root: str, month: str) -> int:
    """The month's indicators computed and written as its partition does, without Dagster's run around it."""
    from pipelines.register_partitions import write_parquet
    return write_parquet(store(root), COUNTRY, month)


def new_month(root: str, month: str) -> int:
    """The month's partition materialized by Dagster (in process), nothing else."""
    import dagster as dg

    from pipelines import register_partitions as rp
    from pipelines.run import QUIET

    defs = rp.build_definitions(Path(root), vintage="2026-08-01")
    result = dg.materialize(defs.assets, resources=defs.resources, run_config=QUIET,
                            partition_key=rp.partition_key(COUNTRY, f"{month}-01"))
    return len(result.get_asset_materialization_events())


def warm() -> None:
    """Load what a running Dagster code server already has loaded (instance, storage, executor)."""
    import dagster as dg

    from pipelines import register_partitions as rp

    with dg.DagsterInstance.ephemeral():
        rp.build_definitions().resolve_implicit_global_asset_job_def()


def last_month(spells: Path) -> str:
    """The extract's last complete month (the one a monthly load adds)."""
    sql = ("SELECT strftime(date_trunc('month', max(greatest(registration_date, coalesce(deregistration_date, "
           "registration_date))) + INTERVAL 1 DAY) - INTERVAL 1 MONTH, '%Y-%m') FROM read_parquet(?)")
    with duckdb.connect() as con:
        return con.execute(sql, [str(spells)]).fetchall()[0][0]


def run(register: Path, work: Path, cap_mb: float) -> dict:
    root = work / "register"
    shutil.rmtree(root, ignore_errors=True)
    for kind in ("spells", "vacancies"):
        folder = root / kind / f"country={COUNTRY}"
        folder.mkdir(parents=True)
        os.symlink((register / f"{kind}.parquet").resolve(), folder / f"{kind}.parquet")
    whole = run_step("register_full", str(root), cap_mb, 900)
    month_key = last_month(register / "spells.parquet")
    out = root / "register_indicators" / f"country={COUNTRY}"
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")}
    month = run_step("register_month", str(root), cap_mb, 900, month_key)
    untouched = sum(p.exists() and p.stat().st_mtime_ns == t for p, t in before.items())
    work = run_step("register_month_work", str(root), cap_mb, 900, month_key)
    ratio = month["seconds"] / whole["seconds"] if "stopped" not in whole and "stopped" not in month else None
    work_ratio = work["seconds"] / whole["seconds"] if "stopped" not in whole and "stopped" not in work else None
    return {"months_before": len(before), "months_untouched": untouched, "new_month": month_key,
            "partitions_materialized": month.get("rows_out"),
            "full_seconds": whole.get("seconds"), "full_peak_rss_mb": whole.get("peak_rss_mb"),
            "month_seconds": month.get("seconds"), "month_peak_rss_mb": month.get("peak_rss_mb"),
            "month_vs_full": round(ratio, 4) if ratio is not None else None,
            "month_work_seconds": work.get("seconds"),
            "month_work_vs_full": round(work_ratio, 4) if work_ratio is not None else None}
