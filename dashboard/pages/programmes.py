"""Programmes page: results chain, targets, exit cohorts and the programmes' net effects with their diagnostics."""

from functools import partial

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from dashboard import components as C
from dashboard import data
from dashboard import figures_programmes as FP
from dashboard import lang as L
from dashboard import programme_charts as PC
from dashboard import programme_diagnostics as PD
from dashboard.embeds import embeddable
from dashboard.state import choose, encode

dash.register_page(__name__, path="/programmes", name="Programmes", title="LMO · Programmes", order=4)

OUTCOMES = ("employed_12m", "employed_6m", "earnings_12m", "days_unemployed_12m")
CONTROLS = ("programme", "outcome", "method")
CHAIN = (("inputs", ("programme_cost_per_participant", "programme_entrants")),
         ("outputs", ("programme_exits", "programme_completion_rate")),
         ("outcomes", ("programme_employment_6m", "programme_employment_12m")))
CHARTS = ("cohorts", "targets", "forest", "balance", "overlap")


def programme_options(programmes: pd.DataFrame, lang: str) -> list[dict]:
    synthetic = f" ({L.t('synthetic', lang)})"
    return [{"label": f"{L.code_label('programme', row.programme, lang)} — {L.geo_name(row.geo, lang)}"
                      + (synthetic if "synthetic" in str(row.source).lower() else ""),
             "value": f"{row.geo}|{row.programme}"} for row in programmes.itertuples()]


def caveat(programmes: pd.DataFrame, lang: str) -> str:
    sources = programmes.get("source", pd.Series(dtype=str))
    synthetic = sources.str.contains("synthetic", case=False).any()
    return L.t("programmes.caveat", lang) + (" " + L.t("programmes.synthetic", lang) if synthetic else "")


def dropdown(name: str, value, options: list[dict], lang: str, width: int) -> dbc.Col:
    return C.labelled(L.t(f"programmes.{name}", lang), C.dropdown(
        id=f"programmes-{name}", options=options, value=value, clearable=False), f"programmes-{name}", width)


def layout(lang: str | None = None, programme: str | None = None, outcome: str | None = None,
           method: str | None = None, **_query) -> html.Div:
    lang = L.normalize(lang)
    programmes = data.programme_list()
    options = programme_options(programmes, lang)
    values = [o["value"] for o in options]
    card = lambda name: C.chart_card(f"programmes-{name}", lang)  # noqa: E731
    if not values:  # no programme in this world (real figures with only a synthetic register, say)
        return html.Div([html.H1(L.t("programmes.title", lang), className="h3"),
                         dbc.Alert(L.t("programmes.no_data", lang), color="secondary", id="programmes-none")])
    return html.Div([
        dcc.Location(id="programmes-url", refresh=False), dcc.Store(id="programmes-lang", data=lang),
        html.H1(L.t("programmes.title", lang), className="h3"),
        dbc.Alert(caveat(programmes, lang), color="warning", id="programmes-caveat", className="small"),
        dbc.Row([dropdown("programme", choose(programme, values, values[0] if values else None), options, lang, 4),
                 dropdown("outcome", choose(outcome, OUTCOMES, OUTCOMES[0]),
                          C.options(OUTCOMES, lang, "programmes.outcomes"), lang, 4),
                 dropdown("method", choose(method, FP.METHODS, "psm"),
                          C.options(FP.METHODS, lang, "programmes.methods"), lang, 4)], className="mb-3"),
        html.H2(L.t("programmes.chain", lang), className="h5"),
        dbc.Row(id="programmes-chain", className="mb-3"),
        dbc.Row([dbc.Col(card("cohorts"), lg=6), dbc.Col(card("targets"), lg=6)]),
        html.H2(L.t("programmes.impact", lang), className="h5"),
        card("forest"),
        html.Div(id="programmes-diagnostics", className="mb-3"),
        dbc.Row([dbc.Col(card("balance"), lg=7), dbc.Col(card("overlap"), lg=5)]),
    ])


def formatted(value, unit: str, conf_status: str, lang: str) -> str:
    if conf_status in ("C", "D", "N"):
        return L.t("flag.C", lang)
    if value is None or value != value:
        return "–"
    return f"{L.number(value, lang, 1)} %" if unit == "percent" else f"{L.number(value, lang, 0)} {L.unit(unit, lang)}"


