"""Calibration of the synthetic register: target stocks per geo and month, and the inflows that produce them."""

import json

import numpy as np

from indicators.codelists import region_names
from kernel.settings import DATA_DIR

BULLETIN = DATA_DIR / "seco" / "labour.json"
U_GRID = (np.arange(16) + 0.5) / 16  # registration day within its month, as a share of the month


def months(cfg: dict) -> np.ndarray:
    """Burn-in months then the calibration window, as datetime64[M]."""
    first, last = np.datetime64(cfg["window"]["first"], "M"), np.datetime64(cfg["window"]["last"], "M")
    return np.arange(first - cfg["window"]["burn_in_months"], last + 1)


def targets(country: str, cfg: dict) -> tuple[list[str], np.ndarray]:
    """Geos and their relative stock of registered unemployed in each window month.

    Switzerland: the SECO bulletin's canton figures; elsewhere one national series with a mild
    seasonal cycle (no public register to calibrate on), shared equally by the country's regions
    (data/codelists/regions.csv) for `calibration: regions`."""
    window = months(cfg)[cfg["window"]["burn_in_months"]:]
    if cfg["countries"][country]["calibration"] == "seco":
        bulletin = json.loads(BULLETIN.read_text(encoding="utf-8"))
        wanted = [str(m) for m in window]
        geos = [f"CH-{c['code']}" for c in bulletin["cantons"]]
        by_period = [{m["period"]: m["unemployed"] for m in c["months"]} for c in bulletin["cantons"]]
        return geos, np.array([[float(p[m]) for m in wanted] for p in by_period])
    month_of_year = window.astype(int) % 12
    seasonal = (1.0 + 0.04 * np.cos(2 * np.pi * month_of_year / 12))[None, :]
    if cfg["countries"][country]["calibration"] == "regions":  # equal stocks in each first-level region
        geos = sorted(region_names(country))
        return geos, np.repeat(seasonal / len(geos), len(geos), axis=0)
    return [country], seasonal


def month_bounds(all_months: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First day and number of days of each month."""
    start = all_months.astype("datetime64[D]")
    return start, ((all_months + 1).astype("datetime64[D]") - start).astype(int)


def still_registered(durations: np.ndarray, all_months: np.ndarray) -> np.ndarray:
    """A[k, m]: probability that a spell registered in month k is still open at the end of month m."""
    ordered = np.sort(durations)
    start, length = month_bounds(all_months)
    end = (start + length).astype(int)  # day after month end, as day numbers
    gap = end[None, :, None] - (start.astype(int)[:, None, None] + U_GRID[None, None, :] * length[:, None, None])
    open_share = 1.0 - np.searchsorted(ordered, gap, side="right") / len(ordered)
    return np.triu(open_share.mean(axis=2))


def inflows(target: np.ndarray, survival: np.ndarray, burn_in: int) -> np.ndarray:
    """Monthly inflows (burn-in constant, then solved month by month) whose expected stock hits target."""
    total = len(survival)
    flows = np.zeros(total)
    flows[:burn_in] = target[0] / survival[: burn_in + 1, burn_in].sum()
    for m in range(burn_in, total):
        carried = flows[:m] @ survival[:m, m]
        flows[m] = max(0.0, (target[m - burn_in] - carried) / survival[m, m])
    return flows
