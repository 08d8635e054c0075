"""/embed/<chart>?…: one chart card alone (figure, source line, data table, CSV), for an iframe on another site."""

import dash
from dash import html

from dashboard import components as C
from dashboard import lang as L
from dashboard.embeds import CHARTS
from dashboard.state import encode
from kernel.settings import LmoError

dash.register_page(__name__, path_template="/embed/<chart>", name="Embed", title="LMO", nav=False)


def page_of(chart: str) -> str:
    """The page a chart belongs to (its id starts with the page's module name): where "more" leads."""
    module = chart.split("-")[0]
    return next((page["relative_path"] for page in dash.page_registry.values()
                 if page["module"].split(".")[-1] == module), "/")


def layout(chart: str | None = None, lang: str | None = None, **query) -> html.Div:
    lang = L.normalize(lang)
    if chart not in CHARTS:
        return html.Div(html.H1(L.t("embed.unknown", lang), className="h5"), className="lmo-embed")
    try:
        result = CHARTS[chart](query, lang)
    except LmoError:  # the chart's indicators have no values in this world (real figures, no register loaded)
        return html.Div(html.H1(L.t("chart.no_data", lang), className="h5"), className="lmo-embed")
    return html.Div([html.H1(L.t("embed.title", lang), className="visually-hidden"),
                     C.chart_card(chart, lang, result=result, embedded=True),
                     html.A(L.t("embed.more", lang), href=page_of(chart) + encode({"lang": lang, **query}),
                            target="_blank", className="small")],
                    className="lmo-embed")
