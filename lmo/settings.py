"""Where LMO keeps things: repository data, the warehouse and the folders beside it."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
DEFAULT_DB = REPO_ROOT / "var" / "warehouse.duckdb"


class LmoError(Exception):
    """A user-facing error: printed as one line, exit code 1, no traceback."""


def warehouse_path(db: str | os.PathLike | None = None) -> Path:
    """The warehouse file: --db, else LMO_DB, else var/warehouse.duckdb in the repository."""
    path = Path(db or os.environ.get("LMO_DB") or DEFAULT_DB).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def published_path(db: Path) -> Path:
    """The read-only copy the dashboard reads, swapped in whole after each run."""
    return db.with_name(db.stem + ".published.duckdb")


def raw_dir(db: Path) -> Path:
    """Raw files exactly as received, one folder per sha256."""
    return db.parent / "raw"


def inbox_dir(db: Path) -> Path:
    """Files dropped here as inbox/<kind>/<file> are ingested by the Dagster inbox sensor."""
    return db.parent / "inbox"


def quarantine_dir(db: Path) -> Path:
    """Rejected files with their JSON reports."""
    return db.parent / "quarantine"


def dagster_home(db: Path) -> Path:
    """The Dagster instance folder (run history for the UI), telemetry off."""
    home = db.parent / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text("telemetry:\n  enabled: false\n")
    return home
