"""Many writers: the shipped Swiss register split into its 26 cantons' files, each submitted by its own `lmo ingest`
process at the same moment on a fresh warehouse; the time until all are published, against one national file; and
the same 26 submitted onto a published warehouse while 20 dashboard clients read it (their p95).

`python -m bench.writers` writes bench/results/<date>-writers.json and .md."""

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

from bench import dashboard_load, dashboard_serve
from bench.machine import machine
from kernel.settings import DATA_DIR, REPO_ROOT

SPELLS = DATA_DIR / "register" / "synthetic" / "ch" / "spells.csv"
LMO = Path(sys.executable).with_name("lmo")


def write(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def cantonal_files(folder: Path, broken: str | None = None) -> dict[str, Path]:
    """One file per canton of the shipped register; `broken`'s third spell gets a date that does not exist."""
    with open(SPELLS, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    files = {}
    for canton in sorted({r["geo"] for r in rows}):
        mine = [dict(r) for r in rows if r["geo"] == canton]
        if canton == broken:
            mine[2]["registration_date"] = "2025-02-30"
        files[canton] = write(folder / f"{canton}.csv", mine)
    return files


def submitted_at_once(db: Path, files: list[Path]) -> tuple[float, list[int]]:
    """Seconds until the last of the `lmo ingest` processes started together ended, and their exit codes; each
    one's output beside its file (`<file>.out`)."""
    start = time.perf_counter()
    workers = []
    for path in files:
        with open(path.with_suffix(".out"), "w") as log:
            workers.append(subprocess.Popen([str(LMO), "--db", str(db), "ingest", "register-spells", str(path)],
                                            stdout=log, stderr=subprocess.STDOUT))
    codes = [worker.wait() for worker in workers]
    return time.perf_counter() - start, codes


def read_while_written(db: Path, files: list[Path], clients: int = 20) -> tuple[float, list[int], dict]:
    """The files submitted at once onto `db` while `clients` threads replay each page's router callback on
    `lmo serve` reading it; the readers stop when the last writer has ended."""
    with dashboard_serve.served(db) as base:
        bodies = dashboard_serve.page_bodies(dashboard_serve.page_paths())
        dashboard_load.load(base, bodies, clients=1, rounds=2, time_limit=60)  # warm-up
        stop, readers = threading.Event(), {}
        reading = threading.Thread(target=lambda: readers.update(
            dashboard_load.load(base, bodies, clients, rounds=100_000, time_limit=3600, stop=stop)))
        reading.start()
        seconds, codes = submitted_at_once(db, files)
        stop.set()
        reading.join()
    return seconds, codes, readers


def main() -> None:
    started = machine()  # its load average is the one before the writers start
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = cantonal_files(root)
        rows = [r for path in files.values() for r in csv.DictReader(open(path, encoding="utf-8", newline=""))]
        national = write(root / "CH.csv", rows)
        one, [one_code] = submitted_at_once(root / "one" / "w.duckdb", [national])
        many, codes = submitted_at_once(root / "many" / "w.duckdb", list(files.values()))
        shutil.copytree(root / "one", root / "served")  # published already: the month before, say
        served, served_codes, readers = read_while_written(root / "served" / "w.duckdb", list(files.values()))
    result = {"date": date.today().isoformat(), "machine": started, "files": len(files), "spells": len(rows),
              "one_national_file_s": round(one, 1), "cantonal_files_at_once_s": round(many, 1),
              "one_national_file_exit": one_code, "published": sum(c == 0 for c in codes),
              "failed": sum(c != 0 for c in codes), "served_at_once_s": round(served, 1),
              "served_published": sum(c == 0 for c in served_codes), "served_failed": sum(c != 0 for c in served_codes),
              "readers": readers, "load_average_end": os.getloadavg()}
    stem = REPO_ROOT / "bench" / "results" / f"{result['date']}-writers"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    stem.with_suffix(".md").write_text(markdown(result))
    print(markdown(result))


def markdown(r: dict) -> str:
    return (f"# LMO many-writers benchmark, {r['date']}\n\n"
            f"Machine: {r['machine']['cores']} cores, {r['machine']['cpu_model']}; load average"
            f" {r['machine']['load_average_start'][0]:.1f} at the start, {r['load_average_end'][0]:.1f} at the end.\n\n"
            f"The shipped synthetic register of Switzerland ({r['spells']:,} spells) as {r['files']} cantonal files, each"
            f" submitted by its own `lmo ingest` process at the same moment on a fresh warehouse (`bench/writers.py`).\n\n"
            "| | seconds | published | failed |\n|---|---:|---:|---:|\n"
            f"| one national file, one process | {r['one_national_file_s']} | {int(r['one_national_file_exit'] == 0)} |"
            f" {int(r['one_national_file_exit'] != 0)} |\n"
            f"| {r['files']} cantonal files at once | {r['cantonal_files_at_once_s']} | {r['published']} | {r['failed']} |\n"
            f"| the same onto the published warehouse, read by the dashboard | {r['served_at_once_s']} |"
            f" {r['served_published']} | {r['served_failed']} |\n\n"
            + readers_markdown(r["readers"]))


def readers_markdown(readers: dict) -> str:
    """The dashboard's latency while the 26 wrote: each page's router callback (it reads the warehouse)."""
    every = readers["all"]
    return (f"While they wrote: {readers['clients']} clients replayed each page's router callback on `lmo serve` for"
            f" {readers['seconds']} s, {every['requests']:,} requests, {readers['errors']} failed. p50 / p95 / p99:"
            f" {every['p50_ms']} / {every['p95_ms']} / {every['p99_ms']} ms (target p95 < 300 ms with no failed"
            f" request: {'met' if every['p95_ms'] < 300 and not readers['errors'] else '**missed**'}).\n")


if __name__ == "__main__":
    main()
