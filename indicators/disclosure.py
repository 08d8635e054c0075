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


def _lines(table: pd.DataFrame, rows: str, cols: str, along: bool = False) -> list:
    """Index sets of every row and column of the table (each includes its total cell); with
    `along`, each paired with the key that varies along the line."""
    lines = [(group.index, cols) for _, group in table.groupby(rows)]
    lines += [(group.index, rows) for _, group in table.groupby(cols)]
    return lines if along else [index for index, _ in lines]


def _equations(table: pd.DataFrame, rows: str, cols: str) -> np.ndarray:
    """One equation per line: the inner cells minus the total cell equal zero."""
    position = {label: i for i, label in enumerate(table.index)}
    equations = []
    for line, other in _lines(table, rows, cols, along=True):
        sub = table.loc[line]
        row = np.zeros(len(table))
        for label, key in zip(sub.index, sub[other]):
            row[position[label]] = -1.0 if key == TOTAL else 1.0
        if (row == -1).sum() == 1 and (row == 1).sum() >= 1:
            equations.append(row)
    return np.array(equations)


def determined(table: pd.DataFrame, rows: str, cols: str, hidden: pd.Series) -> list:
    """Hidden cells whose value follows from the published ones and the additivity of the table."""
    equations = _equations(table, rows, cols)
    if not len(equations):
        return []
    unknown = equations[:, hidden.to_numpy()]
    base = np.linalg.matrix_rank(unknown)
    out = []
    for k, label in enumerate(table.index[hidden.to_numpy()]):
        probe = np.zeros(unknown.shape[1])
        probe[k] = 1.0
        if np.linalg.matrix_rank(np.vstack([unknown, probe])) == base:
            out.append(label)
    return out


def _cheapest(table: pd.DataFrame, line: pd.Index, hidden: pd.Series):
    """The published cell of a line that costs least to hide: smallest count, inner cells first."""
    candidates = table.loc[line][~hidden.loc[line]]
    if candidates.empty:
        return None
    return candidates.assign(zero=candidates["n"] == 0).sort_values(["zero", "n"]).index[0]


def suppress(table: pd.DataFrame, rows: str, cols: str, threshold: int = DEFAULT_THRESHOLD,
             status: pd.Series | None = None) -> pd.Series:
    """conf_status per cell of an additive two-way table (with `_T` totals): C below the threshold,
    D where needed so that no C cell can be recovered by subtraction or any linear combination."""
    status = status.copy() if status is not None else pd.Series(FREE, index=table.index)
    status[(table["n"] > 0) & (table["n"] < threshold)] = PRIMARY
    while True:
        hidden = status != FREE
        changed = False
        for line in _lines(table, rows, cols):
            if hidden.loc[line].sum() == 1:
                extra = _cheapest(table, line, hidden)
                if extra is not None:
                    status[extra], hidden[extra], changed = SECONDARY, True, True
        if not changed:
            for label in determined(table, rows, cols, hidden):
                line = next(line for line in _lines(table, rows, cols) if label in line)
                extra = _cheapest(table, line, hidden)
                if extra is not None:
                    status[extra], changed = SECONDARY, True
                    break
        if not changed:
            return status


def protect(frame: pd.DataFrame, tables: list[tuple[str, str]], keys: list[str],
            threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """Suppress over several two-way tables sharing cells (e.g. geo × sex and geo × age), per group of
    `keys` (period, measure...), until every table is safe; withheld values become NaN."""
    out = frame.copy()
    out["conf_status"] = FREE
    for _, group in out.groupby(keys, sort=False):
        status = group["conf_status"].copy()
        while True:
            before = status.copy()
            for rows, cols in tables:
                others = [c for _, c in tables if c != cols]
                part = group[(group[others] == TOTAL).all(axis=1)] if others else group
                status.loc[part.index] = suppress(part, rows, cols, threshold, status.loc[part.index])
            if status.equals(before):
                break
        out.loc[group.index, "conf_status"] = status
    out.loc[out["conf_status"] != FREE, "value"] = np.nan
    return out
