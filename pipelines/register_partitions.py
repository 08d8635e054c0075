"""Register indicators partitioned by month × country, written as Parquet so partitions can run in parallel.

Separate from `pipelines.definitions` (whose `lmo run` materializes everything unpartitioned):
`dagster dev -m pipelines.register_partitions` or `lmo dagster`-style deployments load it on
its own. Spells (and vacancies, interruptions) in the register exchange format are read from
REGISTER_ROOT/{spells,vacancies,interruptions}/country=XX/*.parquet; each partition computes its month with the
pipeline's own code (indicators.register.observations, disclosure control included) and writes
REGISTER_ROOT/register_indicators/country=XX/period=YYYY-MM/ — no shared database file, so any
number of processes, pods or machines can run partitions at once. REGISTER_ROOT is a folder or an
s3://bucket/prefix URL (pipelines.object_store). Job `register_monthly` runs steps in processes of
one machine; `register_monthly_celery` on dagster-celery workers anywhere (pipelines/celery.yaml).
"""

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import yaml
from dagster_celery import celery_executor

from indicators.register import from_parquet, observations
from kernel.settings import REPO_ROOT
from pipelines import object_store

CELERY_CONFIG = Path(__file__).with_name("celery.yaml")

COUNTRIES = ["CH", "MA", "MR", "TN"]
PARTITIONS = dg.MultiPartitionsDefinition({
    "month": dg.MonthlyPartitionsDefinition(start_date="2006-01-01"),
    "country": dg.StaticPartitionsDefinition(COUNTRIES),
})


class RegisterStore(dg.ConfigurableResource):
    root: str  # a folder, or s3://bucket/prefix
    vintage: str = ""  # of the files; empty: today, as `lmo ingest` dates a file without its own date

    def files(self, kind: str, country: str) -> str | None:
        folder = Path(self.root) / kind / f"country={country}"
        return str(folder / "*.parquet") if any(folder.glob("*.parquet")) else None

    def source(self, country: str):
        """The input of indicators.register.observations: this country's exchange-format Parquet."""
        return partial(from_parquet, spells=self.files("spells", country),
                       vacancies=self.files("vacancies", country), vintage=self.vintage or dt.date.today().isoformat(),
                       interruptions=self.files("interruptions", country))

    @property
    def indicators(self) -> Path:
        return Path(self.root) / "register_indicators"

    @contextmanager
    def local(self, country: str) -> Iterator["RegisterStore"]:
        """This store, or for an s3:// root a scratch copy of the country's register files (DuckDB 2.0
        reads no s3:// URL offline: its httpfs extension is not built in)."""
        if not object_store.is_remote(self.root):
            yield self
            return
        with tempfile.TemporaryDirectory(prefix="lmo-register-") as scratch:
            for kind in ("spells", "vacancies"):
                object_store.download(self.root, f"{kind}/country={country}", Path(scratch))
            yield RegisterStore(root=scratch, vintage=self.vintage)


def monthly(store: RegisterStore, country: str, month: str | None = None) -> pd.DataFrame:
    """The observations of one month (YYYY-MM; None: every month) computed from the store's files,
    with the month before when it is one month (outflow rates divide by last month's stock)."""
    months = (str(pd.Period(month, "M") - 1), month) if month else (None, None)
    with store.local(country) as local:
        if local.files("spells", country) is None:
            return pd.DataFrame()
        with duckdb.connect() as con:
            frame = observations(con, source=local.source(country), months=months)
    if frame.empty:
        return frame
    return frame[frame["period"] == month] if month else frame[frame["period"].str.len() == 7]


def copy_months(frame: pd.DataFrame, folder: Path) -> None:
    """Observations as Parquet, one folder period=YYYY-MM per month."""
    with duckdb.connect() as con:
        con.register("observations", frame)
        con.execute(f"COPY observations TO '{folder}' (FORMAT parquet, PARTITION_BY (period))")


def write_parquet(store: RegisterStore, country: str, month: str | None = None) -> int:
    """Write observations as Parquet under indicators/country=XX/period=YYYY-MM/ (one month, or all).

    Readers and partitions running in parallel never see half a month: in a folder, a month is
    written beside its target and renamed into place; on object storage, it is one object.
    """
    frame = monthly(store, country, month)
    if frame.empty:
        return 0
    if object_store.is_remote(store.root):
        with tempfile.TemporaryDirectory(prefix="lmo-indicators-") as scratch:
            copy_months(frame, Path(scratch))
            object_store.upload(Path(scratch), store.root, f"register_indicators/country={country}")
        return len(frame)
    target = store.indicators / f"country={country}"
    staging = store.indicators / f".staging-{country}-{month or 'all'}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.parent.mkdir(parents=True, exist_ok=True)
    copy_months(frame, staging)
    target.mkdir(parents=True, exist_ok=True)
    for part in sorted(staging.iterdir()) if staging.exists() else []:
        final = target / part.name
        if final.exists():
            retired = staging.with_name(staging.name + ".old")
            os.replace(final, retired)
            shutil.rmtree(retired)
        os.replace(part, final)
    shutil.rmtree(staging, ignore_errors=True)
    return len(frame)


@dg.asset(partitions_def=PARTITIONS, group_name="register", kinds={"duckdb", "parquet"},
          description="Register indicators (disclosure control applied) of one month in one country")
def register_indicators(context: dg.AssetExecutionContext, register: RegisterStore) -> dg.MaterializeResult:
    key = PARTITIONS.get_partition_key_from_str(str(context.partition_key)).keys_by_dimension
    rows = write_parquet(register, key["country"], key["month"][:7])
    return dg.MaterializeResult(metadata={"rows": rows})


def register_root() -> str:
    return os.environ.get("LMO_REGISTER_ROOT", str(REPO_ROOT / "var" / "register"))


def partition_key(country: str, month: str) -> str:
    return str(dg.MultiPartitionKey({"country": country, "month": month}))


register_job = dg.define_asset_job("register_monthly", selection=[register_indicators],
                                   partitions_def=PARTITIONS, executor_def=dg.multiprocess_executor)
# Broker and backend from the environment, as the workers read them from the same file.
celery_job_def = dg.define_asset_job(
    "register_monthly_celery", selection=[register_indicators], partitions_def=PARTITIONS,
    executor_def=celery_executor.configured(yaml.safe_load(CELERY_CONFIG.read_text())["execution"]["config"]))


def build_definitions(root: Path | str | None = None, vintage: str = "") -> dg.Definitions:
    return dg.Definitions(assets=[register_indicators], jobs=[register_job, celery_job_def],
                          resources={"register": RegisterStore(root=str(root or register_root()), vintage=vintage)})


defs = build_definitions()


def job() -> dg.JobDefinition:
    """The multiprocess job, rebuilt in each step process (root from LMO_REGISTER_ROOT)."""
    return build_definitions().resolve_job_def("register_monthly")
