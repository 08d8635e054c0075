"""Readers never break: many concurrent dashboard requests while the pipeline rewrites and republishes the warehouse,
and a running dashboard answers with a new publication within seconds of it."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.dashboard_serve import page_body
from kernel.settings import publication_dir, published_path
from pipelines.publication import adopt
from tests.browser import served_dashboard
from tests.correction import RUNNER, copy_of, correction, lmo, old_and_new

pytestmark = pytest.mark.xdist_group("browser")  # a served dashboard: not alongside the browser tests

MAX_REQUESTS = 3000
MAX_SECONDS = 240
# Between rounds of requests: readers arrive steadily all along the writer's work, not as a flood that takes the
# machine's cores from the writer (and the test's time with them).
PAUSE_S = 0.05


def page(path: str, search: str = "") -> bytes:
    """The pages router's callback: lays out a page, reading the warehouse (explorer, overview, quality)."""
    return json.dumps(page_body(path, search)).encode()


REQUESTS = [
    ("/", None),
    ("/_dash-update-component", page("/explorer", "?lang=fr&indicator=registered_unemployed&view=map")),
    ("/_dash-update-component", page("/", "?lang=de")),
    ("/_dash-update-component", page("/quality")),
]


def fetch(url: str, n: int) -> str | None:
    """None if the request succeeded, else what went wrong."""
    path, body = REQUESTS[n % len(REQUESTS)]
    request = urllib.request.Request(url + path, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read().decode()
            return None if response.status == 200 and "Traceback" not in text else f"{path}: {response.status}"
    except Exception as error:  # any failure a user would see counts
        return f"{path}: {error}"


def test_dashboard_serves_without_error_while_the_pipeline_runs(warehouse, tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copyfile(warehouse, db)
    adopt(db, published_path(warehouse))
    env = os.environ | {"LMO_DB": str(db)}
    writer_codes = []

    def write():  # readers during an ingest and its publication: the last test of this module
        writer_codes.append(subprocess.run([sys.executable, str(RUNNER), "run"], env=env, capture_output=True,
                                           timeout=MAX_SECONDS).returncode)  # without the bulletin's PDFs

    with served_dashboard(db) as url:
        writer = threading.Thread(target=write)
        started = time.monotonic()
        writer.start()
        errors, during = [], 0
        with ThreadPoolExecutor(max_workers=4) as pool:
            n = 0
            while writer.is_alive() and n < MAX_REQUESTS and time.monotonic() - started < MAX_SECONDS:
                batch = list(pool.map(lambda i: fetch(url, i), range(n, n + 8)))
                errors += [e for e in batch if e]
                n += len(batch)
                during += len(batch) if writer.is_alive() else 0
                time.sleep(PAUSE_S)
        writer.join(timeout=MAX_SECONDS)
    print(f"{n} requests, {during} while the pipeline ran, {len(errors)} errors")
    assert writer_codes == [0]
    assert during >= 48, f"only {during} requests while the pipeline ran"
    assert errors == []


def test_a_writer_holding_the_warehouse_lock_does_not_block_readers(warehouse, tmp_path):
    """Another process keeps the live warehouse open for writing; the dashboard's data access still answers."""
    from kernel import query

    db = tmp_path / "w.duckdb"
    shutil.copyfile(warehouse, db)
    adopt(db, published_path(warehouse))
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('locked', flush=True); time.sleep(120)", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        rows = query.indicator_records(db, "registered_unemployed", geos=["CH"], period="2025-01")
        assert [r["value"] for r in rows] == [135773.0]
        assert any(r["check_name"] == "cantons_sum" for r in query.quality_results(db))
    finally:
        holder.kill()
        holder.wait()


ZURICH_JULY = "/download/registered_unemployed.csv?geo=CH-ZH&from=2026-07&to=2026-07&measure=level"
FOLLOWS_WITHIN = 10  # seconds: each request reads CURRENT; the margin is for a busy 2-core machine
STAYS_FOR = 3  # seconds of downloads after the first new value, a few dozen: each worker process answers several


def zurich_july(url: str) -> float | str:
    """The download's value for Zurich, July 2026, or what went wrong."""
    try:
        with urllib.request.urlopen(url + ZURICH_JULY, timeout=60) as response:
            rows = list(csv.DictReader(line for line in io.StringIO(response.read().decode()) if line[0] != "#"))
        return float(rows[0]["value"]) if len(rows) == 1 else f"{len(rows)} rows"
    except Exception as error:  # any failure a user would see counts
        return str(error)


def first_seen(seen: list[tuple[float, float | str]], value: float) -> float:
    """When a download first gave `value` (infinity if none has)."""
    return next((started for started, got in seen if got == value), float("inf"))


def test_a_running_dashboard_answers_with_a_new_publication_within_seconds(warehouse, tmp_path):
    """Issue 17 item 1: while `lmo ingest` of SECO's correction publishes, `lmo serve` (gunicorn, several worker
    processes) keeps answering — the old value for Zurich, July 2026, until CURRENT moves, the new one within
    seconds of it, never the old one again — and no request, download or page, fails."""
    db = copy_of(warehouse, tmp_path)
    (old,), (new,) = ([v["CH-ZH"]] for v in old_and_new())
    path = correction(tmp_path)
    current = publication_dir(db) / "CURRENT"
    before = current.read_text()
    codes, seen, errors, moved = [], [], [], None
    deadline = time.monotonic() + 600

    with served_dashboard(db) as url:
        ingest = threading.Thread(target=lambda: codes.append(lmo(db, "ingest", "seco-bulletin-json", str(path))))
        ingest.start()
        with ThreadPoolExecutor(max_workers=2) as pool:
            n = 0
            while ingest.is_alive() or moved is None or \
                    time.monotonic() < min(moved + FOLLOWS_WITHIN, first_seen(seen, new) + STAYS_FOR):
                pages = pool.map(lambda i: fetch(url, i), range(n, n + 2))
                started = time.monotonic()
                seen.append((started, zurich_july(url)))
                errors += [e for e in pages if e]
                n += 2
                if moved is None and current.read_text() != before:
                    moved = time.monotonic()
                time.sleep(PAUSE_S)
                assert started < deadline, "the ingest never published"
        ingest.join()
    [done] = codes
    assert done.returncode == 0, done.stderr
    values = [value for _, value in seen]
    assert set(values) == {old, new}, [v for v in values if v not in (old, new)][:5]
    first_new = next(i for i, value in enumerate(values) if value == new)
    assert set(values[first_new:]) == {new}  # every worker process follows: never the old value again
    assert seen[first_new][0] - moved < FOLLOWS_WITHIN, f"the new value came {seen[first_new][0] - moved:.1f} s late"
    print(f"{len(seen)} downloads and {n} page requests; the new value {seen[first_new][0] - moved:.1f} s "
          f"after CURRENT moved")
    assert errors == []
