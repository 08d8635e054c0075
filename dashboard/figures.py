"""Figures as pure functions of data frames: no I/O, no Dash."""

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
TEMPLATE = "plotly_white"


def empty_figure(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_layout(template=TEMPLATE, xaxis_visible=False, yaxis_visible=False, height=380)
    return fig


def timeseries_figure(frame: pd.DataFrame, title: str, unit: str, names: dict[str, str]) -> go.Figure:
    if frame.empty:
        return empty_figure("No data for this selection")
    data = frame.assign(name=frame["geo"].map(lambda g: names.get(g, g)))
    fig = px.line(data, x="period", y="value", color="name", markers=True, template=TEMPLATE,
                  color_discrete_sequence=PALETTE, custom_data=["obs_status"],
                  labels={"period": "", "value": unit, "name": ""})
    fig.update_traces(hovertemplate="%{x}: %{y}<br>status %{customdata[0]}<extra>%{fullData.name}</extra>")
    fig.update_layout(title=title, height=380, legend_orientation="h", margin={"t": 60, "r": 10})
    return fig


def ranking_figure(frame: pd.DataFrame, title: str, unit: str, national: float | None,
                   names: dict[str, str]) -> go.Figure:
    if frame.empty:
        return empty_figure("No data for this period")
    data = frame.sort_values("value").assign(name=lambda d: d["geo"].map(lambda g: names.get(g, g)))
    fig = go.Figure(go.Bar(x=data["value"], y=data["name"], orientation="h", marker_color=PALETTE[0],
                           customdata=data["obs_status"],
                           hovertemplate="%{y}: %{x}<br>status %{customdata}<extra></extra>"))
    if national is not None:
        fig.add_vline(x=national, line_dash="dash", line_color=PALETTE[3],
                      annotation_text=f"CH {national:g}", annotation_position="top")
    fig.update_layout(title=title, template=TEMPLATE, height=620, xaxis_title=unit,
                      margin={"l": 10, "r": 10, "t": 60})
    return fig


def map_figure(frame: pd.DataFrame, geojson: dict, title: str, unit: str, names: dict[str, str]) -> go.Figure:
    if frame.empty:
        return empty_figure("No data for this period")
    data = frame.assign(name=frame["geo"].map(lambda g: names.get(g, g)))
    # A MapLibre map on a blank style: no tiles and no topojson fetched from a CDN.
    fig = go.Figure(go.Choroplethmap(
        geojson=geojson, locations=data["geo"], z=data["value"], featureidkey="id",
        colorscale="Cividis", marker_line_color="white", colorbar_title=unit,
        text=data["name"], hovertemplate="%{text}: %{z}<extra></extra>"))
    fig.update_layout(title=title, template=TEMPLATE, height=460, margin={"l": 0, "r": 0, "t": 60, "b": 0},
                      map={"style": "white-bg", "center": {"lat": 46.8, "lon": 8.23}, "zoom": 6.2})
    return fig
