"""Core layer: each file validated and loaded into core tables, register aggregates, and the checked whole."""

from pathlib import Path

import dagster as dg

from indicators import programmes, register
from kernel.settings import quarantine_dir
from pipelines import pending, staging, streamed
from pipelines.assets.raw import EMBEDDED, embedded_files, embedded_paths, upload
from pipelines.ingest import IngestResult, checked_file, ingest_file, kinds, source_module
from pipelines.resources import Warehouse


def loaded_metadata(results: list[IngestResult]) -> dict:
    return {
        "files": len(results), "sha256": ", ".join(r.sha256[:12] for r in results),
        "rows": sum(r.rows for r in results), "unchanged": all(r.unchanged for r in results),
        "vintage": max((r.vintage for r in results), default=""),
        "datasets": sorted({d for r in results for d in r.datasets}),
        "geos": sorted({g for r in results for g in r.geos}), "periods": sorted({p for r in results for p in r.periods}),
        "skipped": [f"{r.file}: {line}" for r in results for line in r.skipped_lines()],
    }


def core_asset(spec: dict) -> dg.AssetsDefinition:
    @dg.asset(name=spec["asset"], group_name="core", kinds={"duckdb"}, deps=[embedded_files],
              description=kinds()[spec["kind"]]["description"])
    def _load(warehouse: Warehouse) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            results = [ingest_file(con, spec["kind"], path, warehouse.raw_store) for path in embedded_paths(spec)]
        return dg.MaterializeResult(metadata=loaded_metadata(results))
    return _load


embedded_assets = [core_asset(spec) for spec in EMBEDDED]


@dg.asset(group_name="core", kinds={"duckdb"}, deps=[upload],
          description="The user's file of this run, validated while other runs write, then loaded with every file "
                      "staged meanwhile (rejected files go to quarantine)")
def uploaded_file(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    meta = upload_of_run(context)
    if not meta.get("file"):
        return dg.MaterializeResult(metadata={"files": 0})
    result = load_upload(warehouse, meta["kind"], Path(meta["file"]), meta.get("vintage") or None, meta["sha256"])
    return dg.MaterializeResult(metadata=loaded_metadata([result]) | {"kind": meta["kind"], "file": meta["file"]})


def upload_of_run(context: dg.AssetExecutionContext) -> dict:
    """This run's upload (the instance's latest may be another run's: many runs write at once)."""
    for entry in context.instance.all_logs(context.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION):
        event = entry.asset_materialization
        if event and event.asset_key == upload.key:
            return {k: v.value for k, v in event.metadata.items()}
    return {}


def load_upload(warehouse: Warehouse, kind: str, path: Path, vintage: str | None, digest: str) -> IngestResult:
    """A file too big to read whole loads in chunks under the lock; any other is checked first, outside it."""
    if streamed.applies(source_module(kind), path):
        with warehouse.connect() as con:
            return ingest_file(con, kind, path, warehouse.raw_store, vintage)
    checked = checked_file(kind, path, warehouse.raw_store, vintage, digest=digest)
    staging.stage(checked, warehouse.staging)
    with warehouse.connect() as con:
        staging.load_staged(con, warehouse.staging, quarantine_dir(Path(warehouse.path)))
        return staging.outcome(warehouse.staging, path, checked.raw.sha256, con)


LOADERS = [*embedded_assets, uploaded_file]


@dg.asset(group_name="core", kinds={"duckdb"}, deps=LOADERS,
          description="Register microdata aggregated per geo × month × breakdown, small cells protected")
def register_indicators(warehouse: Warehouse) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        if not pending.register_pending(con) and pending.state(con, "register_aggregated"):
            return dg.MaterializeResult(metadata={"recomputed": False})
        rows = register.refresh(con)
        pending.mark_pending(con, ["register", "synthetic_register"])
        pending.set_state(con, "register_aggregated", pending.now().isoformat())
    return dg.MaterializeResult(metadata={"recomputed": True, "rows": rows})


@dg.asset(group_name="core", kinds={"duckdb"}, deps=LOADERS,
          description="Programme monitoring aggregates from the register (core.observations) and targets")
def programme_monitoring(warehouse: Warehouse) -> dg.MaterializeResult:
    tables = ("core.register_spells", "core.register_programmes")
    with warehouse.connect() as con:
        if not pending.register_pending(con, tables) and pending.state(con, "programmes_aggregated"):
            return dg.MaterializeResult(metadata={"recomputed": False})
        counts = programmes.refresh(con, programmes.shipped_targets())
        pending.mark_pending(con, programmes.DATASETS)
        pending.set_state(con, "programmes_aggregated", pending.now().isoformat())
    return dg.MaterializeResult(metadata=counts | {"recomputed": True})


@dg.asset(group_name="core", kinds={"duckdb"}, deps=[*LOADERS, register_indicators, programme_monitoring],
          description="core.observations complete: every source and aggregate loaded; its checks gate the mart")
def observations(warehouse: Warehouse) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        rows = con.execute("SELECT dataset, count(*) FROM core.observations GROUP BY 1 ORDER BY 1").fetchall()
        changed = sorted(pending.pending(con))
    return dg.MaterializeResult(metadata={"rows": sum(n for _, n in rows), "datasets": len(rows), "pending": changed})
