"""Scaling exponents and the markdown summary of a benchmark run, every figure beside its target."""

import math

import numpy as np

TARGET_FLOOR_RATIO = 2.0
TARGET_PANDAS_RATIO = 10.0
TARGET_RSS_MB = 4096
TARGET_INCREMENTAL = 0.10
TARGET_P95_MS = 100
TARGET_RENDER_MS = 2000


def slope(rows: list[int], seconds: list[float | None]) -> float | None:
    """Exponent k of seconds ∝ rows^k, least squares on log-log (None with fewer than two points)."""
    points = [(math.log(r), math.log(s)) for r, s in zip(rows, seconds) if s]
    if len(points) < 2:
        return None
    x, y = np.array(points).T
    return round(float(np.polyfit(x, y, 1)[0]), 2)


def scaling(records: list[dict]) -> dict:
    rows = [r["rows"] for r in records]
    return {key: slope(rows, [r[f"{key}_seconds"] for r in records]) for key in ("lmo", "floor", "pandas")}


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**missed**")


def fmt(value, unit="") -> str:
    if value is None:
        return "—"
    return f"{value:,.2f}{unit}" if isinstance(value, float) else f"{value:,}{unit}"


def register_table(records: list[dict]) -> list[str]:
    lines = ["| rows | LMO s | scan floor s | pandas s | LMO ÷ floor (≤ 2) | pandas ÷ LMO (≥ 10) | "
             "LMO peak RSS MB (< 4096) | pandas peak RSS MB |", "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in records:
        pandas = fmt(r["pandas_seconds"]) if r["pandas_seconds"] else f"stopped: {r['pandas_stopped']}"
        faster = fmt(r["pandas_vs_lmo"]) if r["pandas_vs_lmo"] else f"> {fmt(r.get('pandas_vs_lmo_at_least'))}"
        lines.append(f"| {r['rows']:,} | {fmt(r['lmo_seconds'])} | {fmt(r['floor_seconds'])} | {pandas} | "
                     f"{fmt(r['lmo_vs_floor'])} | {faster} | {fmt(r['peak_rss_mb'])} | "
                     f"{fmt(r['pandas_peak_rss_mb'])} |")
    return lines


def validation_table(records: list[dict]) -> list[str]:
    steps = [("validate_duckdb", "checks in DuckDB SQL"), ("validate_pandera_polars", "pandera, polars backend"),
             ("validate_pandera_pandas", "pandera, pandas backend")]
    lines = ["| rows | " + " | ".join(f"{label} s (RSS MB)" for _, label in steps) + " |",
             "|---:|" + "---:|" * len(steps)]
    for r in records:
        cells = []
        for step, _ in steps:
            v = r["validation"][step]
            cells.append(v["stopped"] if "stopped" in v else f"{v['seconds']:.2f} ({v['peak_rss_mb']:,.0f})")
        lines.append(f"| {r['rows']:,} | " + " | ".join(cells) + " |")
    return lines


def dashboard_table(dash: dict) -> list[str]:
    lines = ["| callback request | alone p50 / p95 / p99 ms | 20 clients + materialization p50 / p95 / p99 ms | "
             "p95 < 100 ms alone | under load |", "|---|---:|---:|---|---|"]
    for name, alone in dash["alone"]["callbacks"].items():
        loaded = dash["under_load"]["callbacks"].get(name, {})
        cell = lambda s: f"{s['p50_ms']} / {s['p95_ms']} / {s['p99_ms']}" if s.get("requests") else "—"  # noqa: E731
        lines.append(f"| {name} | {cell(alone)} | {cell(loaded)} | {verdict(alone.get('p95_ms', 1e9) < TARGET_P95_MS)} | "
                     f"{verdict(loaded.get('p95_ms', 1e9) < TARGET_P95_MS)} |")
    return lines


def render_table(dash: dict) -> list[str]:
    lines = ["| page | rendered p50 / p95 / max ms | its callbacks in the browser p50 / p95 / max ms | "
             "render < 2 s |", "|---|---:|---:|---|"]
    for page, render in dash["render_ms"].items():
        server = dash["browser_callbacks_ms"].get(page, {})
        cell = lambda s: f"{s['p50_ms']} / {s['p95_ms']} / {s['max_ms']}" if s.get("requests") else "—"  # noqa: E731
        lines.append(f"| {page} | {cell(render)} | {cell(server)} | {verdict(render['p95_ms'] < TARGET_RENDER_MS)} |")
    return lines


def dashboard_targets(dash: dict) -> list[tuple]:
    worst_p95 = max((c.get("p95_ms", 0) for c in dash["alone"]["callbacks"].values()), default=None)
    worst_render = max((r["p95_ms"] for r in dash["render_ms"].values()), default=None)
    return [("dashboard callbacks p95 < 100 ms (worst callback request, alone)", fmt(worst_p95, " ms"),
             verdict(worst_p95 < TARGET_P95_MS if worst_p95 is not None else None)),
            ("dashboard page rendered < 2 s (worst page p95, Chromium)", fmt(worst_render, " ms"),
             verdict(worst_render < TARGET_RENDER_MS if worst_render is not None else None))]


def target_table(rows: list[tuple]) -> list[str]:
    return ["| target (at the largest size) | measured | |", "|---|---:|---|",
            *[f"| {a} | {b} | {c} |" for a, b, c in rows]]


def targets(result: dict) -> list[str]:
    big = max(result["register"], key=lambda r: r["rows"])
    inc = result["incremental"]
    rss = [big["peak_rss_mb"], inc.get("full_peak_rss_mb"), inc.get("month_peak_rss_mb"),
           result["pipeline"].get("peak_rss_mb")]
    faster = big["pandas_vs_lmo"] or big.get("pandas_vs_lmo_at_least")
    rows = [
        ("register indicators within 2× the scan floor", fmt(big["lmo_vs_floor"], "×"),
         verdict(big["lmo_vs_floor"] <= TARGET_FLOOR_RATIO if big["lmo_vs_floor"] else None)),
        ("at least 10× faster than pandas", ("" if big["pandas_vs_lmo"] else "> ") + fmt(faster, "×"),
         verdict(faster >= TARGET_PANDAS_RATIO if faster else None)),
        ("peak RSS of every LMO step < 4 GB", fmt(max(v for v in rss if v), " MB"),
         verdict(max(v for v in rss if v) < TARGET_RSS_MB)),
        ("incremental month ≤ 10 % of a full run: the month's work", fmt(inc.get("month_work_vs_full") and
                                                                      100 * inc["month_work_vs_full"], " %"),
         verdict(inc["month_work_vs_full"] <= TARGET_INCREMENTAL if inc.get("month_work_vs_full") else None)),
        ("… the same month as a Dagster partition run (with Dagster's fixed run overhead)",
         fmt(inc.get("month_vs_full") and 100 * inc["month_vs_full"], " %"),
         verdict(inc["month_vs_full"] <= TARGET_INCREMENTAL if inc.get("month_vs_full") else None)),
        *dashboard_targets(result["dashboard"]),
    ]
    return target_table(rows)


def markdown(result: dict) -> str:
    m, inc, pipe, scale = result["machine"], result["incremental"], result["pipeline"], result["scaling"]
    big = max(result["register"], key=lambda r: r["rows"])
    return "\n".join([
        f"# LMO benchmarks, {result['date']}",
        "",
        f"Machine: {m['cores']} cores, {m['ram_gb']} GB RAM, {m['cpu_model']}; {m['os']}; Python {m['python']}. "
        f"Load average (1/5/15 min) {fmt_load(m['load_average_start'])} at the start, "
        f"{fmt_load(m['load_average_end'])} at the end — other work on the machine slows every figure alike. "
        "Versions: " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()) + ".",
        f"Whole run (`make bench`): {result['total_seconds'] / 60:.1f} min (target < 30 min).",
        "",
        "## Targets",
        "",
        *targets(result),
        "",
        "## Register indicators at scale",
        "",
        "Person-months of a SYNTHETIC register: `lmo synth --person-months N --format parquet` (CH, "
        "calibrated on SECO's figures) whose spells `bench/synth.py` expands to one row per month covered. "
        "Every indicator — jobseekers, registered unemployed, long-term unemployed and "
        "their share, inflows, outflows, outflows to employment — by month × canton (and CH) × sex (and "
        "total) × age group (and total). **LMO**: `indicators/person_months.py` (DuckDB SQL on the Parquet, "
        "median of 3 fresh processes). **pandas**: `bench/pandas_way.py`, the way a typical observatory "
        "script does it (read the Parquet, derive flags, one `groupby` per breakdown combination). "
        "**Scan floor**: one DuckDB scan decoding every column the indicators read (median of 3). "
        "Peak RSS is each process's high-water mark (VmHWM), interpreter and libraries included.",
        "",
        *register_table(result["register"]),
        "",
        f"Growth with size (log-log slope, seconds ∝ rows^k): LMO k = {fmt(scale['lmo'])}, scan floor "
        f"k = {fmt(scale['floor'])}, pandas k = {fmt(scale['pandas'])}. At {big['rows']:,} rows LMO writes "
        f"{fmt(big['indicator_rows'])} indicator values.",
        "",
        "## Validation of the person-months",
        "",
        "Same rules three ways (`bench/validation.py`): codes (canton, sex, exit reason), dates consistent "
        "with the month and each other, required fields. Seconds (peak RSS MB).",
        "",
        *validation_table(result["register"]),
        "",
        "## Incremental month",
        "",
        f"Person-months of {big['rows']:,} rows plus one new month ({inc['new_month_rows']:,} rows). Full: every "
        f"month recomputed in one DuckDB pass into Parquet ({fmt(inc['full_seconds'])} s, "
        f"{fmt(inc['full_peak_rss_mb'])} MB). New month: the Dagster partition of "
        f"`pipelines/register_partitions.py` for {inc['new_month']} materialized in process ({fmt(inc['month_seconds'])} s, "
        f"{fmt(inc['month_peak_rss_mb'])} MB, Python start-up excluded, Dagster's run overhead included) = "
        f"{fmt(inc['month_vs_full'] and 100 * inc['month_vs_full'])} % of the full run; the same month's work "
        f"without Dagster around it (`bench/incremental.py` `month_work`: read, aggregate, write its Parquet) "
        f"{fmt(inc.get('month_work_seconds'))} s = {fmt(inc.get('month_work_vs_full') and 100 * inc['month_work_vs_full'])} %"
        f". Dagster's run around it (instance, event log, executor) adds "
        f"{fmt(inc.get('month_seconds') and inc.get('month_work_seconds') and inc['month_seconds'] - inc['month_work_seconds'])}"
        " s whatever the data size. Partitions "
        f"materialized: {inc['partitions_materialized']}; months left untouched: {inc['months_untouched']} of "
        f"{inc['months_before']}.",
        "",
        *pipeline_and_dashboard(result),
    ])


