"""Words for what the Programmes page would otherwise show as codes: programmes and evaluation covariates."""

import pandas as pd

from dashboard import lang as L

CODED = {"sex": "sex", "age_group": "age", "citizenship": "citizenship"}  # covariate → breakdown of dashboard/i18n


def covariate(name: str, lang: str) -> str:
    """`log_prior_earnings` → `Earnings before (log)`, `geo=MA-06` → `Region: Casablanca-Settat`."""
    base, _, code = name.partition("=")
    label = L.t(f"covariate.{base}", lang)
    if not code:
        return label
    if base == "geo":
        value = L.geo_name(code, lang)
    elif base in CODED:
        value = L.code_label(CODED[base], code, lang)
    else:
        value = L.t(f"covariate.{base}_levels.{code}", lang)
    return f"{label}: {value}"


def programme(code: str, lang: str) -> str:
    return L.code_label("programme", code, lang)


def named(frame: pd.DataFrame, lang: str, columns=("programme", "covariate", "method", "group")) -> pd.DataFrame:
    """Programme, method, covariate and group columns in words (the frames of mart.programme_*)."""
    words = {"programme": lambda c: programme(c, lang), "covariate": lambda c: covariate(c, lang),
             "method": lambda c: L.t(f"programmes.methods.{c}", lang), "group": lambda c: L.t(f"programmes.groups.{c}", lang)}
    return frame.assign(**{column: frame[column].map(word) for column, word in words.items()
                           if column in frame and column in columns})
