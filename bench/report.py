"""Scaling exponents and the markdown summary of a benchmark run, every figure beside its target."""

import math

import numpy as np

TARGET_FLOOR_RATIO = 2.0
TARGET_PANDAS_RATIO = 10.0
TARGET_RSS_MB = 4096
TARGET_INCREMENTAL = 0.10
TARGET_LOADED_P95_MS = 300
TARGET_P95_MS = 100
TARGET_RENDER_MS = 2000
TARGET_PIPELINE_S = 10.0


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
    lines = ["| person-months (spells) | LMO s | scan floor s | pandas s | LMO ÷ floor (≤ 2) | pandas ÷ LMO (≥ 10) | "
             "LMO peak RSS MB (< 4096) | pandas peak RSS MB |", "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in records:
        pandas = fmt(r["pandas_seconds"]) if r["pandas_seconds"] else f"stopped: {r['pandas_stopped']}"
        faster = fmt(r["pandas_vs_lmo"]) if r["pandas_vs_lmo"] else f"> {fmt(r.get('pandas_vs_lmo_at_least'))}"
        lines.append(f"| {r['rows']:,} ({r['spells']:,}) | {fmt(r['lmo_seconds'])} | {fmt(r['floor_seconds'])} | {pandas} | "
                     f"{fmt(r['lmo_vs_floor'])} | {faster} | {fmt(r['peak_rss_mb'])} | "
                     f"{fmt(r['pandas_peak_rss_mb'])} |")
    return lines


def validation_table(records: list[dict]) -> list[str]:
    steps = [("validate_floor", "scan floor"), ("validate_duckdb", "checks in DuckDB SQL"),
             ("validate_pandera_polars", "pandera, polars backend"),
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
             verdict(worst_render < TARGET_RENDER_MS if worst_render is not None else None)),
            *under_load_targets(dash["under_load"])]


def under_load_targets(loaded: dict) -> list[tuple]:
    """Issue 14: with 20 clients while the pipeline rewrites the warehouse, no failed request, p95 < 300 ms."""
    p95 = loaded.get("all", {}).get("p95_ms")
    worst = max((c.get("p95_ms", 0) for c in loaded["callbacks"].values()), default=None)
    return [("20 clients during a materialization: callbacks p95 < 300 ms (all requests)", fmt(p95, " ms"),
             verdict(p95 < TARGET_LOADED_P95_MS if p95 is not None else None)),
            ("the same, worst callback's p95", fmt(worst, " ms"),
             verdict(worst < TARGET_LOADED_P95_MS if worst is not None else None)),
            ("20 clients during a materialization: no failed request", fmt(loaded["errors"]),
             verdict(loaded["errors"] == 0))]


def target_table(rows: list[tuple]) -> list[str]:
    return ["| target (at the largest size) | measured | |", "|---|---:|---|",
            *[f"| {a} | {b} | {c} |" for a, b, c in rows]]


def validation_ratio(record: dict) -> float | None:
    v = record["validation"]
    ok = all("stopped" not in v[k] for k in ("validate_duckdb", "validate_floor"))
    return round(v["validate_duckdb"]["seconds"] / v["validate_floor"]["seconds"], 2) if ok else None


def pipeline_targets(result: dict) -> list[tuple]:
    pipe, ingest = result["pipeline"], result["ingest_month"]
    share = ingest.get("seconds") and pipe.get("seconds") and ingest["seconds"] / pipe["seconds"]
    return [("`lmo run` on the embedded data ≤ 10 s (`run_all`, every asset)", fmt(pipe.get("seconds"), " s"),
             verdict(pipe["seconds"] <= TARGET_PIPELINE_S if pipe.get("seconds") else None)),
            ("one monthly file ingested to published ≤ 10 % of a full run", fmt(share and 100 * share, " %"),
             verdict(share <= TARGET_INCREMENTAL if share else None))]


def targets(result: dict) -> list[str]:
    big = max(result["register"], key=lambda r: r["rows"])
    inc = result["incremental"]
    rss = [big["peak_rss_mb"], inc.get("full_peak_rss_mb"), inc.get("month_peak_rss_mb"),
           result["pipeline"].get("peak_rss_mb")]
    faster = big["pandas_vs_lmo"] or big.get("pandas_vs_lmo_at_least")
    checked = validation_ratio(big)
    rows = [
        ("register indicators (disclosure control included) within 2× the scan floor", fmt(big["lmo_vs_floor"], "×"),
         verdict(big["lmo_vs_floor"] <= TARGET_FLOOR_RATIO if big["lmo_vs_floor"] else None)),
        ("at least 10× faster than pandas", ("" if big["pandas_vs_lmo"] else "> ") + fmt(faster, "×"),
         verdict(faster >= TARGET_PANDAS_RATIO if faster else None)),
        ("peak RSS of every LMO step < 4 GB", fmt(max(v for v in rss if v), " MB"),
         verdict(max(v for v in rss if v) < TARGET_RSS_MB)),
        (f"validation of {big['rows']:,} person-months (DuckDB SQL) within 2× its scan floor", fmt(checked, "×"),
         verdict(checked <= TARGET_FLOOR_RATIO if checked else None)),
        ("register: one month's partition ≤ 10 % of all months: the month's work",
         fmt(inc.get("month_work_vs_full") and 100 * inc["month_work_vs_full"], " %"),
         verdict(inc["month_work_vs_full"] <= TARGET_INCREMENTAL if inc.get("month_work_vs_full") else None)),
        ("… the same month as a Dagster partition run (with Dagster's fixed run overhead)",
         fmt(inc.get("month_vs_full") and 100 * inc["month_vs_full"], " %"),
         verdict(inc["month_vs_full"] <= TARGET_INCREMENTAL if inc.get("month_vs_full") else None)),
        *pipeline_targets(result),
        *(dashboard_targets(result["dashboard"]) if "dashboard" in result else []),
    ]
    return target_table(rows)


