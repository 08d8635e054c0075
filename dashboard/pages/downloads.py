"""Downloads: every indicator as a CSV or Parquet file with its metadata, and everything in one file."""

import dash
from dash import dcc, html

from dashboard import data
from dashboard import lang as L
from publish.texts import text

dash.register_page(__name__, path="/downloads", name="Downloads", title="LMO · Downloads", order=8)


def layout(lang: str | None = None, **_query) -> html.Div:
    lang = L.normalize(lang)
    catalog = data.available()
    items = [html.Li([html.A(L.indicator_name(i, lang), href=f"/download/{i}.csv?lang={lang}",
                             download=f"lmo-{i}.csv", id=f"downloads-{i}"), " (CSV) · ",
                      html.A("Parquet", href=f"/download/{i}.parquet", download=f"lmo-{i}.parquet",
                             id=f"downloads-{i}-parquet"),
                      html.Span(f" · {L.t('downloads.places', lang, count=len(info['geos']))} · "
                                f"{L.t('column.vintage', lang)} {info['vintage']}", className="text-muted small")])
             for i, info in catalog.items()]
    return html.Div([
        dcc.Location(id="downloads-url", refresh=False),
        html.H1(L.t("downloads.title", lang), className="h3"),
        html.P(L.t("downloads.intro", lang)),
        html.Ul(items),
        html.P([html.A(L.t("downloads.all", lang), href=f"/download/all.csv?lang={lang}", download="lmo-all.csv",
                       id="downloads-all"),
                " (CSV) · ", html.A("Parquet", href="/download/all.parquet", download="lmo-all.parquet",
                                    id="downloads-all-parquet")]),
        html.P([html.A(text("links.bulletin", lang), href=f"/bulletin/latest.pdf?lang={lang}", id="downloads-bulletin"),
                " · ", html.A(text("links.releases", lang), href="/releases/", id="downloads-releases"),
                " · ", html.A(text("links.sdmx", lang), href="/sdmx/structure/dataflow/LMO/*/1.0", id="downloads-sdmx")]),
    ])
