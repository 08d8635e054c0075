"""Vacancies and the obligation to announce them: Beveridge curve, occupations against the 5 % line,
the provisional list for next year and the obligation's reach — from whatever the mart holds."""

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import components as C
from dashboard import data
from dashboard import figures_common as F
from dashboard import figures_vacancies as FV
from dashboard import lang as L
from dashboard.meta import chart_meta
from dashboard.obligation import list_year, occupation_means
from dashboard.shown import measure_unit, shown
from dashboard.state import choose, encode
from indicators.catalog import entry

dash.register_page(__name__, path="/vacancies", name="Vacancies", title="LMO · Vacancies", order=3)

# Indicator ids this page uses, first one found in the mart wins.
UNEMPLOYMENT = ("registered_unemployment_rate",)
VACANCY_RATE = ("vacancy_rate", "notified_vacancy_rate")
OCCUPATION_RATE = ("occupation_unemployment_rate", "registered_unemployment_rate")
REACH = ("obligation_reach",)
BY_OCCUPATION = tuple(f"{i} × occupation" for i in OCCUPATION_RATE)


def first(candidates: tuple, catalog: dict, dim: str | None = None) -> str | None:
    return next((i for i in candidates if i in catalog and (dim is None or dim in catalog[i]["dims"])), None)


def no_data(missing, lang: str) -> dbc.Alert:
    return dbc.Alert(L.t("vacancies.no_data", lang, indicators=", ".join(missing)), color="secondary",
                     className="small")


def layout(lang: str | None = None, geo: str | None = None, **_query) -> html.Div:
    lang = L.normalize(lang)
    catalog = data.available()
    unemployment, vacancies = first(UNEMPLOYMENT, catalog), first(VACANCY_RATE, catalog)
    occupation, reach = first(OCCUPATION_RATE, catalog, "occupation"), first(REACH, catalog)
    geos = sorted(set(catalog[unemployment]["geos"]) & set(catalog[vacancies]["geos"])) if unemployment and vacancies else []
    sections = [html.H1(L.t("vacancies.title", lang), className="h3"),
                dcc.Location(id="vacancies-url", refresh=False), dcc.Store(id="vacancies-lang", data=lang),
                html.H2(L.t("vacancies.beveridge", lang), className="h5 mt-3")]
    if geos:
        sections += [dbc.Row(C.labelled(L.t("control.geo", lang), dcc.Dropdown(
            id="vacancies-geo", value=choose(geo, geos, "CH" if "CH" in geos else geos[0]), clearable=False,
            options=[{"label": L.geo_name(g, lang), "value": g} for g in geos]), "vacancies-geo", 4)),
            dcc.Store(id="vacancies-pair", data=[unemployment, vacancies]), C.chart_card("vacancies-beveridge", lang)]
    else:
        sections.append(no_data(VACANCY_RATE if unemployment else (*UNEMPLOYMENT, *VACANCY_RATE), lang))
    sections.append(html.H2(L.t("vacancies.occupations", lang), className="h5 mt-3"))
    sections += occupation_section(occupation, lang) if occupation else [no_data(BY_OCCUPATION, lang)]
    sections.append(html.H2(L.t("vacancies.reach", lang), className="h5 mt-3"))
    sections.append(reach_section(reach, lang) if reach else no_data(REACH, lang))
    return html.Div(sections)


@callback(*C.chart_outputs("vacancies-beveridge"), Output("vacancies-url", "search"),
          Input("vacancies-geo", "value"), State("vacancies-pair", "data"), State("vacancies-lang", "data"))
def beveridge_curve(geo: str, pair: list[str], lang: str):
    unemployment, vacancies = pair
    u = data.observations(unemployment, [geo], "level", "NSA", "M")
    v = data.observations(vacancies, [geo], "level", "NSA", "M")
    rows = shown(u, unemployment, lang).merge(
        v[["period", "value"]].rename(columns={"value": "vacancy_rate"}), on="period")
    rows = rows.rename(columns={"value": "unemployment_rate"})
    title = f"{L.t('vacancies.beveridge', lang)}, {L.geo_name(geo, lang)}"
    fig = FV.beveridge(rows, lang, title, L.t("vacancies.beveridge_x", lang), L.t("vacancies.beveridge_y", lang)) \
        if len(rows) else F.empty(L.t("chart.no_data", lang), lang)
    meta = chart_meta(unemployment, rows, lang, title, "%")
    return (*C.chart_result(fig, rows, meta, lang, 2), encode({"lang": lang, "geo": geo}))


def occupation_section(indicator: str, lang: str) -> list:
    """Occupations' mean rate over the reference period of the next list, against the 5 % line."""
    frame = data.observations(indicator, ["CH"], "level", "NSA", "M", "occupation")
    frame = frame[frame["occupation"] != "_T"]
    if frame.empty:
        return [no_data(BY_OCCUPATION, lang)]
    year = list_year(frame["period"].tolist())
    means = occupation_means(frame, year)
    subject = means[means["status"] == "subject"]
    fig = FV.occupations(means, lang, L.t("vacancies.occupations", lang), L.t("vacancies.beveridge_x", lang),
                         L.t("vacancies.band", lang), L.t("vacancies.threshold", lang))
    meta = chart_meta(indicator, frame, lang, L.t("vacancies.provisional", lang, year=year), "%")
    table = C.data_table(subject[["occupation", "value", "months"]].rename(columns={"occupation": "breakdown"}),
                         meta, lang, 2)
    return [dcc.Graph(id="vacancies-occupations-graph", figure=fig, config=C.GRAPH_CONFIG),
            html.H3(L.t("vacancies.provisional", lang, year=year), className="h6"),
            html.P(L.t("vacancies.provisional_note", lang, from_year=year - 2, to_year=year - 1), className="small"),
            table]


def reach_section(indicator: str, lang: str) -> dcc.Graph:
    rows = shown(data.observations(indicator, ["CH"], "level", "NSA", "A"), indicator, lang)
    unit, decimals = measure_unit(entry(indicator), "level", lang)
    title = L.indicator_name(indicator, lang)
    return dcc.Graph(id="vacancies-reach-graph", config=C.GRAPH_CONFIG,
                     figure=F.line(rows, lang, title, unit, unit, decimals) if len(rows) else
                     F.empty(L.t("chart.no_data", lang), lang))
