"""Shared pieces of every page: a chart card (graph, source line, data table, CSV download) and controls."""

import io

import dash_bootstrap_components as dbc
import pandas as pd
from dash import MATCH, Input, Output, State, callback, dcc, html

from dashboard import lang as L
from dashboard.meta import source_line
from dashboard.shown import without_presentation

GRAPH_CONFIG = {"displaylogo": False, "responsive": True,
                "toImageButtonOptions": {"format": "png", "scale": 2}}


def graph_config(lang: str, name: str = "chart") -> dict:
    """Plotly's mode bar in the page's language (dashboard/i18n `plotly`), PNG export named after the chart."""
    return GRAPH_CONFIG | {"locale": L.normalize(lang), "toImageButtonOptions": {
        "format": "png", "scale": 2, "filename": name}}
HIDDEN = {"chart", "indicator", "source", "vintage", "conf_status", "unit"}


def chart_card(chart_id: str, lang: str, table_visible: bool = False) -> dbc.Card:
    """A figure with its source line, its data as a table (hidden unless asked: the chart's text
    alternative) and a CSV download of exactly what it shows."""
    return dbc.Card(dbc.CardBody([
        html.Div(dcc.Graph(id=f"{chart_id}-graph", config=graph_config(lang, chart_id)), id=f"{chart_id}-figure",
                 role="img"),
        html.Div(id=f"{chart_id}-table", className="table-responsive" if table_visible else "visually-hidden"),
        html.P(id=f"{chart_id}-source", className="text-muted small mb-1"),
        dbc.Button(L.t("chart.download", lang), id={"type": "chart-download", "chart": chart_id},
                   color="secondary", outline=True, size="sm"),
        html.Span(" " + L.t("chart.png", lang), className="text-muted small"),
        dcc.Download(id={"type": "chart-file", "chart": chart_id}),
        dcc.Store(id={"type": "chart-data", "chart": chart_id}),
    ]), className="mb-3")


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
    body = html.Tbody([html.Tr([html.Td(cell(row, c, lang, decimals)) for c in columns]) for row in rows[:limit]])
    caption = f"{L.t('chart.summary', lang)}: {meta['title']} ({meta['unit']})"
    caption += f" {L.t('chart.more', lang, rows=more)}" if more > 0 else ""
    return html.Table([html.Caption(caption), header, body],
                      className="table table-sm table-striped small")


def cell(row: dict, column: str, lang: str, decimals: int) -> str:
    value = row[column]
    if column == "value":
        return L.t("flag.C", lang) if row.get("conf_status") in ("C", "D", "N") else L.number(value, lang, decimals)
    if column == "status":
        return "" if value in (None, "A") else f"{value} {L.flag(value, lang)}"
    return "" if value is None else str(value)


def to_csv(payload: dict) -> str:
    """The data shown, preceded by `# key: value` lines with its metadata (pandas: read_csv(comment='#'))."""
    meta = payload["meta"]
    lines = [f"# {key}: {meta[key]}" for key in ("title", "indicator", "definition", "unit", "source", "licence",
                                                  "vintage") if meta.get(key)]
    lines += [f"# flag {code}: {name}" for code, name in meta.get("flags", {}).items()]
    buffer = io.StringIO()
    pd.DataFrame(payload["rows"], columns=payload["columns"]).to_csv(buffer, index=False)
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
    return dbc.Col([html.Label(label, htmlFor=control_id, className="form-label small mb-0"), control],
                   xs=12, md=width, className="mb-2")


def options(values, lang: str, prefix: str) -> list[dict]:
    return [{"label": L.t(f"{prefix}.{v}", lang), "value": v} for v in values]


def empty_result(lang: str, message: str) -> tuple:
    """chart_outputs values when there is nothing to show: the message in the chart and the source line."""
    from dashboard.figures_common import empty
    return empty(message, lang), None, message, "", message
