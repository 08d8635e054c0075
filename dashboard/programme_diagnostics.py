"""The Programmes page's overlap diagnostics and sensitivity for one estimate, with its warning lines."""

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard import lang as L
from indicators.evaluation.support import EXTREME, MAX_EXTREME_SHARE, MIN_ESS_SHARE, crossed


def rows(effect, lang: str) -> list[tuple[str, str]]:
    """(label, value) lines: trimming rule, units off support, extreme scores, ESS, E-values."""
    n = lambda v, d=0: L.number(v, lang, d)  # noqa: E731
    lines = [(L.t("programmes.diagnostics.trim", lang), L.t(f"programmes.trim_rules.{effect.trim}", lang)),
             (L.t("programmes.diagnostics.off_support", lang),
              L.t("programmes.diagnostics.by_group", lang, treated=n(effect.n_treated_off_support),
                  control=n(effect.n_control_off_support))),
             (L.t("programmes.diagnostics.extreme", lang),
              L.t("programmes.diagnostics.by_group", lang, treated=n(effect.n_treated_extreme),
                  control=n(effect.n_control_extreme)) + f" ({n(100 * effect.share_extreme, 1)} %)")]
    if pd.notna(effect.ess_control):
        lines.append((L.t("programmes.diagnostics.ess", lang),
                      f"{n(effect.ess_control)} ({n(100 * effect.ess_control_share, 1)} %)"))
    if pd.notna(effect.e_value):
        lines.append((L.t("programmes.diagnostics.e_value", lang),
                      L.t("programmes.diagnostics.e_values", lang, point=n(effect.e_value, 2),
                          ci=n(effect.e_value_ci, 2))))
    return lines


def panel(effects: pd.DataFrame, method: str, lang: str) -> list:
    """The chosen method's diagnostics as a definition list, its warnings as alerts; empty when not estimated."""
    chosen = effects[effects["method"] == method] if len(effects) and "trim" in effects else effects.iloc[0:0]
    if chosen.empty:
        return [html.P(L.t("programmes.no_effects", lang), className="text-muted small")]
    effect = next(chosen.itertuples())
    listing = html.Dl([part for label, value in rows(effect, lang)
                       for part in (html.Dt(label, className="col-sm-5"), html.Dd(value, className="col-sm-7"))],
                      className="row small mb-1")
    notes = [dbc.Alert(line, color="warning", className="small py-1 mb-1") for line in warning_lines(effect, lang)]
    return [html.H3(L.t("programmes.diagnostics.title", lang,
                                method=L.t(f"programmes.methods.{method}", lang)), className="h6"), listing, *notes,
            html.P(L.t("programmes.diagnostics.e_value_note", lang), className="text-muted small")]


def warning_lines(effect, lang: str) -> list[str]:
    """The estimator's warnings (same thresholds), worded in the page's language."""
    found = {k: (None if pd.isna(v) else v) for k, v in effect._asdict().items()}
    n = lambda v, d=0: L.number(v, lang, d)  # noqa: E731
    texts = {
        "off_support": lambda: L.t("programmes.warnings.off_support", lang, n=n(effect.n_treated_off_support),
                                   total=n(effect.n_treated), rule=L.t(f"programmes.trim_rules.{effect.trim}", lang)),
        "extreme": lambda: L.t("programmes.warnings.extreme", lang, share=n(100 * effect.share_extreme),
                               low=n(EXTREME[0], 2), high=n(EXTREME[1], 2), threshold=n(100 * MAX_EXTREME_SHARE)),
        "ess": lambda: L.t("programmes.warnings.ess", lang, ess=n(effect.ess_control),
                           share=n(100 * effect.ess_control_share), threshold=n(100 * MIN_ESS_SHARE)),
    }
    return [texts[name]() for name in crossed(found)]
