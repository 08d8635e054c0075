"""Disclosure control: primary suppression of small cells, secondary suppression against margins."""

import os

import numpy as np
import pandas as pd

from indicators.model import TOTAL

DEFAULT_THRESHOLD = 5
PRIMARY, SECONDARY, FREE = "C", "D", "F"


def min_cell() -> int:
    """The smallest number of persons a published cell may rest on ($LMO_MIN_CELL, default 5)."""
    return int(os.environ.get("LMO_MIN_CELL", DEFAULT_THRESHOLD))


def is_total(code: str) -> bool:
    """`_T`, or a country (ISO alpha-2) standing for the total of its regions."""
    return code == TOTAL or (len(code) == 2 and code.isalpha() and code.isupper())


def _equations(shape: tuple[int, int], total_row: int, total_col: int) -> np.ndarray:
    """One equation per row and column of the table: inner cells minus the margin equal zero."""
    rows, cols = shape
    equations = []
    for i in range(rows):
        eq = np.zeros(shape); eq[i, :] = 1; eq[i, total_col] = -1
        equations.append(eq.ravel())
    for j in range(cols):
        eq = np.zeros(shape); eq[:, j] = 1; eq[total_row, j] = -1
        equations.append(eq.ravel())
    return np.array(equations)


def determined(hidden: np.ndarray, total_row: int, total_col: int) -> list[tuple[int, int]]:
    """Hidden cells whose value follows from the published ones by any linear combination of margins."""
    equations = _equations(hidden.shape, total_row, total_col)[:, hidden.ravel()]
    base = np.linalg.matrix_rank(equations)
    cells = list(zip(*np.nonzero(hidden)))
    out = []
    for k, cell in enumerate(cells):
        probe = np.zeros((1, len(cells))); probe[0, k] = 1
        if np.linalg.matrix_rank(np.vstack([equations, probe])) == base:
            out.append(cell)
    return out


def _hide_cheapest(n: np.ndarray, hidden: np.ndarray, line: tuple, totals: np.ndarray) -> bool:
    """Hide the published cell of a line that costs least: persons first, smallest count, inner cells."""
    free = ~hidden[line]
    if not free.any():
        return False
    cost = np.where(free, n[line] + np.where(n[line] > 0, 0, 1e9) + totals[line] * 1e6, np.inf)
    k = int(np.argmin(cost))
    view = hidden[line]
    view[k] = True
    hidden[line] = view
    return True


def suppress_matrix(n: np.ndarray, hidden: np.ndarray, total_row: int, total_col: int,
                    threshold: int = DEFAULT_THRESHOLD) -> tuple[np.ndarray, np.ndarray]:
    """(primary, secondary) masks for a two-way table of person counts with its margins."""
    primary = (n > 0) & (n < threshold)
    hidden = hidden | primary
    totals = np.zeros_like(n, dtype=bool); totals[total_row, :] = totals[:, total_col] = True
    lines = [(i, slice(None)) for i in range(n.shape[0])] + [(slice(None), j) for j in range(n.shape[1])]
    while True:
        changed = False
        for line in lines:
            if hidden[line].sum() == 1:
                changed |= _hide_cheapest(n, hidden, line, totals)
        if not changed:
            for i, _ in determined(hidden, total_row, total_col)[:1]:
                changed = _hide_cheapest(n, hidden, (i, slice(None)), totals)
        if not changed:
            return primary, hidden & ~primary


def suppress(table: pd.DataFrame, rows: str, cols: str, threshold: int = DEFAULT_THRESHOLD,
             status: pd.Series | None = None) -> pd.Series:
    """conf_status per cell of an additive two-way table in long form (column `n`, totals `_T` or the
    country): C below the threshold, D where needed so that no C cell can be recovered."""
    r_codes, r_idx = np.unique(table[rows].to_numpy(), return_inverse=True)
    c_codes, c_idx = np.unique(table[cols].to_numpy(), return_inverse=True)
    n = np.zeros((len(r_codes), len(c_codes)))
    n[r_idx, c_idx] = table["n"].to_numpy()
    hidden = np.zeros_like(n, dtype=bool)
    if status is not None:
        hidden[r_idx, c_idx] = (status != FREE).to_numpy()
    total_row = [i for i, code in enumerate(r_codes) if is_total(code)]
    total_col = [j for j, code in enumerate(c_codes) if is_total(code)]
    if not total_row or not total_col:
        raise ValueError(f"table {rows} × {cols} has no margin (`_T` or national total)")
    primary, secondary = suppress_matrix(n, hidden, total_row[0], total_col[0], threshold)
    old = status.to_numpy() if status is not None else np.full(len(table), FREE, dtype=object)
    new = np.where(primary[r_idx, c_idx], PRIMARY, np.where(secondary[r_idx, c_idx], SECONDARY, FREE))
    return pd.Series(np.where(old != FREE, old, new), index=table.index)


def protect(frame: pd.DataFrame, tables: list[tuple[str, str]], keys: list[str],
            threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """Suppress over several two-way tables sharing cells (e.g. geo × sex and geo × age), per group of
    `keys` (period, measure...), until every table is safe; withheld values become NaN."""
    out = frame.copy()
    out["conf_status"] = FREE
    dims = [c for pair in tables for c in pair if c not in ("geo",)]
    for _, group in out.groupby(keys, sort=False):
        status = group["conf_status"].copy()
        while True:
            before = status.copy()
            for rows, cols in tables:
                others = [d for d in dims if d not in (rows, cols)]
                part = group[(group[others] == TOTAL).all(axis=1)] if others else group
                status.loc[part.index] = suppress(part, rows, cols, threshold, status.loc[part.index])
            if status.equals(before):
                break
        out.loc[group.index, "conf_status"] = status
    out.loc[out["conf_status"] != FREE, "value"] = np.nan
    return out
