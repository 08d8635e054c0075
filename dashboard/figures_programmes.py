"""Programme figures as pure functions of data frames: cohorts, targets, forest, balance, overlap."""

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import PALETTE, TEMPLATE, empty_figure

METHOD_NAMES = {"psm": "Matching (PSM)", "ipw": "Weighting (IPW)", "dr": "Doubly robust"}
HORIZONS = {"programme_employment_3m": "3 months", "programme_employment_6m": "6 months",
            "programme_employment_12m": "12 months"}


def cohort_figure(frame: pd.DataFrame, title: str) -> go.Figure:
    if frame.empty:
        return empty_figure("No exit cohorts for this programme")
    fig = go.Figure()
    for colour, (indicator, name) in zip(PALETTE, HORIZONS.items()):
        part = frame[frame["indicator"] == indicator]
        fig.add_trace(go.Scatter(x=part["period"], y=part["value"], mode="lines+markers", name=f"after {name}",
                                 line_color=colour, hovertemplate="exits in %{x}: %{y:.1f} %<extra>%{fullData.name}</extra>"))
    fig.update_layout(title=title, template=TEMPLATE, height=360, yaxis_title="% in employment",
                      xaxis_title="month of exit", legend={"orientation": "h", "y": -0.25}, margin={"t": 60, "r": 10})
    return fig


def targets_figure(frame: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """Attainment per target: 0 = baseline, 100 = target reached."""
    if frame.empty:
        return empty_figure("No targets set for this country")
    data = frame.assign(name=frame["programme"] + " · " + frame["indicator"].map(lambda i: labels.get(i, i)))
    data = data.sort_values("attainment", na_position="first")
    colours = [PALETTE[2] if (a or 0) >= 100 else PALETTE[1] if (a or 0) >= 0 else PALETTE[3] for a in data["attainment"]]
    fig = go.Figure(go.Bar(
        x=data["attainment"], y=data["name"], orientation="h", marker_color=colours,
        customdata=data[["baseline", "target", "actual", "period"]].to_numpy(),
        hovertemplate="%{y}<br>%{customdata[3]}: baseline %{customdata[0]:.4g}, target %{customdata[1]:.4g},"
                      " reached %{customdata[2]:.4g}<br>attainment %{x:.0f} %<extra></extra>"))
    fig.add_vline(x=100, line_dash="dash", line_color=PALETTE[7], annotation_text="target")
    fig.update_layout(title="Targets: progress from baseline (0) to target (100)", template=TEMPLATE,
                      height=max(300, 40 * len(data) + 120), xaxis_title="attainment, %", margin={"l": 10, "t": 60})
    return fig


def forest_figure(frame: pd.DataFrame, title: str, unit: str) -> go.Figure:
    """Effect on the treated with its 95 % interval, per programme and method, and the naive gap."""
    if frame.empty:
        return empty_figure("No impact estimates (too few participants with observed outcomes)")
    fig = go.Figure()
    for colour, (method, name) in zip(PALETTE, METHOD_NAMES.items()):
        part = frame[frame["method"] == method]
        fig.add_trace(go.Scatter(
            x=part["att"], y=[part["programme"], [name] * len(part)], mode="markers", name=name,
            marker={"color": colour, "size": 9},
            error_x={"type": "data", "symmetric": False, "array": part["ci_high"] - part["att"],
                     "arrayminus": part["att"] - part["ci_low"]},
            customdata=part[["ci_low", "ci_high", "n_treated"]].to_numpy(),
            hovertemplate="%{x:.3g} [%{customdata[0]:.3g}, %{customdata[1]:.3g}], %{customdata[2]} treated"
                          "<extra>%{fullData.name}</extra>"))
    naive = frame.drop_duplicates("programme")
    fig.add_trace(go.Scatter(x=naive["naive_difference"], y=[naive["programme"], ["naive"] * len(naive)],
                             mode="markers", name="Naive difference (not an effect)",
                             marker={"symbol": "x", "color": PALETTE[7], "size": 9}))
    fig.add_vline(x=0, line_color="#999")
    fig.update_layout(title=title, template=TEMPLATE, height=max(320, 110 * naive.shape[0] + 120), xaxis_title=unit,
                      legend={"orientation": "h", "y": -0.25}, margin={"l": 10, "t": 60})
    return fig


def balance_figure(frame: pd.DataFrame, title: str) -> go.Figure:
    """Standardised mean differences before and after adjustment (|SMD| < 0.1: balanced)."""
    if frame.empty:
        return empty_figure("No balance diagnostics")
    data = frame.sort_values("smd_before", key=abs)
    fig = go.Figure([
        go.Scatter(x=data["smd_before"], y=data["covariate"], mode="markers", name="before",
                   marker={"color": PALETTE[3], "size": 8}),
        go.Scatter(x=data["smd_after"], y=data["covariate"], mode="markers", name="after",
                   marker={"color": PALETTE[0], "size": 8, "symbol": "diamond"}),
    ])
    for x in (-0.1, 0.1):
        fig.add_vline(x=x, line_dash="dot", line_color="#999")
    fig.update_layout(title=title, template=TEMPLATE, height=max(320, 20 * len(data) + 140),
                      xaxis_title="standardised mean difference", margin={"l": 10, "t": 60},
                      legend={"orientation": "h", "y": 1.0, "x": 1, "xanchor": "right", "yanchor": "bottom"})
    fig.update_yaxes(tickmode="linear", tickfont_size=10)
    return fig


def overlap_figure(frame: pd.DataFrame, title: str) -> go.Figure:
    """Propensity score distributions of participants and comparison units (share of each group)."""
    if frame.empty:
        return empty_figure("No propensity scores")
    fig = go.Figure()
    for colour, group in zip((PALETTE[0], PALETTE[1]), ("treated", "control")):
        part = frame[frame["group"] == group]
        share = 100 * part["count"] / max(part["count"].sum(), 1)
        fig.add_trace(go.Bar(x=(part["bin_low"] + part["bin_high"]) / 2, y=share, width=part["bin_high"] - part["bin_low"],
                             name="participants" if group == "treated" else "non-participants",
                             marker_color=colour, opacity=0.6))
    fig.update_layout(title=title, template=TEMPLATE, barmode="overlay", height=340,
                      xaxis_title="propensity score", yaxis_title="% of group", legend={"orientation": "h", "y": -0.25},
                      margin={"t": 60, "r": 10})
    return fig
