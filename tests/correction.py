"""A publication that changes a figure readers see: SECO's bulletin for July 2026 corrected a month later (ZH and CH,
a later vintage), ingested into a copy of the pipeline's warehouse (tests of faults and of readers, issue 17); `lmo`
without the bulletin's PDFs, in a process of its own (with a fault) or in the test's."""

import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

from kernel.query import indicator_records
from kernel.settings import DATA_DIR, publication_dir, published_path
from tests.cli_in_process import lmo_here

RUNNER = Path(__file__).with_name("lmo_faults.py")
GEOS = ("CH", "CH-ZH")
CHANGE = 724  # added to ZH and to CH, so that the cantons still add up to the national count


def shipped_july() -> dict[str, dict]:
    """SECO's July 2026 figures of CH and ZH as shipped (data/seco/labour.json)."""
    bulletin = json.loads((DATA_DIR / "seco" / "labour.json").read_text(encoding="utf-8"))
    zurich = next(c for c in bulletin["cantons"] if c["code"] == "ZH")
    return {"CH": next(m for m in bulletin["national"] if m["period"] == "2026-07"),
            "CH-ZH": next(m for m in zurich["months"] if m["period"] == "2026-07")}


def old_and_new() -> tuple[dict[str, float], dict[str, float]]:
    """The registered unemployed of July 2026 as shipped, and as corrected."""
    old = {geo: float(month["unemployed"]) for geo, month in shipped_july().items()}
    return old, {geo: value + CHANGE for geo, value in old.items()}


def correction(folder: Path, padding: int = 0) -> Path:
    """The corrected bulletin, `padding` spaces longer (JSON allows them) to make it as big as a test needs."""
    month = {geo: {"period": "2026-07", "unemployed": m["unemployed"] + CHANGE, "rate": m["rate"]}
             for geo, m in shipped_july().items()}
    document = {"generated_at": "2026-09-01", "source": "SECO, Die Lage auf dem Arbeitsmarkt",
                "national": [month["CH"]], "cantons": [{"code": "ZH", "months": [month["CH-ZH"]]}]}
    path = folder / f"correction-{padding}.json"
    path.write_text(json.dumps(document) + " " * padding, encoding="utf-8")
    return path


def copy_of(warehouse: Path, folder: Path) -> Path:
    """The pipeline's warehouse with its current publication and its Dagster run history, as a deployment has."""
    db = folder / warehouse.name
    shutil.copyfile(warehouse, db)
    publication = publication_dir(db)
    publication.mkdir()
    for name in ("CURRENT", "status.json", published_path(warehouse).name):
        shutil.copyfile(publication_dir(warehouse) / name, publication / name)
    shutil.copytree(warehouse.with_name("dagster_home"), folder / "dagster_home")
    return db


def lmo(db: Path, *args: str, fault: str = "", file_limit: int | None = None) -> subprocess.CompletedProcess:
    """`lmo` (without the bulletin) on `db`, with a fault of tests/lmo_faults.py or a limit on the size of files."""
    def limit() -> None:  # a file may not grow beyond `file_limit` bytes: every write past it fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    return subprocess.run([sys.executable, str(RUNNER), "--db", str(db), *args], capture_output=True, text=True,
                          env=os.environ | {"LMO_FAULT": fault}, preexec_fn=limit if file_limit else None,
                          timeout=600)


def lmo_in_process(db: Path, *args: str) -> subprocess.CompletedProcess:
    """`lmo` as tests/lmo_faults.py runs it without a fault (no bulletin), in the test's process."""
    with mock.patch("publish.bulletin_files.write_all", return_value=[]):
        return lmo_here(*args, db=db)


def published_state(db: Path) -> tuple[str, str]:
    """What readers get: the file CURRENT names, and the sha256 of its bytes."""
    current = published_path(db)
    return current.name, hashlib.sha256(current.read_bytes()).hexdigest()


def published_july(db: Path) -> dict[str, float]:
    rows = indicator_records(db, "registered_unemployed", geos=list(GEOS), period="2026-07")
    return {r["geo"]: r["value"] for r in rows}
