"""Core assets: each embedded file of data/embedded.yaml kept raw, validated and loaded."""

from pathlib import Path

import dagster as dg
import yaml

from lmo.settings import DATA_DIR
from pipelines.ingest import ingest_file, kinds
from pipelines.resources import Warehouse

EMBEDDED = yaml.safe_load((DATA_DIR / "embedded.yaml").read_text(encoding="utf-8"))


def core_asset(spec: dict) -> dg.AssetsDefinition:
    @dg.asset(name=spec["asset"], group_name="core", kinds={"duckdb"},
              description=kinds()[spec["kind"]]["description"])
    def _load(warehouse: Warehouse) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            result = ingest_file(con, spec["kind"], DATA_DIR / spec["path"], warehouse.raw_store)
        return dg.MaterializeResult(metadata={
            "file": spec["path"], "sha256": result.sha256, "rows": result.rows,
            "unchanged": result.unchanged, "vintage": result.vintage,
        })
    return _load


core_assets = [core_asset(spec) for spec in EMBEDDED]
