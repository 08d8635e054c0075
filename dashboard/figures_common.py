"""Figures shared by the pages, as pure functions of the data shown (columns: series, period, period_label,
value, status, source) and already translated texts; the language only sets Plotly's number separators."""

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import lang as L
from dashboard.figures import PALETTE, TEMPLATE

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def styled(fig: go.Figure, lang: str, title: str, height: int = 420) -> go.Figure:
    fig.update_layout(template=TEMPLATE, separators=L.separators(lang), title={"text": title, "x": 0.01},
                      height=height, font_family=FONT, legend={"orientation": "h", "y": -0.15},
                      margin={"l": 10, "r": 10, "t": 60, "b": 10}, hoverlabel_namelength=-1,
                      colorway=PALETTE)
    return fig


def empty(message: str, lang: str, height: int = 300) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_layout(xaxis_visible=False, yaxis_visible=False)
    return styled(fig, lang, "", height)


def hover(unit: str, decimals: int) -> str:
    """Tooltip: place, period, value with unit, flag and source (customdata = series, label, flag, source)."""
    return (f"<b>%{{customdata[0]}}</b><br>%{{customdata[1]}}: %{{y:,.{decimals}f}} {unit}"
            "<br>%{customdata[2]}<br><i>%{customdata[3]}</i><extra></extra>")


def custom(frame: pd.DataFrame) -> list:
    return frame[["series", "period_label", "flag", "source"]].fillna("").values.tolist()


def line(shown: pd.DataFrame, lang: str, title: str, yaxis: str, unit: str, decimals: int) -> go.Figure:
    order = shown.sort_values("period").drop_duplicates("period")["period_label"].tolist()
    fig = go.Figure([go.Scatter(x=part["period_label"], y=part["value"], name=name, mode="lines+markers",
                                customdata=custom(part), hovertemplate=hover(unit, decimals),
                                marker_symbol=i % 8)
                     for i, (name, part) in enumerate(shown.sort_values("period").groupby("series", sort=False))])
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=order)
    fig.update_yaxes(title=yaxis, tickformat=f",.{decimals}f")
    return styled(fig, lang, title)


def bars(shown: pd.DataFrame, lang: str, title: str, axis: str, unit: str, decimals: int,
         reference: float | None = None, reference_label: str = "") -> go.Figure:
    data = shown.sort_values("value")
    colours = [PALETTE[1] if geo in ("CH", "MA", "TN", "MR") else PALETTE[0] for geo in data.get("geo", [])]
    fig = go.Figure(go.Bar(x=data["value"], y=data["series"], orientation="h", marker_color=colours or PALETTE[0],
                           customdata=custom(data), hovertemplate=hover(unit, decimals).replace("%{y:", "%{x:")))
    if reference is not None:
        fig.add_vline(x=reference, line_dash="dash", line_color=PALETTE[3],
                      annotation_text=reference_label or L.number(reference, lang, decimals),
                      annotation_position="bottom right")
    fig.update_xaxes(title=axis, tickformat=f",.{decimals}f")
    fig.update_yaxes(type="category")
    return styled(fig, lang, title, height=max(320, 22 * len(data) + 120))


def choropleth(shown: pd.DataFrame, geojson: dict, lang: str, title: str, unit: str, decimals: int) -> go.Figure:
    # A MapLibre map on a blank style: no tiles and no topojson fetched from a CDN.
    fig = go.Figure(go.Choroplethmap(
        geojson=geojson, locations=shown["geo"], z=shown["value"], featureidkey="id", colorscale="Cividis",
        marker_line_color="white", colorbar={"title": unit, "tickformat": f",.{decimals}f"},
        customdata=custom(shown), hovertemplate=hover(unit, decimals).replace("%{y:", "%{z:")))
    fig.update_layout(map={"style": "white-bg", "center": {"lat": 46.8, "lon": 8.23}, "zoom": 6.0})
    return styled(fig, lang, title, height=460)


def multiples(shown: pd.DataFrame, lang: str, title: str, unit: str, decimals: int, columns: int = 4) -> go.Figure:
    names = list(dict.fromkeys(shown["series"]))
    rows = math.ceil(len(names) / columns)
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=names, shared_yaxes=True,
                        vertical_spacing=min(0.3 / max(rows, 1), 0.08), horizontal_spacing=0.03)
    for i, name in enumerate(names):
        part = shown[shown["series"] == name].sort_values("period")
        fig.add_trace(go.Scatter(x=part["period_label"], y=part["value"], mode="lines", name=name,
                                 line_color=PALETTE[0], customdata=custom(part), showlegend=False,
                                 hovertemplate=hover(unit, decimals)), row=i // columns + 1, col=i % columns + 1)
    fig.update_xaxes(type="category", showticklabels=False)
    fig.update_yaxes(tickformat=f",.{decimals}f", matches="y")
    fig.update_annotations(font_size=11)
    return styled(fig, lang, title, height=140 * rows + 100)
