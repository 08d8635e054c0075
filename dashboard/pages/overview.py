"""Overview: headline cards for the latest period with their changes, the canton map with a time slider and the
national trend, seasonally adjusted beside unadjusted where both exist."""

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import components as C
from dashboard import data
from dashboard import figures_common as F
from dashboard import lang as L
from dashboard import series as S
from dashboard.embeds import embeddable
from dashboard.meta import chart_meta
from dashboard.shown import measure_unit, shown, side_by_side
from dashboard.state import choose, encode
from indicators.catalog import entry

dash.register_page(__name__, path="/", name="Overview", title="LMO", order=0)

HEADLINE_GEO = "CH"
# The office's headline figures, in this order; derived series (implied labour force) are not headlines.
HEADLINES = ("registered_unemployment_rate", "registered_unemployed", "jobseekers", "long_term_unemployment_share")
DEFAULT = "registered_unemployment_rate"


def headline_indicators(catalog: dict) -> list[str]:
    """National monthly figures of the reader's world (dashboard/world.py keeps synthetic values apart)."""
    return [i for i in HEADLINES if i in catalog and HEADLINE_GEO in catalog[i]["geos"]
            and "M" in catalog[i]["freqs"]]


def map_indicators(catalog: dict) -> list[str]:
    return [i for i, info in catalog.items() if any(g.startswith("CH-") for g in info["geos"])]


def canton_values(indicator: str):
    frame = S.totals(indicator, None, "level", "NSA", "M")
    return frame[frame["geo"].str.startswith("CH-")]


def slider_state(indicator: str, period: str | None, lang: str) -> tuple:
    """Slider positions are periods oldest first; the first and last period are written at its ends."""
    periods = S.periods(canton_values(indicator))[::-1]
    ends = [html.Span(L.period_label(periods[i], lang)) for i in (0, -1)] if periods else []
    value = periods.index(period) if period in periods else len(periods) - 1
    return len(periods) - 1, ends, value, periods


def layout(lang: str | None = None, indicator: str | None = None, period: str | None = None, **_query) -> html.Div:
    lang = L.normalize(lang)
    catalog = data.available()
    choices = map_indicators(catalog)
    chosen = choose(indicator, choices, DEFAULT if DEFAULT in choices else next(iter(choices), None))
    top, ends, value, periods = slider_state(chosen, period, lang) if chosen else (0, [], 0, [])
    return html.Div([
        dcc.Location(id="overview-url", refresh=False), dcc.Store(id="overview-lang", data=lang),
        dcc.Store(id="overview-periods", data=periods),
        html.H1(L.t("overview.title", lang), className="h3"),
        dbc.Row([card(i, lang) for i in headline_indicators(catalog)], className="g-3 mb-3"),
        dbc.Row([C.labelled(L.t("control.indicator", lang), C.dropdown(
            id="overview-indicator", value=chosen, clearable=False,
            options=[{"label": L.indicator_name(i, lang), "value": i} for i in choices]), "overview-indicator", 6),
            dbc.Col([html.Label([L.t("control.period", lang), ": ", html.Span(id="overview-period-label")],
                                htmlFor="overview-slider", className="form-label small mb-0"),
                     # a native range input: keyboard (arrows, Home, End) and label work as in any form
                     dcc.Input(id="overview-slider", type="range", min=0, max=top, step=1, value=value,
                               debounce=True, className="form-range"),
                     html.Div(ends, id="overview-slider-ends", className="d-flex justify-content-between small",
                              **{"aria-hidden": "true"})],
                    xs=12, md=6, className="mb-2")]),
        dbc.Row([dbc.Col(C.chart_card("overview-map", lang), lg=7), dbc.Col(C.chart_card("overview-trend", lang), lg=5)]),
    ])


def card(indicator: str, lang: str) -> dbc.Col:
    """Latest value and its changes on the previous month and the year (pp for rates, % for counts); beside it
    the seasonally adjusted value and its change on the previous month where the mart holds one."""
    item = entry(indicator)
    period = data.latest_period(indicator, "M", HEADLINE_GEO)
    values = data.headline(indicator, HEADLINE_GEO, period) if period else {}
    adjusted = data.headline(indicator, HEADLINE_GEO, period, "SA") if period else {}
    unit, decimals = measure_unit(item, "level", lang)
    keys = ("overview.vs_prev", "overview.vs_year")
    sa = [html.Div(L.t("overview.sa", lang, value=f"{L.number(adjusted['level'], lang, decimals)} {unit}"),
                   className="small fw-bold mt-2", id=f"overview-card-{indicator}-sa"),
          *changes(item, adjusted, keys[:1], lang),
          html.Div(L.t("overview.sa_note", lang), className="small text-muted")] if adjusted.get("level") else []
    return dbc.Col(dbc.Card(dbc.CardBody([
        html.H2(L.indicator_name(indicator, lang), className="h6 text-muted"),
        html.Div(f"{L.number(values.get('level'), lang, decimals)} {unit}", className="lmo-card-value",
                 id=f"overview-card-{indicator}"),
        html.Div(L.t("overview.latest", lang, period=L.period_label(period or "", lang))
                 + (f" · {L.t('option.NSA', lang)}" if sa else ""), className="small"),
        *changes(item, values, keys, lang), *sa,
    ]), className="h-100"), xs=12, sm=6, lg=3)


