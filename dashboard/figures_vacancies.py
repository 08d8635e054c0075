"""Figures of the vacancies page: the Beveridge curve and occupations against the 5 % line (pure functions)."""

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import PALETTE
from dashboard.figures_common import styled
from dashboard.obligation import NEAR, THRESHOLD

STATUS_COLOURS = {"subject": PALETTE[3], "near": PALETTE[1], "below": PALETTE[0]}


def beveridge(points: pd.DataFrame, lang: str, title: str, x_title: str, y_title: str) -> go.Figure:
    """Connected scatter of (unemployment rate, vacancy rate), one point per period, labelled by period."""
    data = points.sort_values("period")
    fig = go.Figure(go.Scatter(
        x=data["unemployment_rate"], y=data["vacancy_rate"], mode="lines+markers+text", text=data["period_label"],
        textposition="top center", textfont_size=9, line_color=PALETTE[0],
        marker={"color": list(range(len(data))), "colorscale": "Cividis", "size": 8},
        hovertemplate="%{text}<br>" + x_title + ": %{x:,.1f}<br>" + y_title + ": %{y:,.2f}<extra></extra>"))
    fig.update_xaxes(title=x_title, tickformat=",.1f")
    fig.update_yaxes(title=y_title, tickformat=",.1f")
    return styled(fig, lang, title)


def occupations(means: pd.DataFrame, lang: str, title: str, axis: str, band: str, line: str) -> go.Figure:
    data = means.sort_values("value")
    fig = go.Figure(go.Bar(x=data["value"], y=data["occupation"].astype(str), orientation="h",
                           marker_color=[STATUS_COLOURS[s] for s in data["status"]],
                           hovertemplate="%{y}: %{x:,.2f} %<extra></extra>"))
    fig.add_vrect(x0=THRESHOLD - NEAR, x1=THRESHOLD, fillcolor=PALETTE[1], opacity=0.15, line_width=0,
                  annotation_text=band, annotation_position="top left")
    fig.add_vline(x=THRESHOLD, line_color=PALETTE[3], line_dash="dash", annotation_text=line)
    fig.update_xaxes(title=axis, tickformat=",.1f")
    fig.update_yaxes(type="category")
    return styled(fig, lang, title, height=max(320, 20 * len(data) + 120))
