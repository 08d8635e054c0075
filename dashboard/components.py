"""Shared pieces of every page: a chart card (graph, source line, data table, CSV download) and controls."""

import io

import dash_bootstrap_components as dbc
import pandas as pd
from dash import MATCH, Input, Output, State, callback, dcc, html

from dashboard import lang as L
from dashboard import share
from dashboard.meta import source_line
from dashboard.shown import without_presentation
from lmo.output import header_value, neutralise_cell

# No cloud action anywhere: plotly.js shows "Share chart…" (an upload to Plotly's cloud) unless told not to.
GRAPH_CONFIG = {"displaylogo": False, "responsive": True, "showSendToCloud": False, "showEditInChartStudio": False,
                "plotlyServerURL": "", "modeBarButtonsToRemove": ["sendChartToCloud", "sendDataToCloud"],
                "toImageButtonOptions": {"format": "png", "scale": 2}}


def graph_config(lang: str, name: str = "chart") -> dict:
    """Plotly's mode bar in the page's language (dashboard/i18n `plotly`), PNG export named after the chart."""
    return GRAPH_CONFIG | {"locale": L.normalize(lang), "toImageButtonOptions": {
        "format": "png", "scale": 2, "filename": name}}
HIDDEN = {"chart", "indicator", "source", "vintage", "conf_status", "unit"}


def chart_card(chart_id: str, lang: str, table_visible: bool = False, result: tuple | None = None,
               embedded: bool = False) -> dbc.Card:
    """A figure with its source line, its data as a table (hidden unless asked: the chart's text
    alternative), a CSV download of exactly what it shows and its link and embed code; `result`
    (chart_result's values) fills it when laid out, else a callback does."""
    fig, payload, source, table, label = result or (None,) * 5
    filled = {"figure": fig} if fig else {}
    return dbc.Card(dbc.CardBody([
        # a figure named by its title (not role=img: the mode bar's buttons inside must stay reachable)
        html.Figure(dcc.Graph(id=f"{chart_id}-graph", config=graph_config(lang, chart_id), **filled),
                    id=f"{chart_id}-figure", className="mb-0", **{"aria-label": label or ""}),
        html.Div(table, id=f"{chart_id}-table", className="table-responsive" if table_visible else "visually-hidden"),
        html.P(source, id=f"{chart_id}-source", className="text-muted small mb-1"),
        dbc.Button(L.t("chart.download", lang), id={"type": "chart-download", "chart": chart_id},
                   color="secondary", outline=True, size="sm", className="me-2"),
        *([] if embedded else share.controls(chart_id, lang)),
        html.Span(" " + L.t("chart.png", lang), className="text-muted small"),
        dcc.Download(id={"type": "chart-file", "chart": chart_id}),
        dcc.Store(id={"type": "chart-data", "chart": chart_id}, data=payload),
    ]), className="mb-3 lmo-chart", id=f"{chart_id}-card")


def chart_outputs(chart_id: str) -> list[Output]:
    return [Output(f"{chart_id}-graph", "figure"), Output({"type": "chart-data", "chart": chart_id}, "data"),
            Output(f"{chart_id}-source", "children"), Output(f"{chart_id}-table", "children"),
            Output(f"{chart_id}-figure", "aria-label")]


def chart_result(fig, shown: pd.DataFrame, meta: dict, lang: str, decimals: int = 1, limit: int = 100) -> tuple:
    """What chart_outputs expects: the figure, the data as shown with its metadata, source line, table (its
    first `limit` rows: the CSV has them all), label."""
    data = without_presentation(shown)
    rows = records(data)
    payload = {"meta": meta, "rows": rows, "columns": list(data.columns)}
    return fig, payload, source_line(meta, lang), data_table(rows, list(data.columns), meta, lang, decimals, limit), \
        meta["title"]


def records(frame: pd.DataFrame) -> list[dict]:
    """frame.to_dict("records"), built from column lists: several times faster on Arrow-backed strings."""
    columns = list(frame.columns)
    return [dict(zip(columns, values)) for values in zip(*(frame[c].tolist() for c in columns))]


def data_table(rows: list[dict], columns: list[str], meta: dict, lang: str, decimals: int = 1,
               limit: int = 100) -> html.Table:
    columns = [c for c in columns if c not in HIDDEN]
    more = len(rows) - limit
    header = html.Thead(html.Tr([html.Th(L.t(f"column.{c}", lang), scope="col") for c in columns]))
    body = html.Tbody([html.Tr([html.Td(cell(row, c, lang, decimals), **note_lang(c, row)) for c in columns])
                       for row in rows[:limit]])
    more_rows = f" {L.t('chart.more', lang, rows=more)}" if more > 0 else ""
    return html.Table([html.Caption(caption(meta, lang) + more_rows), header, body],
                      className="table table-sm table-striped small")


