"""International page: CH, MA, TN and MR side by side on ILO concepts, survey and modelled kept apart."""

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from dashboard import data, figures
from indicators.catalog import entry, label

dash.register_page(__name__, path="/international", name="International", title="LMO · International")

COUNTRIES = ["CH", "MA", "TN", "MR"]
NAMES = {"CH": "Switzerland", "MA": "Morocco", "TN": "Tunisia", "MR": "Mauritania"}
# topic -> the indicators drawn, each one concept, first = national surveys (solid line)
TOPICS = {
    "unemployment": {"ilo_unemployment_rate": "ILO national surveys (ILOSTAT)",
                     "ilo_unemployment_rate_modelled": "ILO modelled estimates (World Bank WDI)"},
    "informal": {"informal_employment_rate": "ILO national surveys (ILOSTAT)"},
}
AGES = {"_T": "Total (15+)", "Y15-24": "Youth (15-24)", "Y_GE25": "Adults (25+)"}
SEXES = {"_T": "Total", "F": "Women", "M": "Men"}


def layout(**_query) -> html.Div:
    return html.Div([
        dbc.Row([
            dbc.Col([html.Label("Indicator", htmlFor="international-topic"),
                     dcc.Dropdown(id="international-topic", value="unemployment", clearable=False,
                                  options=[{"label": "Unemployment rate (ILO)", "value": "unemployment"},
                                           {"label": "Informal employment rate", "value": "informal"}])], md=4),
            dbc.Col([html.Label("Sex", htmlFor="international-sex"),
                     dcc.Dropdown(id="international-sex", value="_T", clearable=False,
                                  options=[{"label": v, "value": k} for k, v in SEXES.items()])], md=3),
            dbc.Col([html.Label("Age", htmlFor="international-age"),
                     dcc.Dropdown(id="international-age", value="_T", clearable=False,
                                  options=[{"label": v, "value": k} for k, v in AGES.items()])], md=3),
        ], className="mb-2"),
        html.P(id="international-definition", className="text-muted small"),
        dcc.Graph(id="international-series"),
        html.Div(id="international-latest"),
        html.P("ILO survey rates and ILO modelled estimates are different concepts, drawn as separate "
               "series (solid: surveys; dashed: modelled). Neither is comparable with the SECO registered "
               "unemployment rate. Switzerland has no national-survey unemployment series in the data "
               "shipped (the FSO labour-force survey is not included); Morocco has no informal-employment "
               "series. Tunisia 2021 survey values are implausibly low as published.",
               className="text-muted small", id="international-note"),
    ])


def latest_table(frame, series: dict[str, str]) -> dbc.Table:
    latest = frame.sort_values("period").groupby(["indicator", "geo"]).tail(1)
    header = html.Thead(html.Tr([html.Th(t) for t in ("Country", "Series", "Year", "Value", "Status", "Source")]))
    rows = [html.Tr([html.Td(NAMES[r.geo]), html.Td(series[r.indicator]), html.Td(r.period),
                     html.Td(f"{r.value:.1f}"), html.Td(r.obs_status), html.Td(r.source)])
            for r in latest.sort_values(["geo", "indicator"]).itertuples()]
    return dbc.Table([header, html.Tbody(rows)], bordered=False, striped=True, size="sm", id="international-table")


@callback(Output("international-series", "figure"), Output("international-latest", "children"),
          Output("international-definition", "children"), Output("international-age", "disabled"),
          Input("international-topic", "value"), Input("international-sex", "value"),
          Input("international-age", "value"))
def update(topic: str, sex: str, age: str):
    series = TOPICS[topic]
    age = age if topic == "unemployment" else "_T"
    frame = data.concept_series(list(series), COUNTRIES, sex=sex, age=age)
    first = next(iter(series))
    title = f"{label(first)} — {SEXES[sex]}, {AGES[age]}"
    fig = figures.concept_panels_figure(frame, COUNTRIES, NAMES, series, entry(first)["unit"])
    fig.update_layout(title=title)
    return fig, latest_table(frame, series), entry(first)["definition"]["en"], topic != "unemployment"
