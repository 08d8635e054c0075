"""Explorer: any indicator × places × one breakdown, unadjusted or seasonally adjusted, as line, bar, map or table."""

import dash
from dash import Input, Output, State, callback, dcc, html

from dashboard import components as C
from dashboard import data
from dashboard import figures_common as F
from dashboard import lang as L
from dashboard.meta import chart_meta
from dashboard.shown import as_index, measure_unit, shown
from dashboard.state import as_list, choose, encode
from indicators.catalog import entry

dash.register_page(__name__, path="/explorer", name="Explorer", title="LMO · Explorer", order=1)

VIEWS = ["line", "bar", "map", "table"]
DEFAULT_GEOS = ["CH", "CH-ZH", "CH-GE", "CH-TI"]
CONTROLS = ["indicator", "geos", "dim", "adj", "measure", "view", "freq", "period"]
OPTIONED = ["geos", "measure", "dim", "adj", "freq", "period"]
KEPT = ["measure", "dim", "adj", "period"]


def read_state(query: dict, catalog: dict) -> dict:
    """The view asked for in the URL, every value checked against what the mart holds."""
    indicator = choose(query.get("indicator"), catalog, "registered_unemployment_rate"
                       if "registered_unemployment_rate" in catalog else next(iter(catalog), None))
    info = catalog.get(indicator, {"geos": [], "measures": ["level"], "adjustments": ["NSA"], "freqs": ["M"],
                                   "dims": []})
    freq = choose(query.get("freq"), info["freqs"], info["freqs"][0])
    return {"indicator": indicator, "freq": freq,
            "geos": [g for g in as_list(query.get("geos"), DEFAULT_GEOS) if g in info["geos"]] or info["geos"][:4],
            "dim": choose(query.get("dim"), info["dims"], "none"),
            "adj": choose(query.get("adj"), info["adjustments"], "NSA"),
            "measure": choose(query.get("measure"), [*info["measures"], "index"], "level"),
            "view": choose(query.get("view"), VIEWS, "line"),
            "period": query.get("period")}


def layout(lang: str | None = None, **query) -> html.Div:
    lang = L.normalize(lang)
    catalog = data.available()
    state = read_state(query, catalog)
    control = {name: f"explorer-{name}" for name in CONTROLS}
    found = control_options(state["indicator"], state["freq"], lang)
    periods = [option["value"] for option in found["period"]]
    state["period"] = choose(state["period"], periods, periods[0] if periods else None)
    return html.Div([
        dcc.Location(id="explorer-url", refresh=False), dcc.Store(id="explorer-lang", data=lang),
        html.H1(L.t("explorer.title", lang), className="h3"),
        html.Div([
            C.labelled(L.t("control.indicator", lang), dcc.Dropdown(
                id=control["indicator"], value=state["indicator"], clearable=False,
                options=[{"label": L.indicator_name(i, lang), "value": i} for i in catalog]), control["indicator"], 4),
            C.labelled(L.t("control.geos", lang), dcc.Dropdown(id=control["geos"], value=state["geos"], options=found["geos"], multi=True),
                       control["geos"], 5),
            C.labelled(L.t("control.period", lang), dcc.Dropdown(id=control["period"], value=state["period"], options=found["period"],
                                                                 clearable=False), control["period"], 3),
            C.labelled(L.t("control.measure", lang), dcc.Dropdown(id=control["measure"], value=state["measure"], options=found["measure"],
                                                                  clearable=False), control["measure"], 3),
            C.labelled(L.t("control.breakdown", lang), dcc.Dropdown(id=control["dim"], value=state["dim"], options=found["dim"],
                                                                    clearable=False), control["dim"], 2),
            C.labelled(L.t("control.adjustment", lang), dcc.Dropdown(id=control["adj"], value=state["adj"], options=found["adj"],
                                                                     clearable=False), control["adj"], 2),
            C.labelled(L.t("control.frequency", lang), dcc.Dropdown(id=control["freq"], value=state["freq"], options=found["freq"],
                                                                    clearable=False), control["freq"], 2),
            C.labelled(L.t("control.view", lang), dcc.RadioItems(
                id=control["view"], value=state["view"], options=C.options(VIEWS, lang, "option"),
                inline=True, inputClassName="me-1", labelClassName="me-3"), control["view"], 3),
        ], className="row"),
        html.P(id="explorer-definition", className="text-muted small"),
        C.chart_card("explorer-main", lang),
    ])


