"""Shared fixtures: a warehouse materialized once per test session from the embedded data."""

import json
from pathlib import Path

import pytest

from lmo.settings import DATA_DIR


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory) -> Path:
    """A full materialization of every asset into a temporary warehouse."""
    from pipelines.run import run_all

    db = tmp_path_factory.mktemp("warehouse") / "w.duckdb"
    run_all(db)
    return db


@pytest.fixture(scope="session")
def bulletin() -> dict:
    return json.loads((DATA_DIR / "seco" / "labour.json").read_text(encoding="utf-8"))


def published_value(bulletin: dict, code: str, period: str, field: str):
    if code == "CH":
        return next(m[field] for m in bulletin["national"] if m["period"] == period)
    canton = next(c for c in bulletin["cantons"] if c["code"] == code)
    return next(m[field] for m in canton["months"] if m["period"] == period)
