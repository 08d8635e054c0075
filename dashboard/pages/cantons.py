"""Cantons page: an indicator over time, ranked across cantons, and on the map."""

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from dashboard import data, figures
from indicators.catalog import entry, label
from indicators.codelists import cantons, geo_name

dash.register_page(__name__, path="/", name="Cantons", title="LMO · Cantons")

DEFAULT_GEOS = ["CH", "CH-ZH", "CH-GE", "CH-TI"]


def geo_options() -> list[dict]:
    return [{"label": geo_name(code), "value": code} for code in ["CH", *cantons()]]


def layout(**_query) -> html.Div:
    indicators = data.indicators_with_geo("CH-")
    first = "registered_unemployment_rate" if "registered_unemployment_rate" in indicators else indicators[0]
    return html.Div([
        dbc.Row([
            dbc.Col([html.Label("Indicator", htmlFor="cantons-indicator"),
                     dcc.Dropdown(id="cantons-indicator", value=first, clearable=False,
                                  options=[{"label": label(i), "value": i} for i in indicators])], md=4),
            dbc.Col([html.Label("Cantons", htmlFor="cantons-geos"),
                     dcc.Dropdown(id="cantons-geos", value=DEFAULT_GEOS, multi=True, options=geo_options())], md=5),
            dbc.Col([html.Label("Month", htmlFor="cantons-period"),
                     dcc.Dropdown(id="cantons-period", clearable=False)], md=3),
        ], className="mb-2"),
        html.P(id="cantons-definition", className="text-muted small"),
        dbc.Row([dbc.Col(dcc.Graph(id="cantons-timeseries"), lg=12)]),
        dbc.Row([dbc.Col(dcc.Graph(id="cantons-ranking"), lg=5), dbc.Col(dcc.Graph(id="cantons-map"), lg=7)]),
        html.P("Source: SECO, labour-market statistics. Registered unemployment (SECO concept), "
               "not the ILO unemployment rate.", className="text-muted small"),
    ])


@callback(Output("cantons-period", "options"), Output("cantons-period", "value"),
          Input("cantons-indicator", "value"))
def period_choices(indicator: str):
    months = data.periods(indicator, "M")
    return months, (months[0] if months else None)


@callback(Output("cantons-timeseries", "figure"), Output("cantons-definition", "children"),
          Input("cantons-indicator", "value"), Input("cantons-geos", "value"))
def timeseries(indicator: str, geos: list[str]):
    meta = entry(indicator)
    frame = data.series(indicator, geos or [])
    names = {code: geo_name(code) for code in geos or []}
    fig = figures.timeseries_figure(frame, label(indicator), meta["unit"], names)
    return fig, meta["definition"]["en"]


@callback(Output("cantons-ranking", "figure"), Output("cantons-map", "figure"),
          Input("cantons-indicator", "value"), Input("cantons-period", "value"))
def ranking_and_map(indicator: str, period: str | None):
    meta = entry(indicator)
    frame = data.cross_section(indicator, period) if period else data.series(indicator, [])
    names = {code: geo_name(code) for code in ["CH", *cantons()]}
    national = frame.loc[frame["geo"] == "CH", "value"]
    canton_rows = frame[frame["geo"].str.startswith("CH-")]
    title = f"{label(indicator)}, {period}"
    return (figures.ranking_figure(canton_rows, title, meta["unit"],
                                   float(national.iloc[0]) if len(national) else None, names),
            figures.map_figure(canton_rows, data.canton_geojson(), title, meta["unit"], names))
