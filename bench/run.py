"""`make bench`: every benchmark in one run; writes bench/results/<date>.json and <date>.md.
`python -m bench.run dashboard` (`make bench-dashboard`): the pipeline and the dashboard only, <date>-dashboard.*."""

import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from bench import dashboard_load, incremental, report, synth
from bench.machine import machine
from bench.measure import run_step
from kernel.settings import publication_dir, publication_status

HERE = Path(__file__).parent
WORK = HERE / "work"
RESULTS = HERE / "results"
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "1000000,10000000,50000000").split(",")]
CAP_MB = float(os.environ.get("BENCH_MEMORY_CAP_MB", 16000))  # a child above this is stopped
PANDERA_PANDAS_MAX_ROWS = 10_000_000  # measured 10 M: ~3 GB, ~45 s; 50 M projects to ~15 GB
REPEATS = 3
LOADED_SECONDS = float(os.environ.get("BENCH_LOADED_SECONDS", 240))  # 20 clients: spans whole warehouse rewrites


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def best(step: str, path: str, repeats: int = REPEATS) -> dict:
    """Median seconds of `repeats` runs in fresh processes; the highest peak RSS seen."""
    runs = [run_step(step, path, CAP_MB, 900) for _ in range(repeats)]
    if any("stopped" in r for r in runs):
        return next(r for r in runs if "stopped" in r)
    return {**runs[0], "seconds": statistics.median(r["seconds"] for r in runs),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in runs), "repeats": repeats}


def ratio(a, b):
    return round(a / b, 2) if a and b else None


def register_size(person_months: int) -> dict:
    folder = WORK / f"register-{person_months}"
    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    rows = synth.register(folder, person_months)
    generated = round(time.perf_counter() - start, 1)
    log(f"{rows['person_months']:,} person-months ({rows['spells']:,} spells, {rows['vacancies']:,} vacancies) "
        f"written in {generated} s; timing floor, LMO, pandas")
    floor, lmo = best("floor", str(folder)), best("lmo", str(folder))
    pandas = run_step("pandas", str(folder), CAP_MB, 900)
    record = {"rows": rows["person_months"], "spells": rows["spells"], "vacancies": rows["vacancies"],
              "generate_seconds": generated,
              "lmo_seconds": lmo.get("seconds"), "pandas_seconds": pandas.get("seconds") if "stopped" not in pandas else None,
              "floor_seconds": floor.get("seconds"), "peak_rss_mb": lmo.get("peak_rss_mb"),
              "pandas_peak_rss_mb": pandas.get("peak_rss_mb"), "floor_peak_rss_mb": floor.get("peak_rss_mb"),
              "indicator_rows": lmo.get("rows_out"), "pandas_stopped": pandas.get("stopped"),
              "lmo_stopped": lmo.get("stopped")}
    record["lmo_vs_floor"] = ratio(record["lmo_seconds"], record["floor_seconds"])
    record["pandas_vs_lmo"] = ratio(record["pandas_seconds"], record["lmo_seconds"])
    if "stopped" in pandas and pandas.get("seconds"):  # stopped: what it had used is a lower bound
        record["pandas_vs_lmo_at_least"] = ratio(pandas["seconds"], record["lmo_seconds"])
    path = folder / "person-months.parquet"
    log(f"validation of the {synth.person_months(folder / 'spells.parquet', path):,} person-months")
    record["validation"] = validation(path, rows["person_months"])
    path.unlink()
    return record


def validation(path: Path, rows: int) -> dict:
    results = {}
    for step in ("validate_floor", "validate_duckdb", "validate_pandera_polars", "validate_pandera_pandas"):
        if step == "validate_pandera_pandas" and rows > PANDERA_PANDAS_MAX_ROWS:
            results[step] = {"stopped": f"skipped above {PANDERA_PANDAS_MAX_ROWS:,} rows (10 M measured ~3 GB, ~45 s)"}
            continue
        results[step] = run_step(step, str(path), CAP_MB, 900)
    return results


