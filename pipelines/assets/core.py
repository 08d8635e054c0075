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
        # a path may be a pattern (statabs/*.tsv): a family of tables loaded as one asset
        paths = sorted(DATA_DIR.glob(spec["path"]))
        with warehouse.connect() as con:
            results = [ingest_file(con, spec["kind"], path, warehouse.raw_store) for path in paths]
        return dg.MaterializeResult(metadata={
            "file": spec["path"], "files": len(results), "sha256": ", ".join(r.sha256[:12] for r in results),
            "rows": sum(r.rows for r in results), "unchanged": all(r.unchanged for r in results),
            "vintage": max(r.vintage for r in results),
            "skipped": [f"{r.file}: {line}" for r in results for line in r.skipped_lines()],
        })
    return _load


core_assets = [core_asset(spec) for spec in EMBEDDED]
