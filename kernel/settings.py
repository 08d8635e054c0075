"""Where LMO keeps things: repository data, the warehouse and the folders beside it."""

import json
import os
import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
DEFAULT_DB = REPO_ROOT / "var" / "warehouse.duckdb"
SHIPPED_DEMO = Path("register") / "synthetic"  # under data/: the small synthetic registers the tests know
# `lmo serve`: gunicorn worker processes and threads per worker
SERVE_WORKERS = int(os.environ.get("LMO_WORKERS", (os.cpu_count() or 1) + 1))
SERVE_THREADS = int(os.environ.get("LMO_THREADS", 4))


class LmoError(Exception):
    """A user-facing error: printed as one line, exit code 1, no traceback."""


def storage_failed(detail: str) -> str:
    """What a failed write (a full disk, a file size limit) tells the user: nothing half-published, run again."""
    return (f"storage failed ({detail}); the published figures stay those of the last complete publication: "
            "run the same command again once the disk has room")


def warehouse_path(db: str | os.PathLike | None = None) -> Path:
    """The warehouse file: --db, else LMO_DB, else var/warehouse.duckdb in the repository."""
    path = Path(db or os.environ.get("LMO_DB") or DEFAULT_DB).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def demo_register_dir() -> Path:
    """The synthetic (demo) registers `lmo run` loads: $LMO_DEMO_REGISTER; else var/demo-register, where `make run`
    generates a register of real size; else the small ones shipped in data/register/synthetic."""
    if os.environ.get("LMO_DEMO_REGISTER"):
        return Path(os.environ["LMO_DEMO_REGISTER"]).expanduser().resolve()
    generated = REPO_ROOT / "var" / "demo-register"
    return generated if (generated / ".made").exists() else DATA_DIR / SHIPPED_DEMO


def publication_dir(db: Path) -> Path:
    """Every publication is a new read-only file here; CURRENT names the one readers use."""
    return db.parent / f"{db.stem}.published"


def published_path(db: Path) -> Path:
    """The current publication: a file whose name changes with every publication, so that a reader
    reconnecting by path meets the new one (DuckDB keeps one database instance per path)."""
    folder = publication_dir(db)
    try:
        name = (folder / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return folder / "none.duckdb"
    return folder / Path(name).name


def publication_status_path(db: Path) -> Path:
    """JSON beside the publications: when the current one was published, and what a failed gate held back."""
    return publication_dir(db) / "status.json"


def publication_status(db: Path) -> dict:
    """The status of the current publication ({} before the first one)."""
    try:
        return json.loads(publication_status_path(db).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def raw_dir(db: Path) -> Path:
    """Raw files exactly as received, one folder per sha256."""
    return db.parent / "raw"


def inbox_dir(db: Path) -> Path:
    """Files dropped here as inbox/<kind>/<file> are ingested by the Dagster inbox sensor."""
    return db.parent / "inbox"


def staging_dir(db: Path) -> Path:
    """Files read and validated, waiting for the run that holds the warehouse to load them."""
    return db.parent / "staging"


def writer_lock(db: Path) -> Path:
    """The lock a run holds while it writes the warehouse (DuckDB takes one writing process)."""
    return db.with_name(db.name + ".lock")


def quarantine_dir(db: Path) -> Path:
    """Rejected files with their JSON reports."""
    return db.parent / "quarantine"


def dagster_home(db: Path) -> Path:
    """The Dagster instance folder (run history for the UI), telemetry off and no "join the community" pop-up
    (nux: Dagster's new-user experience) — added to an existing dagster.yaml that lacks them."""
    home = db.parent / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    text = config.read_text() if config.exists() else ""
    missing = "".join(f"{key}:\n  enabled: false\n" for key in ("telemetry", "nux")
                      if not re.search(rf"^{key}:", text, re.MULTILINE))
    if missing:
        config.write_text(text + ("\n" if text and not text.endswith("\n") else "") + missing)
    return home