def pipeline_and_dashboard() -> dict:
    folder = WORK / "pipeline"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    db = folder / "warehouse.duckdb"
    log("full materialization of the embedded data")
    full = run_step("pipeline", str(db), CAP_MB, 900)
    log("one monthly file ingested to published")
    ingest = ingest_month(db, folder)
    if sys.argv[1:] == ["register"]:
        return {"pipeline": full, "ingest_month": ingest}
    log("dashboard latency, alone then under 20 clients during a materialization")
    return {"pipeline": full, "ingest_month": ingest, "dashboard": dashboard(db)}


def ingest_month(db: Path, folder: Path) -> dict:
    """A cantonal office's monthly file (one month of counts per canton, observations-csv) loaded into a
    copy of the fully materialized warehouse, to published, against the full run."""
    copy, path = folder / "ingest.duckdb", folder / "monthly.csv"
    shutil.copy(db, copy)
    latest = ("FROM core.observations WHERE dataset = 'seco_bulletin' AND sex = '_T' AND age = '_T' "
              "AND adjustment = 'NSA' AND length(period) = 7")
    with duckdb.connect(str(copy), read_only=True) as con:
        con.execute(f"COPY (SELECT 'bench_monthly' AS dataset, geo, period, measure, value, unit, "
                    f"'a monthly file (bench)' AS source {latest} AND period = (SELECT max(period) {latest}) "
                    f"AND measure = (SELECT min(measure) {latest})) TO '{path}' (HEADER)")
    return run_step("ingest_month", str(copy), CAP_MB, 900, str(path))


def publications_since(db: Path, before: str | None) -> int:
    """Publications swapped in after `before` (their names are their times; the last few are kept)."""
    return sum(p.name > (before or "") for p in publication_dir(db).glob("*.duckdb"))


def dashboard(db: Path) -> dict:
    """Every page opened in Chromium (render time, the callbacks it sends), then those requests replayed."""
    from bench.dashboard_browser import open_pages
    from bench.dashboard_serve import page_paths, served

    with served(db) as base:
        pages = open_pages(base, page_paths(), loads=10)
        bodies = pages.pop("bodies")
        dashboard_load.load(base, bodies, clients=1, rounds=3, time_limit=30)  # warm-up
        alone = dashboard_load.load(base, bodies, clients=1, rounds=30, time_limit=300)
        materializing = subprocess.Popen([sys.executable, "-m", "bench.materialize_loop", str(db)],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        before = publication_status(db).get("file")
        try:  # long enough for whole rewrites of the warehouse and the swap of their publications
            loaded = dashboard_load.load(base, bodies, clients=20, rounds=100_000, time_limit=LOADED_SECONDS)
        finally:  # mid-run: a load is all or nothing whatever kills it, and this warehouse is the benchmark's own
            materializing.kill()
            materializing.wait(timeout=60)
        loaded["publications_swapped"] = publications_since(db, before)
    from dashboard.server import THREADS, WORKERS
    return {**pages, "alone": alone, "under_load": loaded, "server": f"gunicorn, {WORKERS} workers × {THREADS} threads",
            "load": "20 concurrent clients on 127.0.0.1 while `run_all` rewrites the same warehouse in a loop (every dataset"
                    " marked changed, the whole mart recomputed and a new publication swapped in each round)"}


def main() -> None:
    """`bench.run` everything; `bench.run dashboard` the pipeline and the dashboard; `bench.run register`
    everything but the dashboard (what a shared machine can measure without a browser)."""
    started = time.perf_counter()
    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    result = {"date": dt.date.today().isoformat(), "machine": machine()}
    result.update(pipeline_and_dashboard())
    if sys.argv[1:] == ["dashboard"]:
        write(result, RESULTS / f"{result['date']}-dashboard", report.dashboard_markdown, started)
        return
    result["register"] = [register_size(rows) for rows in SIZES]
    log("incremental month against a full recompute")
    result["incremental"] = incremental.run(WORK / f"register-{max(SIZES)}", WORK, CAP_MB)
    result["scaling"] = report.scaling(result["register"])
    write(result, RESULTS / result["date"], report.markdown, started)


def write(result: dict, stem: Path, markdown, started: float) -> None:
    result["machine"]["load_average_end"] = os.getloadavg()
    result["total_seconds"] = round(time.perf_counter() - started, 1)
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2, default=float) + "\n")
    stem.with_suffix(".md").write_text(markdown(result))
    log(f"wrote {stem}.json and {stem}.md in {result['total_seconds']} s")


if __name__ == "__main__":
    main()