def chain_cards(annual: pd.DataFrame, effect, unit: str, lang: str) -> list:
    # the latest year whose 12-month follow-up is observed: later years have too few exits to read
    followed = annual.loc[annual["indicator"] == "programme_employment_12m", "period"] if len(annual) else []
    year = max(followed) if len(followed) else (annual["period"].max() if len(annual) else "")
    values = {r.indicator: (r.value, r.unit, r.conf_status) for r in annual[annual["period"] == year].itertuples()} \
        if year else {}
    cards = [dbc.Col(dbc.Card(dbc.CardBody([html.H3(f"{L.t(f'programmes.stages.{stage}', lang)} {year}", className="h6"),
                                            *[html.Div([html.Span(L.indicator_name(i, lang) + ": ", className="text-muted"),
                                                        html.Strong(formatted(*values.get(i, (None, "", "F")), lang))])
                                              for i in indicators]])), md=3) for stage, indicators in CHAIN]
    impact = L.t("programmes.not_estimated", lang) if effect is None else (
        f"{L.signed(effect.att, lang)} [{L.signed(effect.ci_low, lang)}, {L.signed(effect.ci_high, lang)}] {unit}")
    cards.append(dbc.Col(dbc.Card(dbc.CardBody([html.H3(L.t("programmes.impact_card", lang), className="h6"), html.Div([
        html.Span(L.t("programmes.effect_on_treated", lang) + ": ", className="text-muted"), html.Strong(impact)])]),
        color="light"), md=3))
    return cards


def no_programme(lang: str) -> tuple:
    empty = C.empty_result(lang, L.t("programmes.no_data", lang))
    return tuple(value for _ in CHARTS for value in empty)


@callback(Output("programmes-chain", "children"), *C.chart_outputs("programmes-cohorts"),
          *C.chart_outputs("programmes-targets"), Input("programmes-programme", "value"),
          Input("programmes-outcome", "value"), State("programmes-lang", "data"))
def monitoring(choice: str | None, outcome: str, lang: str):
    if not choice:
        return [], *no_programme(lang)[:10]
    geo, programme = choice.split("|")
    effects = PC.effects_in_units(data.programme_effects([programme], outcome), outcome)
    effect = next(effects[effects["method"] == "dr"].itertuples(), None) if len(effects) else None
    unit = L.t(f"programmes.outcome_units.{outcome}", lang)
    cards = chain_cards(data.programme_annual(geo, programme), effect, unit, lang)
    return cards, *PC.cohort_chart(geo, programme, lang), *PC.target_chart(geo, lang)


@callback(*C.chart_outputs("programmes-forest"), *C.chart_outputs("programmes-balance"),
          *C.chart_outputs("programmes-overlap"), Output("programmes-url", "search"),
          *[Input(f"programmes-{name}", "value") for name in CONTROLS], State("programmes-lang", "data"))
def impact(choice: str | None, outcome: str, method: str, lang: str):
    query = encode({"lang": lang, "programme": choice, "outcome": outcome, "method": method})
    if not choice:
        return *no_programme(lang)[10:], query
    geo, programme = choice.split("|")
    return (*PC.effect_chart(geo, outcome, lang), *PC.balance_chart(programme, method, lang),
            *PC.overlap_chart(programme, lang), query)


def chosen(query: dict) -> tuple[str, str, str, str]:
    """geo, programme, outcome, method of a shared view (the first programme when none is named)."""
    values = [o["value"] for o in programme_options(data.programme_list(), "en")]
    geo, programme = choose(query.get("programme"), values, values[0] if values else "|").split("|")
    return (geo, programme, choose(query.get("outcome"), OUTCOMES, OUTCOMES[0]),
            choose(query.get("method"), FP.METHODS, "psm"))


def embedded(name: str, query: dict, lang: str) -> tuple:
    """One of the page's charts for /embed/programmes-<name>."""
    geo, programme, outcome, method = chosen(query)
    charts = {"cohorts": lambda: PC.cohort_chart(geo, programme, lang), "targets": lambda: PC.target_chart(geo, lang),
              "forest": lambda: PC.effect_chart(geo, outcome, lang),
              "balance": lambda: PC.balance_chart(programme, method, lang),
              "overlap": lambda: PC.overlap_chart(programme, lang)}
    return charts[name]()


for _name in CHARTS:
    embeddable(f"programmes-{_name}")(partial(embedded, _name))
@callback(Output("programmes-diagnostics", "children"), *[Input(f"programmes-{name}", "value") for name in CONTROLS],
          State("programmes-lang", "data"))
def overlap_diagnostics(choice: str | None, outcome: str, method: str, lang: str):
    """The chosen estimate's overlap diagnostics, E-values and warnings."""
    if not choice:
        return []
    return PD.panel(data.programme_effects([choice.split("|")[1]], outcome), method, lang)
