"""Check a user's table and turn it into arrays: treatment, outcome, covariate matrix."""

from dataclasses import dataclass

import numpy as np
import pandas as pd


class EvaluationError(ValueError):
    """A problem with the data or the request, worded for the user."""


@dataclass(frozen=True)
class Design:
    treated: np.ndarray   # bool, one per unit
    outcome: np.ndarray   # float
    covariates: pd.DataFrame  # numeric, categoricals one-hot encoded (first level dropped)
    baseline: np.ndarray | None = None  # pre-programme outcome, for difference in differences


def _require_columns(frame: pd.DataFrame, columns: list[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise EvaluationError(f"column(s) not in the data: {', '.join(missing)}"
                              f" (columns: {', '.join(map(str, frame.columns[:20]))})")


def _treatment(column: pd.Series) -> np.ndarray:
    values = column.map(lambda v: {"true": 1, "false": 0}.get(v.lower(), v) if isinstance(v, str) else v)
    numeric = pd.to_numeric(values, errors="coerce")
    levels = set(numeric.dropna().unique())
    if numeric.isna().any() or not levels <= {0, 1}:
        shown = sorted(map(str, column.dropna().unique()))[:5]
        raise EvaluationError(f"treatment column {column.name!r} must be binary 0/1 (found {', '.join(shown)})")
    treated = numeric.to_numpy() == 1
    if not treated.any():
        raise EvaluationError(f"no treated units ({column.name} = 1)")
    if treated.all():
        raise EvaluationError(f"no control units ({column.name} = 0)")
    return treated


def _numeric(column: pd.Series, role: str) -> np.ndarray:
    values = pd.to_numeric(column.map(lambda v: float(v) if isinstance(v, bool) else v), errors="coerce")
    if values.isna().any():
        raise EvaluationError(f"{role} column {column.name!r} must be numeric (or true/false)")
    return values.to_numpy(dtype=float)


def covariate_matrix(frame: pd.DataFrame, covariates: list[str]) -> pd.DataFrame:
    """Numeric covariates as they are; text, category and bool columns one-hot encoded."""
    parts = []
    for name in covariates:
        column = frame[name]
        if pd.api.types.is_bool_dtype(column):
            parts.append(column.astype(float).rename(name))
        elif pd.api.types.is_numeric_dtype(column):
            parts.append(column.astype(float))
        else:
            parts.append(pd.get_dummies(column.astype(str), prefix=name, prefix_sep="=",
                                        drop_first=True, dtype=float))
    matrix = pd.concat(parts, axis=1)
    constant = [c for c in matrix.columns if matrix[c].nunique() <= 1]
    return matrix.drop(columns=constant)


def prepare(frame: pd.DataFrame, treatment: str, outcome: str, covariates: list[str],
            baseline: str | None = None) -> Design:
    """Validate the request and drop rows with a missing value in a used column."""
    if not covariates:
        raise EvaluationError("give at least one covariate")
    used = [treatment, outcome, *covariates, *([baseline] if baseline else [])]
    _require_columns(frame, used)
    rows = frame[list(dict.fromkeys(used))].dropna()
    if rows.empty:
        raise EvaluationError("no rows without missing values in the columns used")
    rows = rows.reset_index(drop=True)
    return Design(
        treated=_treatment(rows[treatment]),
        outcome=_numeric(rows[outcome], "outcome"),
        covariates=covariate_matrix(rows, covariates),
        baseline=_numeric(rows[baseline], "baseline") if baseline else None,
    )
