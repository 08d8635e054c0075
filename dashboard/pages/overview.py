"""Overview: headline cards for the latest period with their changes, the canton map and the national trend."""

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import components as C
from dashboard import data
from dashboard import figures_common as F
from dashboard import lang as L
from dashboard.meta import chart_meta
from dashboard.shown import measure_unit, shown
from dashboard.state import choose, encode
from indicators.catalog import entry

dash.register_page(__name__, path="/", name="Overview", title="LMO", order=0)

HEADLINE_GEO = "CH"


def headline_indicators(catalog: dict) -> list[str]:
    """Official national monthly figures only: synthetic register values never make a headline."""
    return [i for i, info in catalog.items()
            if HEADLINE_GEO in info["geos"] and "M" in info["freqs"] and not info["synthetic_ch"]]


def map_indicators(catalog: dict) -> list[str]:
    return [i for i, info in catalog.items() if any(g.startswith("CH-") for g in info["geos"])]


def layout(lang: str | None = None, indicator: str | None = None, **_query) -> html.Div:
    lang = L.normalize(lang)
    catalog = data.available()
    choices = map_indicators(catalog)
    chosen = choose(indicator, choices, "registered_unemployment_rate" if "registered_unemployment_rate" in
                    choices else next(iter(choices), None))
    return html.Div([
        dcc.Location(id="overview-url", refresh=False), dcc.Store(id="overview-lang", data=lang),
        html.H1(L.t("overview.title", lang), className="h3"),
        dbc.Row([card(i, lang) for i in headline_indicators(catalog)], className="g-3 mb-3"),
        dbc.Row(C.labelled(L.t("control.indicator", lang), dcc.Dropdown(
            id="overview-indicator", value=chosen, clearable=False,
            options=[{"label": L.indicator_name(i, lang), "value": i} for i in choices]), "overview-indicator", 6)),
        dbc.Row([dbc.Col(C.chart_card("overview-map", lang), lg=7), dbc.Col(C.chart_card("overview-trend", lang), lg=5)]),
    ])


def card(indicator: str, lang: str) -> dbc.Col:
    """Latest value and its changes on the previous month and the year (pp for rates, % for counts)."""
    item = entry(indicator)
    period = data.latest_period(indicator, "M", HEADLINE_GEO)
    values = data.headline(indicator, HEADLINE_GEO, period) if period else {}
    unit, decimals = measure_unit(item, "level", lang)
    change = "pp" if item["kind"] == "rate" else "pct"
    lines = [html.Div(f"{L.signed(values[m], lang, 2 if change == 'pp' else 1)} "
                      f"{L.t('unit.pp', lang) if change == 'pp' else '%'} {L.t(key, lang)}", className="small")
             for m, key in ((f"change_prev_{change}", "overview.vs_prev"), (f"change_year_{change}", "overview.vs_year"))
             if values.get(m) is not None]
    return dbc.Col(dbc.Card(dbc.CardBody([
        html.H2(L.indicator_name(indicator, lang), className="h6 text-muted"),
        html.Div(f"{L.number(values.get('level'), lang, decimals)} {unit}", className="lmo-card-value",
                 id=f"overview-card-{indicator}"),
        html.Div(L.t("overview.latest", lang, period=L.period_label(period or "", lang)), className="small"),
        *lines,
    ]), className="h-100"), xs=12, sm=6, lg=4)


@callback(*C.chart_outputs("overview-map"), *C.chart_outputs("overview-trend"), Output("overview-url", "search"),
          Input("overview-indicator", "value"), State("overview-lang", "data"))
def overview_charts(indicator: str, lang: str):
    return (*canton_map(indicator, lang), *national_trend(indicator, lang), encode({"lang": lang, "indicator": indicator}))


def canton_map(indicator: str, lang: str) -> tuple:
    item = entry(indicator)
    period = data.latest_period(indicator, "M")
    frame = data.observations(indicator, None, "level", "NSA", "M", None, period)
    rows = shown(frame[frame["geo"].str.startswith("CH-")], indicator, lang)
    unit, decimals = measure_unit(item, "level", lang)
    title = L.t("overview.map", lang, indicator=L.indicator_name(indicator, lang), period=L.period_label(period, lang))
    fig = F.choropleth(rows, data.CANTONS_URL, lang, title, unit, decimals) if len(rows) else \
        F.empty(L.t("chart.no_data", lang), lang)
    return C.chart_result(fig, rows, chart_meta(indicator, rows, lang, title, unit), lang, decimals)


def national_trend(indicator: str, lang: str) -> tuple:
    item = entry(indicator)
    rows = shown(data.observations(indicator, [HEADLINE_GEO], "level", "NSA", "M"), indicator, lang)
    unit, decimals = measure_unit(item, "level", lang)
    title = L.t("overview.trend", lang, indicator=L.indicator_name(indicator, lang))
    fig = F.line(rows, lang, title, unit, unit, decimals) if len(rows) else F.empty(L.t("chart.no_data", lang), lang)
    return C.chart_result(fig, rows, chart_meta(indicator, rows, lang, title, unit), lang, decimals)
