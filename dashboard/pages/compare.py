"""Compare: places ranked by their deviation from the national or peer mean, and small multiples over time;
countries by peer group (the Maghreb first), each with its latest year, many of them as one searchable ranking."""

import dash
from dash import Input, Output, State, callback, dcc, html

from dashboard import compare_countries as CC
from dashboard import components as C
from dashboard import countries as K
from dashboard import data
from dashboard import figures_common as F
from dashboard import lang as L
from dashboard import series as S
from dashboard.embeds import embeddable
from dashboard.meta import chart_meta
from dashboard.shown import measure_unit, shown
from dashboard.state import as_list, choose, encode
from indicators.catalog import entry

dash.register_page(__name__, path="/compare", name="Compare", title="LMO · Compare", order=2)

GROUPS = ["cantons", "countries"]
REFERENCES = ["national", "peer_mean"]
CONTROLS = ["group", "indicator", "period", "reference", "peers", "peergroup", "find"]
COUNTRY_DEFAULT = "ilo_unemployment_rate"  # the Maghreb's headline figure, from national surveys


def members(group: str, geos: list[str]) -> list[str]:
    """Cantons (ISO 3166-2 codes of CH) or countries (ISO 3166-1 codes)."""
    return [g for g in geos if (g.startswith("CH-") if group == "cantons" else len(g) == 2)]


def read_state(query: dict, catalog: dict) -> dict:
    group = choose(query.get("group"), GROUPS, "cantons")
    usable = [i for i, info in catalog.items() if len(members(group, info["geos"])) > 1]
    default = "registered_unemployment_rate" if group == "cantons" else COUNTRY_DEFAULT
    indicator = choose(query.get("indicator"), usable, default if default in usable else next(iter(usable), None))
    geos = members(group, catalog[indicator]["geos"]) if indicator else []
    freqs = catalog[indicator]["freqs"] if indicator else ["M"]
    freq = "A" if group == "countries" and "A" in freqs else freqs[0]  # country series are annual
    periods = group_periods(indicator, freq, geos) if indicator else []
    state = {"group": group, "indicator": indicator, "freq": freq, "usable": usable, "geos": geos,
             "periods": periods, "period": choose(query.get("period"), periods, periods[0] if periods else None),
             "reference": choose(query.get("reference"), REFERENCES, "national") if group == "cantons" else "peer_mean",
             "peers": [g for g in as_list(query.get("peers"), geos) if g in geos] or geos,
             "peergroups": [], "peergroup": None, "find": []}
    return country_state(state, query) if group == "countries" else state


def country_state(state: dict, query: dict) -> dict:
    """Countries: a peer group chooses the peers (the Maghreb by default), each country shown with its latest
    year unless a year is asked for; `find` names the countries to pick out of a long ranking."""
    geos = state["geos"]
    groups = K.groups_with(geos)
    peergroup = choose(query.get("peergroup"), [*groups, "custom"], K.DEFAULT_GROUP if K.DEFAULT_GROUP in groups
                       else "custom")
    asked = [g for g in as_list(query.get("peers"), []) if g in geos]
    peers = K.group_members(peergroup, geos) if peergroup != "custom" else asked or geos
    periods = [K.LATEST, *state["periods"]]
    found = [g for g in as_list(query.get("find"), [g for g in K.MAGHREB if g in peers]) if g in peers]
    return state | {"peergroups": groups, "peergroup": peergroup, "peers": peers, "periods": periods,
                    "period": choose(query.get("period"), periods, K.LATEST), "find": found}


def period_options(periods: list[str], lang: str) -> list[dict]:
    return [{"label": L.t("countries.latest", lang) if p == K.LATEST else L.period_label(p, lang), "value": p}
            for p in periods]


def group_periods(indicator: str, freq: str, geos: list[str]) -> list[str]:
    """Periods, latest first, with a value for at least two of the places."""
    if S.fixed_group(indicator) is None:
        return data.shared_periods(indicator, freq, geos)
    return S.periods(S.totals(indicator, geos, freq=freq), 2)


def layout(lang: str | None = None, **query) -> html.Div:
    lang = L.normalize(lang)
    state = read_state(query, data.available())
    return html.Div([
        dcc.Location(id="compare-url", refresh=False), dcc.Location(id="compare-nav", refresh="callback-nav"),
        dcc.Store(id="compare-lang", data=lang),
        html.H1(L.t("compare.title", lang), className="h3"),
        html.Div([
            C.labelled(L.t("control.group", lang), C.radio(
                id="compare-group", value=state["group"], options=C.options(GROUPS, lang, "option")), "compare-group", 3),
            C.labelled(L.t("control.indicator", lang), C.dropdown(
                id="compare-indicator", value=state["indicator"], clearable=False,
                options=[{"label": L.indicator_name(i, lang), "value": i} for i in state["usable"]]),
                "compare-indicator", 4),
            C.labelled(L.t("control.period", lang), C.dropdown(
                id="compare-period", value=state["period"], clearable=False,
                options=period_options(state["periods"], lang)), "compare-period", 2),
            C.labelled(L.t("control.reference", lang), C.radio(
                id="compare-reference", value=state["reference"], options=C.options(REFERENCES, lang, "option")),
                "compare-reference", 3),
            country_only(C.labelled(L.t("countries.peergroup", lang), C.dropdown(
                id="compare-peergroup", value=state["peergroup"], disabled=not state["peergroups"],
                options=C.options([*state["peergroups"], "custom"], lang, "peer_group")), "compare-peergroup", 3),
                state),
            C.labelled(L.t("control.peers", lang), C.dropdown(
                id="compare-peers", value=state["peers"], multi=True, disabled=state["peergroup"] not in (None, "custom"),
                options=place_options(state["geos"], lang)), "compare-peers", 9),
            country_only(C.labelled(L.t("countries.find", lang), C.dropdown(
                id="compare-find", value=state["find"], multi=True, options=place_options(state["peers"], lang)),
                "compare-find", 12), state),
        ], className="row"),
        C.chart_card("compare-ranking", lang),
        C.chart_card("compare-multiples", lang),
    ])


