"""Explorer: any indicator × places × one breakdown, unadjusted or seasonally adjusted, as line, bar, map or table."""

import dash
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from dashboard import components as C
from dashboard import data
from dashboard import figures_common as F
from dashboard import lang as L
from dashboard import series as S
from dashboard.embeds import embeddable
from dashboard.grid import grid
from dashboard.meta import chart_meta
from dashboard.shown import as_index, by_adjustment, measure_unit, shown
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
            "adj": choose(query.get("adj"), adjustments(info), "NSA"),
            "measure": choose(query.get("measure"), [*info["measures"], "index"], "level"),
            "view": choose(query.get("view"), VIEWS, "line"),
            "period": query.get("period")}


def adjustments(info: dict) -> list[str]:
    """The adjustments held, and both side by side where the mart has unadjusted and seasonally adjusted."""
    held = info["adjustments"]
    return [*held, "both"] if {"NSA", "SA"} <= set(held) else held


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
            C.labelled(L.t("control.indicator", lang), C.dropdown(
                id=control["indicator"], value=state["indicator"], clearable=False,
                options=[{"label": L.indicator_name(i, lang), "value": i} for i in catalog]), control["indicator"], 4),
            C.labelled(L.t("control.geos", lang), C.dropdown(
                id=control["geos"], value=state["geos"], options=found["geos"], multi=True),
                       control["geos"], 5),
            C.labelled(L.t("control.period", lang), C.dropdown(
                id=control["period"], value=state["period"], options=found["period"], clearable=False), control["period"], 3),
            C.labelled(L.t("control.measure", lang), C.dropdown(
                id=control["measure"], value=state["measure"], options=found["measure"], clearable=False), control["measure"], 3),
            C.labelled(L.t("control.breakdown", lang), C.dropdown(
                id=control["dim"], value=state["dim"], options=found["dim"], clearable=False), control["dim"], 2),
            C.labelled(L.t("control.adjustment", lang), C.dropdown(
                id=control["adj"], value=state["adj"], options=found["adj"], clearable=False), control["adj"], 2),
            C.labelled(L.t("control.frequency", lang), C.dropdown(
                id=control["freq"], value=state["freq"], options=found["freq"], clearable=False), control["freq"], 2),
            C.labelled(L.t("control.view", lang), C.radio(
                id=control["view"], value=state["view"], options=C.options(VIEWS, lang, "option")), control["view"], 3),
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
            "adj": C.options(adjustments(info), lang, "option"), "freq": C.options(info["freqs"], lang, "option"),
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
          Output("explorer-main-figure", "className"), Output("explorer-definition", "children"),
          Output("explorer-url", "search"),
          *[Input(f"explorer-{name}", "value") for name in CONTROLS], State("explorer-lang", "data"))
def view(indicator, geos, dim, adj, measure, view_, freq, period, lang):
    state = dict(zip(CONTROLS, [indicator, geos, dim, adj, measure, view_, freq, period]))
    table = view_ == "table"
    return (*explorer_chart(state, lang), "table-responsive" if table else "visually-hidden",
            "d-none" if table else "", L.definition(indicator, lang), encode({"lang": lang, **state}))


@embeddable("explorer-main")
def explorer_chart(asked: dict, lang: str) -> tuple:
    """The chart outputs for a view (pure given the published warehouse: the benchmark times this)."""
    state = read_state(asked, data.available())
    item = entry(state["indicator"])
    single = state["view"] in ("bar", "map")
    rows = shown_rows(state, single, lang)
    if state["measure"] == "index" and not single:
        rows = as_index(rows)
    unit, decimals = measure_unit(item, state["measure"], lang)
    title = f"{L.indicator_name(state['indicator'], lang)}: {L.t('measure.' + state['measure'], lang)}"
    title += f", {L.period_label(state['period'], lang)}" if single and state["period"] else ""
    meta = chart_meta(state["indicator"], rows, lang, title, unit)
    result = C.chart_result(figure(state["view"], rows, lang, title, unit, decimals), rows, meta, lang, decimals)
    if state["view"] != "table":
        return result
    data_rows = result[1]["rows"]
    # the mart's notes are English and a DataTable cell cannot say so: they stay in the card's table and the CSV
    hidden = C.HIDDEN | {"note"}
    table = grid("explorer-grid", pd.DataFrame(data_rows, columns=result[1]["columns"]).drop(
        columns=[c for c in hidden if c in result[1]["columns"]]), column_labels(lang), lang, decimals)
    return (*result[:3], [C.caption(meta, lang), table], result[4])


def column_labels(lang: str) -> dict[str, str]:
    return {c: L.t(f"column.{c}", lang) for c in L.t("column", "en")}


def shown_rows(state: dict, single: bool, lang: str) -> pd.DataFrame:
    """The rows shown: totals or one breakdown, unadjusted and/or seasonally adjusted (both: series named so)."""
    dim = None if state["dim"] in (None, "none") else state["dim"]
    measure = "level" if state["measure"] == "index" else state["measure"]
    geos = None if state["view"] == "map" else state["geos"] or []
    period = state["period"] if single else None
    both = state["adj"] == "both"
    frames = []
    for adjustment in (["NSA", "SA"] if both else [state["adj"] or "NSA"]):
        frame = data.observations(state["indicator"], geos, measure, adjustment, state["freq"], dim, period) if dim \
            else S.totals(state["indicator"], geos, measure, adjustment, state["freq"], period)
        frames.append(frame.assign(adjustment=adjustment))
    frame = pd.concat(frames, ignore_index=True)
    if state["view"] == "map":
        frame = frame[frame["geo"].str.startswith("CH-")]
    rows = shown(frame, state["indicator"], lang, dim)
    return by_adjustment(rows, frame["adjustment"].to_numpy(), lang) if both else rows


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