def changes(item: dict, values: dict, keys: tuple[str, ...], lang: str) -> list[html.Div]:
    """The changes on the previous month and on the year (as `keys` ask) that `values` hold, one line each."""
    change = "pp" if item["kind"] == "rate" else "pct"
    spans = dict(zip(("overview.vs_prev", "overview.vs_year"), (f"change_prev_{change}", f"change_year_{change}")))
    return [html.Div(f"{L.signed(values[spans[key]], lang, 2 if change == 'pp' else 1)} "
                     f"{L.t('unit.pp', lang) if change == 'pp' else '%'} {L.t(key, lang)}", className="small")
            for key in keys if values.get(spans[key]) is not None]


@callback(Output("overview-slider", "max"), Output("overview-slider-ends", "children"), Output("overview-slider", "value"),
          Output("overview-periods", "data"), Input("overview-indicator", "value"), State("overview-periods", "data"),
          State("overview-slider", "value"), State("overview-lang", "data"), prevent_initial_call=True)
def slider(indicator: str, periods: list[str], position: int | str, lang: str):
    """Another indicator has other periods: the slider keeps the month shown when the new one has it."""
    position = int(position) if position not in (None, "") else None
    period = periods[position] if periods and position is not None and position < len(periods) else None
    return slider_state(indicator, period, lang)


@callback(*C.chart_outputs("overview-map"), *C.chart_outputs("overview-trend"), Output("overview-url", "search"),
          Output("overview-period-label", "children"), Input("overview-indicator", "value"),
          Input("overview-slider", "value"), State("overview-periods", "data"), State("overview-lang", "data"))
def overview_charts(indicator: str, position: int | str, periods: list[str], lang: str):
    position = int(position) if position not in (None, "") else None
    period = periods[position] if periods and position is not None and position < len(periods) else None
    latest = period is None or period == periods[-1]
    return (*canton_map(indicator, lang, period), *national_trend(indicator, lang),
            encode({"lang": lang, "indicator": indicator, "period": None if latest else period}),
            L.period_label(period or "", lang))


@embeddable("overview-map")
def embedded_map(query: dict, lang: str) -> tuple:
    return canton_map(choose(query.get("indicator"), map_indicators(data.available()), DEFAULT), lang,
                      query.get("period"))


@embeddable("overview-trend")
def embedded_trend(query: dict, lang: str) -> tuple:
    return national_trend(choose(query.get("indicator"), map_indicators(data.available()), DEFAULT), lang)


def canton_map(indicator: str, lang: str, period: str | None = None) -> tuple:
    item = entry(indicator)
    frame = canton_values(indicator)
    held = S.periods(frame)
    period = period if period in held else (held[0] if held else "")
    rows = shown(frame[frame["period"] == period], indicator, lang)
    unit, decimals = measure_unit(item, "level", lang)
    title = L.t("overview.map", lang, indicator=L.indicator_name(indicator, lang), period=L.period_label(period, lang))
    fig = F.choropleth(rows, data.CANTONS_URL, lang, title, unit, decimals) if len(rows) else \
        F.empty(L.t("chart.no_data", lang), lang)
    return C.chart_result(fig, rows, chart_meta(indicator, rows, lang, title, unit), lang, decimals)


def national_trend(indicator: str, lang: str) -> tuple:
    """The unadjusted national series and, where the mart holds it, the seasonally adjusted one beside it."""
    item = entry(indicator)
    rows = side_by_side({a: S.totals(indicator, [HEADLINE_GEO], "level", a, "M") for a in ("NSA", "SA")}, indicator,
                        lang)
    unit, decimals = measure_unit(item, "level", lang)
    title = L.t("overview.trend", lang, indicator=L.indicator_name(indicator, lang))
    fig = F.line(rows, lang, title, unit, unit, decimals) if len(rows) else F.empty(L.t("chart.no_data", lang), lang)
    return C.chart_result(fig, rows, chart_meta(indicator, rows, lang, title, unit), lang, decimals)
