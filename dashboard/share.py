"""Share a chart like OWID: a permanent link to exactly that chart and an embed snippet (/embed/<chart>?…)."""

import dash_bootstrap_components as dbc
from dash import MATCH, ClientsideFunction, Input, Output, State, clientside_callback, dcc, html

from dashboard import lang as L


def controls(chart_id: str, lang: str) -> list:
    """A button that shows the link and the embed code of the chart as it is now (the page's URL)."""
    link, code = f"{chart_id}-link", f"{chart_id}-embed"
    return [
        dbc.Button(L.t("share.button", lang), id={"type": "chart-share", "chart": chart_id}, color="secondary",
                   outline=True, size="sm", className="me-2"),
        dbc.Collapse([
            html.Label(L.t("share.link", lang), htmlFor=link, className="form-label small mb-0 mt-2"),
            dcc.Input(id=link, readOnly=True, className="form-control form-control-sm lmo-share-link"),
            html.Label(L.t("share.embed", lang), htmlFor=code, className="form-label small mb-0 mt-2"),
            dcc.Textarea(id=code, readOnly=True, rows=2, className="form-control form-control-sm lmo-share-embed"),
        ], id={"type": "chart-share-panel", "chart": chart_id}, is_open=False),
    ]


clientside_callback(ClientsideFunction("lmo", "share"),
                    Output({"type": "chart-share-panel", "chart": MATCH}, "is_open"),
                    Input({"type": "chart-share", "chart": MATCH}, "n_clicks"),
                    State({"type": "chart-share-panel", "chart": MATCH}, "is_open"), prevent_initial_call=True)
