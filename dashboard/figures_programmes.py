"""Programme figures as pure functions of data frames: exit cohorts, targets, effects, balance, overlap."""

import pandas as pd

from dashboard import lang as L
from dashboard.figures_common import DATE_AXIS, PALETTE, empty, figure, period_date

HORIZONS = ("programme_employment_3m", "programme_employment_6m", "programme_employment_12m")
METHODS = ("psm", "ipw", "dr")


def vline(x: float, colour: str, dash: str = "solid") -> dict:
    return {"type": "line", "x0": x, "x1": x, "y0": 0, "y1": 1, "yref": "paper", "line": {"color": colour, "dash": dash}}


def cohorts(frame: pd.DataFrame, lang: str, title: str) -> dict:
    """Share of each exit month's cohort in employment 3, 6 and 12 months after exit."""
    if frame.empty:
        return empty(L.t("programmes.no_cohorts", lang), lang)
    traces = []
    for colour, indicator in zip(PALETTE, HORIZONS):
        part = frame[frame["indicator"] == indicator]
        name = L.t(f"programmes.horizons.{indicator}", lang)
        traces.append({"type": "scatter", "mode": "lines+markers", "x": part["period"].map(period_date).tolist(),
                       "y": part["value"].tolist(), "name": name, "line": {"color": colour},
                       "customdata": part["period_label"].tolist(),
                       "hovertemplate": "%{customdata}: %{y:,.1f} %<extra>" + name + "</extra>"})
    return figure(traces, lang, title, 380, xaxis=DATE_AXIS | {
                  "title": {"text": L.t("programmes.exit_month", lang)}},
                  yaxis={"title": {"text": L.t("programmes.employed_share", lang)}, "tickformat": ",.0f"})


def targets(frame: pd.DataFrame, lang: str, title: str) -> dict:
    """Attainment per target: 0 = baseline, 100 = target reached."""
    if frame.empty:
        return empty(L.t("programmes.no_targets", lang), lang)
    data = frame.sort_values("attainment", na_position="first")
    colours = [PALETTE[2] if (a or 0) >= 100 else PALETTE[1] if (a or 0) >= 0 else PALETTE[3]
               for a in data["attainment"]]
    hover = (f"%{{y}}<br>%{{customdata[3]}}: {L.t('programmes.baseline', lang)} %{{customdata[0]:,.4g}}, "
             f"{L.t('programmes.target', lang)} %{{customdata[1]:,.4g}}, {L.t('programmes.reached', lang)} "
             f"%{{customdata[2]:,.4g}}<br>{L.t('programmes.attainment', lang)} %{{x:,.0f}}<extra></extra>")
    trace = {"type": "bar", "orientation": "h", "x": data["attainment"].tolist(), "y": data["name"].tolist(),
             "marker": {"color": colours}, "hovertemplate": hover,
             "customdata": data[["baseline", "target", "actual", "period"]].values.tolist()}
    note = {"text": L.t("programmes.target", lang), "x": 100, "y": 1, "yref": "paper", "yanchor": "bottom",
            "showarrow": False}
    return figure([trace], lang, title, max(300, 40 * len(data) + 120), shapes=[vline(100, PALETTE[7], "dash")],
                  annotations=[note], xaxis={"title": {"text": L.t("programmes.attainment", lang)}},
                  yaxis={"type": "category", "automargin": True})


def forest(frame: pd.DataFrame, lang: str, title: str, unit: str) -> dict:
    """Effect on the treated with its 95 % interval, per programme and method, and the naive gap."""
    if frame.empty:
        return empty(L.t("programmes.no_effects", lang), lang)
    traces = []
    for colour, method in zip(PALETTE, METHODS):
        part = frame[frame["method"] == method]
        name = L.t(f"programmes.methods.{method}", lang)
        traces.append({"type": "scatter", "mode": "markers", "name": name, "x": part["att"].tolist(),
                       "y": [part["programme"].tolist(), [name] * len(part)], "marker": {"color": colour, "size": 9},
                       "error_x": {"type": "data", "symmetric": False, "array": (part["ci_high"] - part["att"]).tolist(),
                                   "arrayminus": (part["att"] - part["ci_low"]).tolist()},
                       "customdata": part[["ci_low", "ci_high", "n_treated"]].values.tolist(),
                       "hovertemplate": "%{x:,.3g} [%{customdata[0]:,.3g}, %{customdata[1]:,.3g}], %{customdata[2]} "
                                        + L.t("programmes.treated", lang) + "<extra>" + name + "</extra>"})
    naive = frame.drop_duplicates("programme")
    label = L.t("programmes.naive", lang)
    traces.append({"type": "scatter", "mode": "markers", "name": label, "x": naive["naive_difference"].tolist(),
                   "y": [naive["programme"].tolist(), [label] * len(naive)],
                   "marker": {"symbol": "x", "color": PALETTE[7], "size": 9}})
    return figure(traces, lang, title, max(320, 110 * len(naive) + 120),
                  shapes=[vline(0, "#999")], xaxis={"title": {"text": unit}}, yaxis={"automargin": True})


def balance(frame: pd.DataFrame, lang: str, title: str) -> dict:
    """Standardised mean differences before and after adjustment (|SMD| < 0.1: balanced)."""
    if frame.empty:
        return empty(L.t("programmes.no_balance", lang), lang)
    data = frame.sort_values("smd_before", key=abs)
    traces = [{"type": "scatter", "mode": "markers", "name": L.t(f"programmes.{when}", lang),
               "x": data[f"smd_{when}"].tolist(), "y": data["covariate"].tolist(),
               "marker": {"color": colour, "size": 8, "symbol": symbol}}
              for when, colour, symbol in (("before", PALETTE[3], "circle"), ("after", PALETTE[0], "diamond"))]
    return figure(traces, lang, title, max(320, 20 * len(data) + 140),
                  shapes=[vline(-0.1, "#999", "dot"), vline(0.1, "#999", "dot")],
                  xaxis={"title": {"text": L.t("programmes.smd", lang)}},
                  yaxis={"tickmode": "linear", "tickfont": {"size": 10}, "automargin": True},
                  legend={"orientation": "h", "y": 1.0, "x": 1, "xanchor": "right", "yanchor": "bottom"})


def overlap(frame: pd.DataFrame, lang: str, title: str) -> dict:
    """Propensity-score distributions of participants and comparison units (share of each group)."""
    if frame.empty:
        return empty(L.t("programmes.no_overlap", lang), lang)
    traces = []
    for colour, group in zip((PALETTE[0], PALETTE[1]), ("treated", "control")):
        part = frame[frame["group"] == group]
        share = 100 * part["count"] / max(part["count"].sum(), 1)
        traces.append({"type": "bar", "x": ((part["bin_low"] + part["bin_high"]) / 2).tolist(), "y": share.tolist(),
                       "width": (part["bin_high"] - part["bin_low"]).tolist(), "opacity": 0.6,
                       "name": L.t(f"programmes.groups.{group}", lang), "marker": {"color": colour}})
    return figure(traces, lang, title, 340, barmode="overlay", shapes=support_lines(frame),
                  xaxis={"title": {"text": L.t("programmes.score", lang)}},
                  yaxis={"title": {"text": L.t("programmes.share_of_group", lang)}})


def support_lines(frame: pd.DataFrame) -> list[dict]:
    """Dashed lines at the common support's ends: units outside them are left out of the estimate."""
    ends = [frame[c].iloc[0] for c in ("support_low", "support_high") if c in frame and frame[c].notna().any()]
    return [vline(float(x), "#555555", "dash") for x in ends]