def note_lang(column: str, row: dict) -> dict:
    """The mart's notes are written in English: a cell holding one says so to screen readers."""
    return {"lang": "en"} if column == "note" and row.get(column) else {}


def scrollable(table, label: str) -> html.Div:
    """A wide table in a box that scrolls sideways on a phone, reachable and scrollable by keyboard."""
    return html.Div(table, className="table-responsive", tabIndex="0", role="region", **{"aria-label": label})


def caption(meta: dict, lang: str) -> str:
    return f"{L.t('chart.summary', lang)}: {meta['title']} ({meta['unit']})"


def cell(row: dict, column: str, lang: str, decimals: int) -> str:
    value = row[column]
    if column == "value":
        return L.t("flag.C", lang) if row.get("conf_status") in ("C", "D", "N") else L.number(value, lang, decimals)
    if column == "status":
        return "" if value in (None, "A") else f"{value} {L.flag(value, lang)}"
    return "" if value is None else str(value)


def to_csv(payload: dict) -> str:
    """The data shown, preceded by `# key: value` lines with its metadata (pandas: read_csv(comment='#')); no
    cell or header part that a spreadsheet would run as a formula (lmo/output.py)."""
    meta = payload["meta"]
    lines = [f"# {key}: {header_value(meta[key])}" for key in ("title", "indicator", "definition", "unit", "source", "licence",
                                                  "vintage") if meta.get(key)]
    lines += [f"# flag {code}: {header_value(name)}" for code, name in meta.get("flags", {}).items()]
    buffer = io.StringIO()
    pd.DataFrame(payload["rows"], columns=payload["columns"]).map(neutralise_cell).to_csv(buffer, index=False)
    return "\n".join(lines) + "\n" + buffer.getvalue()


@callback(Output({"type": "chart-file", "chart": MATCH}, "data"),
          Input({"type": "chart-download", "chart": MATCH}, "n_clicks"),
          State({"type": "chart-data", "chart": MATCH}, "data"), prevent_initial_call=True)
def download(_clicks, payload):
    if not payload:
        return None
    name = f"lmo-{payload['meta']['indicator']}.csv"
    return {"content": to_csv(payload), "filename": name, "type": "text/csv"}


def labelled(label: str, control, control_id: str, width: int = 3) -> dbc.Col:
    """A control under its label; a group of checkboxes or radio buttons is a fieldset named by its legend."""
    if isinstance(control, (dbc.Checklist, dbc.RadioItems)):
        return dbc.Col(html.Fieldset([html.Legend(label, className="form-label small mb-0 lmo-legend"), control]),
                       xs=12, md=width, className="mb-2")
    return dbc.Col([html.Label(label, htmlFor=control_id, className="form-label small mb-0"), control],
                   xs=12, md=width, className="mb-2")


def dropdown(*, id: str, options: list[dict], value=None, multi: bool = False, disabled: bool = False,
             **_dash_dropdown_only):
    """A native control: a <select> for one choice, checkboxes for several. (Dash 4's dcc.Dropdown moves keyboard
    focus to an aria-hidden input and names itself by its value: a screen reader announces nothing usable.)"""
    if multi and disabled:  # no checkbox to reach: the scroll box itself takes focus, for a keyboard to scroll it
        options = [option | {"disabled": True} for option in options]
        return html.Div(dbc.Checklist(id=id, options=options, value=value or []), className="lmo-checklist",
                        tabIndex="0")
    if multi:
        return dbc.Checklist(id=id, options=options, value=value or [], class_name="lmo-checklist")
    return dbc.Select(id=id, options=options, value=value, disabled=disabled)


def radio(*, id: str, options: list[dict], value) -> dbc.RadioItems:
    return dbc.RadioItems(id=id, options=options, value=value, inline=True)


def options(values, lang: str, prefix: str) -> list[dict]:
    return [{"label": L.t(f"{prefix}.{v}", lang), "value": v} for v in values]


def empty_result(lang: str, message: str) -> tuple:
    """chart_outputs values when there is nothing to show: the message in the chart and the source line."""
    from dashboard.figures_common import empty
    return empty(message, lang), None, message, "", message
