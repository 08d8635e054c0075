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


def concept_panels_figure(frame: pd.DataFrame, geos: list[str], names: dict[str, str],
                          series: dict[str, str], unit: str) -> go.Figure:
    """One panel per country; one trace per concept in each, so two concepts are never one line.

    `series` maps each indicator to its legend label, in drawing order (first = solid, others dashed).
    Years without an observation break the line instead of being bridged.
    """
    from plotly.subplots import make_subplots

    if frame.empty:
        return empty_figure("No data for this selection")
    fig = make_subplots(rows=1, cols=len(geos), shared_yaxes=True, horizontal_spacing=0.02,
                        subplot_titles=[names.get(g, g) for g in geos])
    shown = set()
    for col, geo in enumerate(geos, start=1):
        if frame[frame["geo"] == geo].empty:
            low, high = fig.layout[f"xaxis{col if col > 1 else ''}"].domain  # paper coordinates: an axis
            fig.add_annotation(text="no series in the data", showarrow=False,  # without traces is not drawn
                               x=(low + high) / 2, y=0.5, xref="paper", yref="paper")
        for rank, (indicator, legend) in enumerate(series.items()):
            rows = frame[(frame["geo"] == geo) & (frame["indicator"] == indicator)].assign(
                year=lambda d: d["period"].astype(int)).set_index("year")
            if rows.empty:
                continue
            rows = rows.reindex(range(rows.index.min(), rows.index.max() + 1))
            fig.add_trace(go.Scatter(
                x=rows.index, y=rows["value"], name=legend, legendgroup=indicator, legendrank=rank,
                showlegend=indicator not in shown, connectgaps=False, meta=geo,
                mode="lines+markers" if rank == 0 else "lines",
                line={"color": PALETTE[rank], "dash": "solid" if rank == 0 else "dash"},
                customdata=rows[["obs_status", "source"]].fillna("").to_numpy(),
                hovertemplate=f"{names.get(geo, geo)} %{{x}}: %{{y:.1f}}<br>status %{{customdata[0]}}"
                              "<br>%{customdata[1]}<extra>" + legend + "</extra>"), row=1, col=col)
            shown.add(indicator)
    fig.update_layout(template=TEMPLATE, height=440, legend_orientation="h", legend_y=-0.15,
                      margin={"t": 90, "r": 10, "l": 10}, yaxis_title=unit)
    return fig
