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
    by_row = np.zeros((rows, rows, cols))
    by_row[np.arange(rows), np.arange(rows), :] = 1
    by_row[np.arange(rows), np.arange(rows), total_col] = -1
    by_col = np.zeros((cols, rows, cols))
    by_col[np.arange(cols), :, np.arange(cols)] = 1
    by_col[np.arange(cols), total_row, np.arange(cols)] = -1
    return np.concatenate([by_row.reshape(rows, -1), by_col.reshape(cols, -1)])


def determined(hidden: np.ndarray, total_row: int, total_col: int) -> list[tuple[int, int]]:
    """Hidden cells whose value follows from the published ones by any linear combination of margins:
    those with a zero component in every vector of the null space of the margin equations."""
    equations = _equations(hidden.shape, total_row, total_col)[:, hidden.ravel()]
    _, singular, vt = np.linalg.svd(equations)
    null = vt[int((singular > 1e-9).sum()):]
    cells = list(zip(*np.nonzero(hidden)))
    return [cells[k] for k in np.flatnonzero((np.abs(null) <= 1e-8).all(axis=0))]


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
    totals = np.zeros_like(n, dtype=bool)
    totals[total_row, :] = totals[:, total_col] = True
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


def suppress_codes(rows: np.ndarray, cols: np.ndarray, n: np.ndarray, old: np.ndarray,
                   threshold: int, totals: tuple[str | None, str | None] = (None, None)) -> np.ndarray:
    """conf_status of the cells of one two-way table given as row codes, column codes and counts; the
    margins are `totals` (row code, column code), or where None the `_T` or country code."""
    r_codes, r_idx = np.unique(rows, return_inverse=True)
    c_codes, c_idx = np.unique(cols, return_inverse=True)
    total_row = [i for i, code in enumerate(r_codes) if (code == totals[0] if totals[0] else is_total(code))]
    total_col = [j for j, code in enumerate(c_codes) if (code == totals[1] if totals[1] else is_total(code))]
    if not total_row or not total_col:
        raise ValueError("a table without margin (`_T` or national total) cannot be protected")
    matrix = np.zeros((len(r_codes), len(c_codes)))
    matrix[r_idx, c_idx] = n
    hidden = np.zeros_like(matrix, dtype=bool)
    hidden[r_idx, c_idx] = old != FREE
    primary, secondary = suppress_matrix(matrix, hidden, total_row[0], total_col[0], threshold)
    new = np.where(primary[r_idx, c_idx], PRIMARY, np.where(secondary[r_idx, c_idx], SECONDARY, FREE))
    return np.where(old != FREE, old, new)


def suppress(table: pd.DataFrame, rows: str, cols: str, threshold: int = DEFAULT_THRESHOLD,
             status: pd.Series | None = None) -> pd.Series:
    """conf_status per cell of an additive two-way table in long form (column `n`, totals `_T` or the
    country): C below the threshold, D where needed so that no C cell can be recovered."""
    old = status.to_numpy(dtype=object) if status is not None else np.full(len(table), FREE, dtype=object)
    new = suppress_codes(table[rows].to_numpy(dtype=object), table[cols].to_numpy(dtype=object),
                          table["n"].to_numpy(dtype=float), old, threshold)
    return pd.Series(new, index=table.index)


def protect(frame: pd.DataFrame, tables: list[tuple[str, str]], keys: list[str],
            threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """Suppress over several two-way tables sharing cells (e.g. geo × sex and geo × age), per group of
    `keys` (period, measure...), until every table is safe; withheld values become NaN."""
    out = frame.reset_index(drop=True)
    dims = [c for c in dict.fromkeys(c for pair in tables for c in pair) if c != "geo"]
    everywhere = np.ones(len(out), dtype=bool)
    parts = [(np.logical_and.reduce([out[d].to_numpy(dtype=object) == TOTAL for d in dims if d not in (rows, cols)]
                                    or [everywhere]), rows, cols, (None, None)) for rows, cols in tables]
    return protect_parts(out, parts, keys, threshold)


def protect_parts(frame: pd.DataFrame, parts: list[tuple], keys: list[str],
                  threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """Like `protect`, the tables given as (rows of the frame in the table, row column, column column,
    margins as for `suppress_codes`); column `n` holds the counts. Withheld values become NaN."""
    out = frame.reset_index(drop=True)
    n = out["n"].to_numpy(dtype=float)
    status = np.full(len(out), FREE, dtype=object)
    codes = {c: out[c].to_numpy(dtype=object) for _, rows, cols, _ in parts for c in (rows, cols)}
    for idx in out.groupby(keys, sort=False).indices.values():
        if not ((n[idx] > 0) & (n[idx] < threshold)).any():
            continue
        while True:
            before = status[idx].copy()
            for in_table, rows, cols, totals in parts:
                part = idx[in_table[idx]]
                if len(part):
                    status[part] = suppress_codes(codes[rows][part], codes[cols][part], n[part], status[part],
                                                  threshold, totals)
            if (status[idx] == before).all():
                break
    out["conf_status"] = status
    out.loc[out["conf_status"] != FREE, "value"] = np.nan
    return out
