"""Dagster definitions: every asset module under pipelines/assets and the publication's (release, bulletins),
on the warehouse from LMO_DB."""

import dagster as dg

from kernel.settings import warehouse_path
from pipelines import assets, automation
from pipelines.resources import Warehouse
from publish import assets as publish_assets


def build_definitions(db=None) -> dg.Definitions:
    modules = [*dg.load_assets_from_package_module(assets), *publish_assets.assets]
    checks = dg.load_asset_checks_from_package_module(assets)
    return dg.Definitions(assets=modules, asset_checks=checks,
                          jobs=automation.jobs, schedules=automation.schedules, sensors=automation.sensors,
                          resources={"warehouse": Warehouse(path=str(warehouse_path(db)))},
                          executor=dg.in_process_executor)  # one DuckDB writer: a run's steps write in turn


defs = build_definitions()
