"""Country diagnostic: for one country the charts an ILO employment diagnostic opens with, printable."""

from functools import partial

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc, html

from dashboard import components as C
from dashboard import diagnostic as D
from dashboard import lang as L
from dashboard.countries import MAGHREB
from dashboard.embeds import embeddable
from dashboard.state import choose, encode

dash.register_page(__name__, path="/country", name="Country", title="LMO · Country", order=6)

COUNTRIES = [*MAGHREB, "CH"]
CHARTS = {"by_sex": D.by_sex, "by_age": D.by_age, "youth": D.youth, "informal": D.informality,
          "registered": D.registered_vs_survey, "regions": D.regions}


def section(name: str, geo: str, lang: str):
    """A chart's card, or a notice saying what would fill it where the country has no figures for it."""
    result = CHARTS[name](geo, lang)
    if result[0]["data"]:
        return C.chart_card(f"country-{name}", lang, result=result)
    return dbc.Alert(result[2], id=f"country-{name}-none", color="secondary", className="small")


def layout(lang: str | None = None, geo: str | None = None, **_query) -> html.Div:
    lang, geo = L.normalize(lang), choose(geo, COUNTRIES, MAGHREB[0])
    return html.Div([
        dcc.Location(id="country-nav", refresh="callback-nav"), dcc.Store(id="country-lang", data=lang),
        html.H1(L.t("diagnostic.title", lang), className="h3"),
        dbc.Row([C.labelled(L.t("control.geo", lang), C.dropdown(
            id="country-geo", value=geo, options=[{"label": L.geo_name(g, lang), "value": g} for g in COUNTRIES]),
            "country-geo", 4),
            dbc.Col(dbc.Button(L.t("diagnostic.print", lang), id="country-print", color="secondary", outline=True,
                               size="sm", className="mt-4 d-print-none"), xs=12, md=2)], className="d-print-none"),
        html.P(L.t("diagnostic.intro", lang), className="text-muted small"),
        dbc.Row([dbc.Col(section(name, geo, lang), lg=6, className="lmo-print-card") for name in CHARTS]),
    ])


clientside_callback(ClientsideFunction("lmo", "print"), Output("country-print", "title"),
                    Input("country-print", "n_clicks"), prevent_initial_call=True)


@callback(Output("country-nav", "href"), Input("country-geo", "value"), State("country-lang", "data"),
          prevent_initial_call=True)
def rebuild(geo: str, lang: str):
    """Another country: the page is laid out again from the URL, its charts filled as it is."""
    return "/country" + encode({"lang": lang, "geo": choose(geo, COUNTRIES, MAGHREB[0])})


def embedded(name: str, query: dict, lang: str) -> tuple:
    """One of the page's charts for /embed/country-<name>."""
    return CHARTS[name](choose(query.get("geo"), COUNTRIES, MAGHREB[0]), lang)


for _name in CHARTS:
    embeddable(f"country-{_name}")(partial(embedded, _name))
