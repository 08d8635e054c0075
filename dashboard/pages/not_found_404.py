"""The page shown for an unknown address, in the language of the URL."""

import dash
from dash import html

from dashboard import lang as L

dash.register_page(__name__, path="/404", name="404", title="LMO", nav=False)


def layout(lang: str | None = None, **_query) -> html.Div:
    lang = L.normalize(lang)
    return html.Div([html.H1(L.t("notfound.title", lang), className="h3"),
                     html.P(html.A(L.t("notfound.home", lang), href=f"/?lang={lang}"))], id="notfound")