def markdown(result: dict) -> str:
    m, inc, scale = result["machine"], result["incremental"], result["scaling"]
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
        "A SYNTHETIC register in the exchange format: `lmo synth --person-months N --format parquet` (CH, "
        "calibrated on SECO's figures; spells.parquet and vacancies.parquet). **LMO**: the pipeline's own "
        "`indicators.register.observations` — the same function the `register_indicators` asset and the "
        "partitioned path call — on those files: stocks, flows, durations, re-registrations, vacancies by "
        "month × canton (and CH) × sex × age group, disclosure control (`indicators.disclosure.protect`), "
        "rates, the notification lists, the observation schema check (median of 3 fresh processes). "
        "**pandas**: `bench/pandas_way.py`, the way a typical observatory script does it (spells expanded to one "
        "row per person and month, flags, one `groupby` per breakdown; the six stock and flow counts only, "
        "no disclosure control — checked equal to LMO's counts in `tests/test_register_partitions.py`). "
        "**Scan floor**: one DuckDB scan decoding every column LMO reads from the two files (median of 3). "
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
        "The spells expanded to one row per person and month (`bench/sql/spells_to_person_months.sql`); the same "
        "rules three ways (`bench/validation.py`): codes (canton, sex, exit reason), dates consistent "
        "with the month and each other, required fields; the floor is one scan decoding every column. "
        "Seconds (peak RSS MB).",
        "",
        *validation_table(result["register"]),
        "",
        "## Incremental month",
        "",
        f"The register of {big['rows']:,} person-months as Parquet under `spells/country=CH/`. Full: every "
        f"month's observations computed in one pass and written partitioned by month ({fmt(inc['full_seconds'])} s, "
        f"{fmt(inc['full_peak_rss_mb'])} MB). One month: the Dagster partition of "
        f"`pipelines/register_partitions.py` for the last month, {inc['new_month']}, materialized in process "
        f"({fmt(inc['month_seconds'])} s, "
        f"{fmt(inc['month_peak_rss_mb'])} MB, Python start-up excluded, Dagster's run overhead included) = "
        f"{fmt(inc['month_vs_full'] and 100 * inc['month_vs_full'])} % of the full run; the same month's work "
        f"without Dagster around it (`bench/incremental.py` `month_work`: read, aggregate, write its Parquet) "
        f"{fmt(inc.get('month_work_seconds'))} s = {fmt(inc.get('month_work_vs_full') and 100 * inc['month_work_vs_full'])} %"
        f". Dagster's run around it (instance, event log, executor) adds "
        f"{fmt(inc.get('month_seconds') and inc.get('month_work_seconds') and inc['month_seconds'] - inc['month_work_seconds'])}"
        " s whatever the data size. Partitions "
        f"materialized: {inc['partitions_materialized']}; month files left untouched: {inc['months_untouched']} of "
        f"{inc['months_before']}.",
        "",
        *pipeline_and_dashboard(result),
    ])


def pipeline_and_dashboard(result: dict) -> list[str]:
    pipe, ingest = result["pipeline"], result["ingest_month"]
    lines = [
        "## Pipeline on the embedded data",
        "",
        f"`pipelines.run.run_all` (every asset, raw → core → mart → published copy): "
        f"{fmt(pipe.get('seconds'))} s, peak RSS {fmt(pipe.get('peak_rss_mb'))} MB, "
        f"{fmt(pipe.get('rows_out'))} indicator values. One monthly file (one month of one SECO measure per "
        "canton as `observations-csv`, a new dataset) loaded into a copy of that warehouse with "
        f"`pipelines.run.run_ingest` (the ingest job `lmo ingest` and the inbox sensor run), to published: "
        f"{fmt(ingest.get('seconds'))} s, peak RSS {fmt(ingest.get('peak_rss_mb'))} MB"
        f"{'; stopped: ' + ingest['stopped'] if 'stopped' in ingest else ''}.",
        "",
    ]
    return lines + (dashboard_sections(result["dashboard"]) if "dashboard" in result else
                    ["The dashboard was not measured in this run (`python -m bench.run register`).", ""])


def dashboard_sections(dash: dict) -> list[str]:
    return [
        "## Dashboard: pages in Chromium",
        "",
        f"`lmo serve` ({dash.get('server', 'Flask development server')}) on 127.0.0.1; "
        "each page opened 10 times in headless Chromium after a warm-up "
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
        f"Loaded: {dash['load']}, {dash['under_load']['seconds']} s, {dash['under_load']['errors']} failed requests,"
        f" {dash['under_load'].get('publications_swapped', '?')} new publications swapped in meanwhile (at least: the"
        " last 3 are kept).",
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