def country_only(column, state: dict):
    """A control only countries have (peer group, search), kept for the callbacks but hidden for cantons."""
    if state["group"] != "countries":
        column.className += " d-none"
    return column


def place_options(geos: list[str], lang: str) -> list[dict]:
    """Places by name in the page's language (CLDR through Babel for countries), sorted by that name."""
    return sorted(({"label": L.geo_name(g, lang), "value": g} for g in geos), key=lambda o: o["label"])


@callback(Output("compare-nav", "href"), Input("compare-group", "value"), Input("compare-indicator", "value"),
          Input("compare-peergroup", "value"), State("compare-period", "value"), State("compare-reference", "value"),
          State("compare-lang", "data"), prevent_initial_call=True)
def rebuild(group, indicator, peergroup, period, reference, lang):
    """Another group, indicator or peer group changes the choices themselves: the page is laid out again."""
    return "/compare" + encode({"lang": lang, "group": group, "indicator": indicator, "period": period,
                                "reference": reference, "peergroup": peergroup if group == "countries" else None})


@callback(*C.chart_outputs("compare-ranking"), *C.chart_outputs("compare-multiples"), Output("compare-url", "search"),
          *[Input(f"compare-{name}", "value") for name in CONTROLS[:5]], State("compare-lang", "data"),
          *[Input(f"compare-{name}", "value") for name in CONTROLS[5:]])
def compare(group, indicator, period, reference, peers, lang, peergroup=None, find=None):
    """The charts and the URL of the state shown (a period or group the data lack is replaced: the URL follows)."""
    values = [group, indicator, period, reference, peers, peergroup, find]
    state = read_state(dict(zip(CONTROLS, values)), data.available())
    query = encode({"lang": lang, **{name: state[name] for name in CONTROLS},
                    "peers": None if state["peers"] == state["geos"] or state["peergroup"] not in (None, "custom")
                    else state["peers"]})
    if not state["indicator"]:
        return (*C.empty_result(lang, L.t("chart.no_data", lang)), *C.empty_result(lang, L.t("chart.no_data", lang)),
                query)
    draw_ranking, draw_series = drawers(state)
    return (*draw_ranking(state, lang), *draw_series(state, lang), query)


def drawers(state: dict) -> tuple:
    """The ranking's and the series' functions of the group shown (countries have their own)."""
    return (CC.ranking, CC.series) if state["group"] == "countries" else (ranking, small_multiples)


@embeddable("compare-ranking")
def embedded_ranking(query: dict, lang: str) -> tuple:
    state = read_state(query, data.available())
    return drawers(state)[0](state, lang)


@embeddable("compare-multiples")
def embedded_multiples(query: dict, lang: str) -> tuple:
    state = read_state(query, data.available())
    return drawers(state)[1](state, lang)


def ranking(state: dict, lang: str) -> tuple:
    """Each peer's value minus the reference (the national value, or the mean of the peers)."""
    indicator = state["indicator"]
    item = entry(indicator)
    unit, decimals = measure_unit(item, "level", lang)
    frame = S.totals(indicator, None, "level", "NSA", state["freq"], state["period"])
    national = frame.loc[frame["geo"] == "CH", "value"]
    rows = shown(frame[frame["geo"].isin(state["peers"])], indicator, lang)
    use_national = state["reference"] == "national" and state["group"] == "cantons" and len(national)
    reference = float(national.iloc[0]) if use_national else float(rows["value"].mean()) if len(rows) else None
    reference_key = "national" if use_national else "peer_mean"
    rows = rows.assign(reference=reference, deviation=(rows["value"] - reference).round(decimals + 2),
                       value_shown=rows["value"])
    title = L.t("compare.ranking", lang, indicator=L.indicator_name(indicator, lang),
                period=L.period_label(state["period"] or "", lang), reference=L.t(f"compare.{reference_key}", lang))
    plotted = rows.assign(value=rows["deviation"])
    label = f"{L.t('option.' + reference_key, lang)} {L.number(reference, lang, decimals)} {unit}"
    # a difference of two rates is in percentage points, not in percent
    difference = L.t("unit.pp", lang) if item["kind"] == "rate" else unit
    fig = F.bars(plotted, lang, title, L.t("column.deviation", lang) + f" ({difference})", difference, decimals,
                 0.0, label) if len(rows) else F.empty(L.t("chart.no_data", lang), lang)
    meta = chart_meta(indicator, rows, lang, title, unit)
    return C.chart_result(fig, rows.drop(columns="value_shown"), meta, lang, decimals)


def small_multiples(state: dict, lang: str) -> tuple:
    indicator = state["indicator"]
    unit, decimals = measure_unit(entry(indicator), "level", lang)
    rows = shown(S.totals(indicator, state["peers"], "level", "NSA", state["freq"]), indicator, lang)
    title = L.t("compare.multiples", lang, indicator=L.indicator_name(indicator, lang))
    fig = F.multiples(rows, lang, title, unit, decimals) if len(rows) else F.empty(L.t("chart.no_data", lang), lang)
    return C.chart_result(fig, rows, chart_meta(indicator, rows, lang, title, unit), lang, decimals)