def pipeline_and_dashboard(result: dict) -> list[str]:
    pipe, dash = result["pipeline"], result["dashboard"]
    return [
        "## Pipeline on the embedded data",
        "",
        f"`pipelines.run.run_all` (every asset, raw → core → mart → published copy): "
        f"{fmt(pipe.get('seconds'))} s, peak RSS {fmt(pipe.get('peak_rss_mb'))} MB, "
        f"{fmt(pipe.get('rows_out'))} indicator values.",
        "",
        "## Dashboard: pages in Chromium",
        "",
        "`lmo serve` on 127.0.0.1; each page opened 10 times in headless Chromium after a warm-up "
        "(`bench/dashboard_browser.py`). Rendered: time from navigation to the page's last DOM change (every "
        "callback answered and every chart drawn). Callbacks: the server's time to first byte of each "
        "`/_dash-update-component` request the page sent (Resource Timing).",
        "",
        *render_table(dash),
        "",
        "## Dashboard: callback requests replayed",
        "",
        "The request bodies the pages sent in Chromium, posted to Dash's `/_dash-update-component` "
        f"(`bench/dashboard_load.py`). Alone: one client, {dash['alone']['seconds']} s. "
        f"Loaded: {dash['load']}, {dash['under_load']['seconds']} s, {dash['under_load']['errors']} failed requests.",
        "",
        *dashboard_table(dash),
        "",
    ]


def dashboard_markdown(result: dict) -> str:
    """The summary of `python -m bench.run dashboard`: the pipeline and the dashboard only."""
    m = result["machine"]
    return "\n".join([
        f"# LMO dashboard benchmark, {result['date']}",
        "",
        f"Machine: {m['cores']} cores, {m['ram_gb']} GB RAM, {m['cpu_model']}; Python {m['python']}. Load average "
        f"{fmt_load(m['load_average_start'])} at the start, {fmt_load(m['load_average_end'])} at the end.",
        "",
        *target_table(dashboard_targets(result["dashboard"])),
        "",
        *pipeline_and_dashboard(result),
    ])


def fmt_load(load) -> str:
    return " / ".join(f"{x:.1f}" for x in load)
