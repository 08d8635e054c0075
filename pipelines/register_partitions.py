"""Register indicators partitioned by month × country, written as Parquet so partitions can run in parallel.

Separate from `pipelines.definitions` (whose `lmo run` materializes everything unpartitioned):
`dagster dev -m pipelines.register_partitions` or `lmo dagster`-style deployments load it on
its own. Person-months are read from REGISTER_ROOT/person_months/country=XX/*.parquet and each
partition writes REGISTER_ROOT/register_indicators/country=XX/period=YYYY-MM/ — no shared
database file, so any number of processes, pods or machines can run partitions at once
(a local folder, or object storage mounted or addressed through DuckDB).
"""

import os
from pathlib import Path

import dagster as dg
import duckdb

from indicators import person_months
from lmo.settings import REPO_ROOT

COUNTRIES = ["CH", "MA", "MR", "TN"]
PARTITIONS = dg.MultiPartitionsDefinition({
    "month": dg.MonthlyPartitionsDefinition(start_date="2006-01-01"),
    "country": dg.StaticPartitionsDefinition(COUNTRIES),
})


class RegisterStore(dg.ConfigurableResource):
    root: str

    def source(self, country: str) -> str:
        return str(Path(self.root) / "person_months" / f"country={country}" / "*.parquet")

    @property
    def indicators(self) -> Path:
        return Path(self.root) / "register_indicators"


@dg.asset(partitions_def=PARTITIONS, group_name="register", kinds={"duckdb", "parquet"},
          description="Register stocks, flows and long-term unemployment of one month in one country")
def register_indicators(context: dg.AssetExecutionContext, register: RegisterStore) -> dg.MaterializeResult:
    key = PARTITIONS.get_partition_key_from_str(str(context.partition_key)).keys_by_dimension
    with duckdb.connect() as con:
        rows = person_months.write_parquet(con, register.source(key["country"]), register.indicators,
                                           country=key["country"], month=key["month"])
    return dg.MaterializeResult(metadata={"rows": rows})


def register_root() -> Path:
    return Path(os.environ.get("LMO_REGISTER_ROOT", REPO_ROOT / "var" / "register"))


def partition_key(country: str, month: str) -> str:
    return str(dg.MultiPartitionKey({"country": country, "month": month}))


register_job = dg.define_asset_job("register_monthly", selection=[register_indicators],
                                   partitions_def=PARTITIONS, executor_def=dg.multiprocess_executor)


def build_definitions(root: Path | None = None) -> dg.Definitions:
    return dg.Definitions(assets=[register_indicators], jobs=[register_job],
                          resources={"register": RegisterStore(root=str(root or register_root()))})


defs = build_definitions()


def job() -> dg.JobDefinition:
    """The multiprocess job, rebuilt in each step process (root from LMO_REGISTER_ROOT)."""
    return build_definitions().resolve_job_def("register_monthly")
