"""Register indicators partitioned by month × country, written as Parquet so partitions can run in parallel.

Separate from `pipelines.definitions` (whose `lmo run` materializes everything unpartitioned):
`dagster dev -m pipelines.register_partitions` or `lmo dagster`-style deployments load it on
its own. Spells (and vacancies, interruptions) in the register exchange format are read from
REGISTER_ROOT/{spells,vacancies,interruptions}/country=XX/*.parquet; each partition computes its month with the
pipeline's own code (indicators.register.observations, disclosure control included) and writes
REGISTER_ROOT/register_indicators/country=XX/period=YYYY-MM/ — no shared database file, so any
number of processes, pods or machines can run partitions at once.
"""

import datetime as dt
import os
import shutil
from functools import partial
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd

from indicators.register import from_parquet, observations
from kernel.settings import REPO_ROOT

COUNTRIES = ["CH", "MA", "MR", "TN"]
PARTITIONS = dg.MultiPartitionsDefinition({
    "month": dg.MonthlyPartitionsDefinition(start_date="2006-01-01"),
    "country": dg.StaticPartitionsDefinition(COUNTRIES),
})


class RegisterStore(dg.ConfigurableResource):
    root: str
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


def monthly(store: RegisterStore, country: str, month: str | None = None) -> pd.DataFrame:
    """The observations of one month (YYYY-MM; None: every month) computed from the store's files,
    with the month before when it is one month (outflow rates divide by last month's stock)."""
    if store.files("spells", country) is None:
        return pd.DataFrame()
    months = (str(pd.Period(month, "M") - 1), month) if month else (None, None)
    with duckdb.connect() as con:
        frame = observations(con, source=store.source(country), months=months)
    if frame.empty:
        return frame
    return frame[frame["period"] == month] if month else frame[frame["period"].str.len() == 7]


def write_parquet(store: RegisterStore, country: str, month: str | None = None) -> int:
    """Write observations as Parquet under indicators/country=XX/period=YYYY-MM/ (one month, or all).

    A month's folder is written beside its target and renamed into place, so readers and
    partitions running in parallel never see half a month.
    """
    frame = monthly(store, country, month)
    if frame.empty:
        return 0
    target = store.indicators / f"country={country}"
    staging = store.indicators / f".staging-{country}-{month or 'all'}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as con:
        con.register("observations", frame)
        con.execute(f"COPY observations TO '{staging}' (FORMAT parquet, PARTITION_BY (period))")
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


def register_root() -> Path:
    return Path(os.environ.get("LMO_REGISTER_ROOT", REPO_ROOT / "var" / "register"))


def partition_key(country: str, month: str) -> str:
    return str(dg.MultiPartitionKey({"country": country, "month": month}))


register_job = dg.define_asset_job("register_monthly", selection=[register_indicators],
                                   partitions_def=PARTITIONS, executor_def=dg.multiprocess_executor)


def build_definitions(root: Path | None = None, vintage: str = "") -> dg.Definitions:
    return dg.Definitions(assets=[register_indicators], jobs=[register_job],
                          resources={"register": RegisterStore(root=str(root or register_root()), vintage=vintage)})


defs = build_definitions()


def job() -> dg.JobDefinition:
    """The multiprocess job, rebuilt in each step process (root from LMO_REGISTER_ROOT)."""
    return build_definitions().resolve_job_def("register_monthly")
