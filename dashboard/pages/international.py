"""International page: CH, MA, TN and MR side by side on ILO concepts, survey and modelled kept apart."""

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import components as C
from dashboard import data
from dashboard import figures_international as FI
from dashboard import lang as L
from dashboard.embeds import embeddable
from dashboard.meta import chart_meta
from dashboard.sources import source_parts
from dashboard.state import choose, encode
from indicators.catalog import entry

dash.register_page(__name__, path="/international", name="International", title="LMO · International", order=5)

COUNTRIES = ["CH", "MA", "TN", "MR"]
# topic -> the indicators drawn, each one concept, first = national surveys (solid line);
# labels are in dashboard/i18n under international.series.<indicator>
TOPICS = {
    "unemployment": ["ilo_unemployment_rate", "ilo_unemployment_rate_modelled"],
    "informal": ["informal_employment_rate"],
}
AGES = ["_T", "Y15-24", "Y_GE25"]
SEXES = ["_T", "F", "M"]
CONTROLS = ["topic", "sex", "age"]


def dropdown(name: str, value: str, values: list[str], lang: str, width: int):
    return C.labelled(L.t(f"international.{name}", lang), C.dropdown(
        id=f"international-{name}", value=value, clearable=False,
        options=[{"label": L.t(f"international.{name}s.{v}", lang), "value": v} for v in values]),
        f"international-{name}", width)


def layout(lang: str | None = None, topic: str | None = None, sex: str | None = None, age: str | None = None,
           **_query) -> html.Div:
    lang = L.normalize(lang)
    return html.Div([
        dcc.Location(id="international-url", refresh=False), dcc.Store(id="international-lang", data=lang),
        html.H1(L.t("international.title", lang), className="h3"),
        dbc.Row([dropdown("topic", choose(topic, TOPICS, "unemployment"), list(TOPICS), lang, 4),
                 dropdown("sex", choose(sex, SEXES, "_T"), SEXES, lang, 3),
                 dropdown("age", choose(age, AGES, "_T"), AGES, lang, 3)], className="mb-2"),
        html.P(id="international-definition", className="text-muted small"),
        C.chart_card("international-series", lang),
        html.Div(id="international-latest"),
        html.P(L.t("international.note", lang), className="text-muted small", id="international-note"),
    ])


def latest_table(frame, series: dict[str, str], lang: str) -> html.Div:
    latest = frame.sort_values("period").drop_duplicates(["indicator", "geo"], keep="last")
    header = html.Thead(html.Tr([html.Th(L.t(f"column.{c}", lang))
                                 for c in ("place", "series", "period", "value", "status", "source")]))
    rows = [html.Tr([html.Td(L.geo_name(r.geo, lang)), html.Td(series[r.indicator]), html.Td(r.period),
                     html.Td(L.number(r.value, lang, 1)), html.Td(r.obs_status), html.Td(source_parts(r.source, lang))])
            for r in latest.sort_values(["geo", "indicator"]).itertuples()]
    return C.scrollable(dbc.Table([header, html.Tbody(rows)], bordered=False, striped=True, size="sm",
                                  id="international-table"), L.t("international.title", lang))


@callback(Output("international-age", "value"), Input("international-topic", "value"), prevent_initial_call=True)
def age_for_topic(topic: str):
    """Only the unemployment rates have an age breakdown; other topics show the total."""
    return dash.no_update if topic == "unemployment" else "_T"


@callback(*C.chart_outputs("international-series"), Output("international-latest", "children"),
          Output("international-definition", "children"), Output("international-age", "disabled"),
          Output("international-url", "search"),
          *[Input(f"international-{name}", "value") for name in CONTROLS], State("international-lang", "data"))
def update(topic: str, sex: str, age: str, lang: str = "en"):
    series = {i: L.t(f"international.series.{i}", lang) for i in TOPICS[topic]}
    age = age if topic == "unemployment" else "_T"
    frame = data.concept_series(list(series), COUNTRIES, sex=sex, age=age)
    first = next(iter(series))
    title = (f"{L.indicator_name(first, lang)} — {L.t(f'international.sexs.{sex}', lang)}, "
             f"{L.t(f'international.ages.{age}', lang)}")
    names = {g: L.geo_name(g, lang) for g in COUNTRIES}
    unit = L.unit(entry(first)["unit"], lang)
    fig = FI.concept_panels(frame, COUNTRIES, names, series, lang, title, unit, L.t("international.no_series", lang))
    shown = frame.assign(place=frame["geo"].map(names), series=frame["indicator"].map(series),
                         status=frame["obs_status"])[["indicator", "geo", "place", "series", "period", "value",
                                                      "unit", "status", "concept", "source"]]
    chart = C.chart_result(fig, shown, chart_meta(first, frame, lang, title, unit), lang, 1)
    return (*chart, latest_table(frame, series, lang), L.definition(first, lang), topic != "unemployment",
            encode({"lang": lang, "topic": topic, "sex": sex, "age": age}))


@embeddable("international-series")
def embedded_series(query: dict, lang: str) -> tuple:
    return update(choose(query.get("topic"), TOPICS, "unemployment"), choose(query.get("sex"), SEXES, "_T"),
                  choose(query.get("age"), AGES, "_T"), lang)[:5]
