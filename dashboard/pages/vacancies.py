"""Vacancies and the obligation to announce them: Beveridge curve, occupations against the 5 % line,
the (provisional) list of subject occupations per year and the obligation's reach — from whatever the mart holds."""

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from dashboard import components as C
from dashboard import data
from dashboard import figures_common as F
from dashboard import figures_vacancies as FV
from dashboard import lang as L
from dashboard.embeds import embeddable
from dashboard.meta import chart_meta
from dashboard.obligation import classify
from dashboard.shown import measure_unit, shown
from dashboard.state import choose, encode
from indicators.catalog import entry

dash.register_page(__name__, path="/vacancies", name="Vacancies", title="LMO · Vacancies", order=3)

# Indicator ids this page uses, first one found in the mart wins.
UNEMPLOYMENT = ("registered_unemployment_rate",)
VACANCY_RATE = ("vacancy_rate", "notified_vacancy_rate")
OCCUPATION_RATE = ("occupation_unemployment_rate",)
SUBJECT = "notification_obligation_subject"
REACH = ("notification_obligation_reach",)
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
        sections += [dbc.Row(C.labelled(L.t("control.geo", lang), C.dropdown(
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
    return (*beveridge_chart(geo, pair, lang), encode({"lang": lang, "geo": geo}))


@embeddable("vacancies-beveridge")
def embedded_beveridge(query: dict, lang: str) -> tuple:
    catalog = data.available()
    return beveridge_chart(query.get("geo") or "CH", [first(UNEMPLOYMENT, catalog), first(VACANCY_RATE, catalog)],
                           lang)


def beveridge_chart(geo: str, pair: list[str], lang: str) -> tuple:
    unemployment, vacancies = pair
    u = data.observations(unemployment, [geo], "level", "NSA", "M")
    v = data.observations(vacancies, [geo], "level", "NSA", "M")
    rows = shown(u, unemployment, lang).merge(
        v[["period", "value"]].rename(columns={"value": "vacancy_rate"}), on="period")
    rows = rows.rename(columns={"value": "unemployment_rate"})
    title = f"{L.t('vacancies.beveridge', lang)}, {L.geo_name(geo, lang)}"
    fig = FV.beveridge(rows, lang, title, L.t("vacancies.beveridge_x", lang), L.t("vacancies.beveridge_y", lang)) \
        if len(rows) else F.empty(L.t("chart.no_data", lang), lang)
    meta = chart_meta(unemployment, pd.concat([u, v]), lang, title, "%")  # both sources on the source line
    return C.chart_result(fig, rows, meta, lang, 2)


def occupation_section(indicator: str, lang: str) -> list:
    """Each occupation type's rate for the latest list year against the 5 % line; the subject ones listed."""
    frame = data.observations(indicator, ["CH"], "level", "NSA", "A", "occupation")
    frame = frame[frame["occupation"] != "_T"]
    if frame.empty:
        return [no_data(BY_OCCUPATION, lang)]
    year = frame["period"].max()
    rows = frame[frame["period"] == year]
    means = occupation_means(rows, lang)
    listed = subject_list(year, rows, means)
    title = L.t("vacancies.provisional" if (rows["obs_status"] == "P").any() else "vacancies.list", lang, year=year)
    meta = chart_meta(indicator, rows, lang, title, "%")
    listed_rows = listed.rename(columns={"label": "breakdown"})
    table = C.data_table(C.records(listed_rows), list(listed_rows.columns), meta, lang, 3)
    return [C.chart_card("vacancies-occupations", lang, result=occupation_chart(indicator, lang)),
            html.H3(title, className="h6"),
            html.P(L.t("vacancies.provisional_note", lang, from_year=int(year) - 2, to_year=int(year) - 1),
                   className="small"),
            table if len(listed) else html.P(L.t("vacancies.none_subject", lang), className="small",
                                             id="vacancies-none-subject")]


def occupation_means(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    means = classify(rows[["occupation", "value"]].assign(value=rows["value"].round(3)))
    return means.assign(label=means["occupation"].map(lambda code: L.code_label("occupation", code, lang)))


@embeddable("vacancies-occupations")
def embedded_occupations(_query: dict, lang: str) -> tuple:
    return occupation_chart(first(OCCUPATION_RATE, data.available(), "occupation"), lang)


def occupation_chart(indicator: str, lang: str) -> tuple:
    """The latest list year's rates by occupation type, each with its standing against the threshold."""
    frame = data.observations(indicator, ["CH"], "level", "NSA", "A", "occupation")
    rows = frame[(frame["occupation"] != "_T") & (frame["period"] == frame["period"].max())]
    means = occupation_means(rows, lang)
    title = f"{L.t('vacancies.occupations', lang)}, {rows['period'].max() if len(rows) else ''}"
    fig = FV.occupations(means, lang, title, L.t("vacancies.beveridge_x", lang), L.t("vacancies.band", lang),
                         L.t("vacancies.threshold", lang)) if len(rows) else F.empty(L.t("chart.no_data", lang), lang)
    standing = dict(zip(means["occupation"], means["status"]))
    table = shown(rows, indicator, lang, "occupation").assign(standing=[
        L.t(f"vacancies.standing.{standing[code]}", lang) for code in rows["occupation"]])
    return C.chart_result(fig, table, chart_meta(indicator, rows, lang, title, "%"), lang, 2)


def subject_list(year: str, rows, means):
    """Occupations the mart flags as subject for the year (or, without that flag, those at or above the line)."""
    flags = data.observations(SUBJECT, ["CH"], "level", "NSA", "A", "occupation", year) \
        if SUBJECT in data.available() else None
    chosen = set(flags.loc[flags["value"] == 1, "occupation"]) if flags is not None else \
        set(means.loc[means["status"] == "subject", "occupation"])
    return means[means["occupation"].isin(chosen)][["label", "value"]]


def reach_section(indicator: str, lang: str) -> dbc.Card:
    return C.chart_card("vacancies-reach", lang, result=reach_chart(indicator, lang))


@embeddable("vacancies-reach")
def embedded_reach(_query: dict, lang: str) -> tuple:
    return reach_chart(first(REACH, data.available()), lang)


def reach_chart(indicator: str, lang: str) -> tuple:
    """Share of employed persons in subject occupations, per list year."""
    rows = shown(data.observations(indicator, ["CH"], "level", "NSA", "A"), indicator, lang)
    unit, decimals = measure_unit(entry(indicator), "level", lang)
    title = L.indicator_name(indicator, lang)
    fig = F.line(rows, lang, title, unit, unit, decimals) if len(rows) else F.empty(L.t("chart.no_data", lang), lang)
    return C.chart_result(fig, rows, chart_meta(indicator, rows, lang, title, unit), lang, decimals)