def control_options(indicator: str, freq: str, lang: str) -> dict[str, list]:
    """The choices the mart holds for an indicator, per control."""
    info = data.available()[indicator]
    return {"geos": [{"label": L.geo_name(g, lang), "value": g} for g in info["geos"]],
            "measure": C.options([*info["measures"], "index"], lang, "measure"),
            "dim": [{"label": L.t("option.none", lang), "value": "none"}] + C.options(info["dims"], lang, "dimension"),
            "adj": C.options(info["adjustments"], lang, "option"), "freq": C.options(info["freqs"], lang, "option"),
            "period": [{"label": L.period_label(p, lang), "value": p} for p in data.periods(indicator, freq)]}


@callback(*[Output(f"explorer-{name}", "options") for name in OPTIONED],
          *[Output(f"explorer-{name}", "value") for name in KEPT],
          Input("explorer-indicator", "value"), Input("explorer-freq", "value"),
          *[State(f"explorer-{name}", "value") for name in KEPT], State("explorer-lang", "data"),
          prevent_initial_call=True)
def choices(indicator: str, freq: str, *kept_and_lang):
    """New choices when the indicator or frequency changes; each value is kept when it is still a choice."""
    *kept, lang = kept_and_lang
    found = control_options(indicator, freq, lang)
    values = []
    for name, value in zip(KEPT, kept):
        allowed = [option["value"] for option in found[name]]
        values.append(value if value in allowed else (allowed[0] if name == "period" and allowed else
                                                      {"measure": "level", "dim": "none", "adj": "NSA"}.get(name)))
    return (*[found[name] for name in OPTIONED], *values)


@callback(*C.chart_outputs("explorer-main"), Output("explorer-main-table", "className"),
          Output("explorer-definition", "children"), Output("explorer-url", "search"),
          *[Input(f"explorer-{name}", "value") for name in CONTROLS], State("explorer-lang", "data"))
def view(indicator, geos, dim, adj, measure, view_, freq, period, lang):
    state = dict(zip(CONTROLS, [indicator, geos, dim, adj, measure, view_, freq, period]))
    return (*explorer_chart(state, lang), "table-responsive" if view_ == "table" else "visually-hidden",
            L.definition(indicator, lang), encode({"lang": lang, **state}))


def explorer_chart(asked: dict, lang: str) -> tuple:
    """The chart outputs for a view (pure given the published warehouse: the benchmark times this)."""
    state = read_state(asked, data.available())
    item = entry(state["indicator"])
    dim = None if state["dim"] in (None, "none") else state["dim"]
    measure = "level" if state["measure"] == "index" else state["measure"]
    single = state["view"] in ("bar", "map")
    frame = data.observations(state["indicator"], None if state["view"] == "map" else state["geos"] or [],
                              measure, state["adj"] or "NSA", state["freq"], dim,
                              state["period"] if single else None)
    if state["view"] == "map":
        frame = frame[frame["geo"].str.startswith("CH-")]
    rows = shown(frame, state["indicator"], lang, dim)
    if state["measure"] == "index" and not single:
        rows = as_index(rows)
    unit, decimals = measure_unit(item, state["measure"], lang)
    title = f"{L.indicator_name(state['indicator'], lang)}: {L.t('measure.' + state['measure'], lang)}"
    title += f", {L.period_label(state['period'], lang)}" if single and state["period"] else ""
    meta = chart_meta(state["indicator"], rows, lang, title, unit)
    return C.chart_result(figure(state["view"], rows, lang, title, unit, decimals), rows, meta, lang, decimals,
                          1000 if state["view"] == "table" else 100)


def figure(view_: str, rows, lang: str, title: str, unit: str, decimals: int):
    if rows.empty:
        return F.empty(L.t("chart.no_data", lang), lang)
    if view_ == "bar":
        return F.bars(rows, lang, title, unit, unit, decimals)
    if view_ == "map":
        return F.choropleth(rows, data.CANTONS_URL, lang, title, unit, decimals)
    if view_ == "table":
        return F.empty(title, lang, height=80)
    return F.line(rows, lang, title, unit, unit, decimals)
