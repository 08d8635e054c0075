"""Table builder: any indicator × places × periods × up to two breakdowns as a pivot (rows and columns chosen),
sortable and paged, downloadable as CSV and XLSX with its metadata; every choice is in the URL."""

import dash
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from dashboard import components as C
from dashboard import data
from dashboard import lang as L
from dashboard import pivot as P
from dashboard.grid import grid
from dashboard.meta import chart_meta, source_line
from dashboard.shown import measure_unit
from dashboard.state import as_list, choose, encode
from indicators.catalog import entry

dash.register_page(__name__, path="/table", name="Table builder", title="LMO · Table builder", order=1.5)

CONTROLS = ["indicator", "geos", "freq", "start", "end", "dims", "rows"]
DEFAULT_GEOS = ["CH", "CH-ZH", "CH-GE", "CH-TI"]
LABELS = {"freq": "frequency", "start": "from", "end": "to", "dims": "breakdowns"}


def read_state(query: dict, catalog: dict) -> dict:
    """The table asked for in the URL, every value checked against what the mart holds."""
    indicator = choose(query.get("indicator"), catalog, "registered_unemployed"
                       if "registered_unemployed" in catalog else next(iter(catalog), None))
    info = catalog[indicator]
    freq = choose(query.get("freq"), info["freqs"], info["freqs"][0])
    periods = sorted(data.periods(indicator, freq))
    end = choose(query.get("end"), periods, periods[-1] if periods else None)
    start = choose(query.get("start"), periods, periods[max(0, len(periods) - 12)] if periods else None)
    dims = [d for d in as_list(query.get("dims"), []) if d in info["dims"]][:2]
    axes = ["geo", "period", *dims]
    rows = [a for a in as_list(query.get("rows"), ["geo"]) if a in axes] or axes[:1]
    return {"indicator": indicator, "freq": freq, "periods": periods, "start": start, "end": end, "dims": dims,
            "geos": [g for g in as_list(query.get("geos"), DEFAULT_GEOS) if g in info["geos"]] or info["geos"][:4],
            "rows": rows}


def layout(lang: str | None = None, **query) -> html.Div:
    lang = L.normalize(lang)
    catalog = data.available()
    state = read_state(query, catalog)
    info = catalog[state["indicator"]]
    period_options = [{"label": p, "value": p} for p in state["periods"]]
    pick = lambda name, value, options, width, **more: C.labelled(  # noqa: E731
        L.t(f"control.{LABELS.get(name, name)}", lang),
        C.dropdown(id=f"table-{name}", value=value, options=options, **more), f"table-{name}", width)
    return html.Div([
        dcc.Location(id="table-url", refresh=False), dcc.Location(id="table-nav", refresh="callback-nav"),
        dcc.Store(id="table-lang", data=lang),
        html.H1(L.t("table.title", lang), className="h3"),
        html.P(L.t("table.intro", lang), className="text-muted small"),
        html.Div([
            pick("indicator", state["indicator"], [{"label": L.indicator_name(i, lang), "value": i} for i in catalog],
                 4, clearable=False),
            pick("geos", state["geos"], [{"label": L.geo_name(g, lang), "value": g} for g in info["geos"]], 8,
                 multi=True),
            pick("freq", state["freq"], C.options(info["freqs"], lang, "option"), 2, clearable=False),
            pick("start", state["start"], period_options, 2, clearable=False),
            pick("end", state["end"], period_options, 2, clearable=False),
            pick("dims", state["dims"], C.options(info["dims"], lang, "dimension"), 3, multi=True),
            pick("rows", state["rows"], axis_options(state["dims"], lang), 3, multi=True),
        ], className="row"),
        html.P(id="table-summary", className="small mb-1", role="status"),
        html.Div(id="table-grid"),
        html.P(id="table-source", className="text-muted small mb-1 mt-2"),
        html.Button(L.t("table.csv", lang), id="table-csv", className="btn btn-outline-secondary btn-sm me-2"),
        html.Button(L.t("table.xlsx", lang), id="table-xlsx", className="btn btn-outline-secondary btn-sm"),
        dcc.Download(id="table-file"), dcc.Store(id="table-data"),
    ])


def axis_options(dims: list[str], lang: str) -> list[dict]:
    return [{"label": L.t(f"dimension.{a}", lang), "value": a} for a in ["geo", "period", *dims]]


@callback(Output("table-nav", "href"), Input("table-indicator", "value"), Input("table-freq", "value"),
          State("table-lang", "data"), prevent_initial_call=True)
def rebuild(indicator: str, freq: str, lang: str):
    """Another indicator or frequency has other places, periods and breakdowns: lay the page out again."""
    return "/table" + encode({"lang": lang, "indicator": indicator, "freq": freq})


@callback(Output("table-rows", "options"), Input("table-dims", "value"), State("table-lang", "data"))
def row_choices(dims: list[str] | None, lang: str):
    return axis_options((dims or [])[:2], lang)


@callback(Output("table-grid", "children"), Output("table-summary", "children"), Output("table-source", "children"),
          Output("table-data", "data"), Output("table-url", "search"),
          *[Input(f"table-{name}", "value") for name in CONTROLS], State("table-lang", "data"))
def build(indicator, geos, freq, start, end, dims, rows, lang):
    state = read_state(dict(zip(CONTROLS, [indicator, geos, freq, start, end, dims, rows])), data.available())
    query = encode({"lang": lang, **{name: state[name] for name in CONTROLS}})
    table, meta = built(state, lang)
    if table.size > P.MAX_CELLS:
        return None, L.t("table.too_big", lang, cells=table.size), "", None, query
    summary = L.t("table.size", lang, rows=len(table), columns=len(table.columns))
    labels = {a: L.t(f"dimension.{a}", lang) for a in ["geo", "period", *state["dims"]]} | {
        "value": L.t("column.value", lang)}
    decimals = measure_unit(entry(state["indicator"]), "level", lang)[1]
    payload = {"meta": meta, "rows": C.records(table), "columns": list(table.columns)}
    return grid("table-pivot", table, labels, lang, decimals), summary, source_line(meta, lang), payload, query


def built(state: dict, lang: str) -> tuple[pd.DataFrame, dict]:
    """The pivot of a state and its metadata (what the CSV and XLSX headers say)."""
    start, end = sorted([state["start"] or "", state["end"] or ""])
    frame = P.values(state["indicator"], state["geos"], state["freq"], start, end, state["dims"])
    axes = ["geo", "period", *state["dims"]]
    table = P.pivot(P.labelled(frame, state["dims"], lang), state["rows"], [a for a in axes if a not in state["rows"]])
    unit = measure_unit(entry(state["indicator"]), "level", lang)[0]
    title = f"{L.indicator_name(state['indicator'], lang)}, {start}–{end}"
    return table, chart_meta(state["indicator"], frame, lang, title, unit)


@callback(Output("table-file", "data"), Input("table-csv", "n_clicks"), Input("table-xlsx", "n_clicks"),
          State("table-data", "data"), prevent_initial_call=True)
def download(_csv, _xlsx, payload):
    if not payload:
        return None
    name = f"lmo-{payload['meta']['indicator']}-table"
    if dash.ctx.triggered_id == "table-xlsx":
        table = pd.DataFrame(payload["rows"], columns=payload["columns"])
        return dcc.send_bytes(P.xlsx(table, payload["meta"]), f"{name}.xlsx")
    return {"content": C.to_csv(payload), "filename": f"{name}.csv", "type": "text/csv"}
