"""The Dash app: pages from dashboard/pages, a language switch kept in the URL, every asset served locally."""

from pathlib import Path

import dash
import dash_bootstrap_components as dbc
from babel import Locale
from dash import ClientsideFunction, Input, Output, State, dcc, html
from flask import Response, request, send_from_directory

from dashboard import (
    components,  # noqa: F401  (registers the shared download callback)
    rtl,
)
from dashboard import lang as L
from dashboard.auth import protect
from dashboard.banner import banner
from dashboard.downloads import download
from dashboard.guard import ERROR_ALERT, callback_error, secure
from dashboard.state import encode, query_value
from dashboard.world import switch
from kernel.settings import DATA_DIR
from publish.web import register as register_publication

HERE = Path(__file__).parent


def page_key(page: dict) -> str:
    return page["module"].split(".")[-1]


def navigated() -> list[dict]:
    """The pages in the navigation bar (not the 404 page nor /embed/)."""
    return [page for page in dash.page_registry.values() if page.get("nav", True)]


def navbar() -> dbc.Navbar:
    links = [dbc.NavItem(dbc.NavLink(page["name"], href=page["relative_path"], id=f"app-nav-{page_key(page)}",
                                         active="exact"))
             for page in navigated()]
    switch = dbc.ButtonGroup([dbc.Button(html.Span(code.upper(), lang=code), id=f"app-lang-{code}", color="light",
                                         outline=True, size="sm", title=Locale.parse(code).display_name)
                              for code in L.LANGS],
                             id="app-lang", className="order-lg-last ms-lg-3 my-1")
    return dbc.Navbar(dbc.Container([
        dbc.NavbarBrand(["LMO", html.Span(id="app-brand-name", className="d-none d-xl-inline")], id="app-brand",
                        href="/"),
        switch, dbc.NavbarToggler(id="app-toggler"),
        dbc.Collapse(dbc.Nav(links, navbar=True, className="ms-auto flex-wrap"), id="app-collapse", navbar=True),
    ], fluid=True), color="primary", dark=True, className="mb-3")


def create_app() -> dash.Dash:
    app = rtl.Dash(
        "dashboard", use_pages=True, pages_folder=str(HERE / "pages"), assets_folder=str(HERE / "assets"),
        assets_ignore=rtl.ASSETS_IGNORE,
        external_stylesheets=[], external_scripts=["/plotly-locales.js"], serve_locally=True, title="LMO",
        suppress_callback_exceptions=True, on_error=callback_error,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.layout = html.Div([
        html.A(L.t("skip", L.DEFAULT), href="#app-main", className="visually-hidden-focusable", id="app-skip"),
        dcc.Location(id="app-url", refresh="callback-nav"), dcc.Store(id="app-lang-set"), navbar(),
        html.Main(dbc.Container([html.Div(id="app-banner"),
                                 dbc.Alert(id=ERROR_ALERT, is_open=False, color="warning", dismissable=True),
                                 dash.page_container], fluid=True), id="app-main", tabIndex="-1"),
    ])
    app.clientside_callback(ClientsideFunction("lmo", "switchLanguage"), Output("app-url", "href"),
                            [Input(f"app-lang-{code}", "n_clicks") for code in L.LANGS], prevent_initial_call=True)
    app.clientside_callback(ClientsideFunction("lmo", "toggle"), Output("app-collapse", "is_open"),
                            Input("app-toggler", "n_clicks"), State("app-collapse", "is_open"),
                            prevent_initial_call=True)
    app.clientside_callback(ClientsideFunction("lmo", "documentLanguage"), Output("app-lang-set", "data"),
                            Input("app-url", "search"))
    pages = navigated()
    app.callback(navbar_outputs(pages), Input("app-url", "search"))(lambda search: translate_navbar(search, pages))
    app.callback(Output("app-banner", "children"), Input("app-url", "pathname"), Input("app-url", "search"))(banner)
    app.server.add_url_rule("/world/<name>", "world", switch)
    app.server.add_url_rule("/download/<name>.<fmt>", "download", download)
    app.server.add_url_rule("/plotly-locales.js", "plotly_locales",
                            lambda: Response(L.plotly_locales() + "\n" + L.pager_labels(), mimetype="text/javascript"))
    app.server.add_url_rule("/geo/<name>", "geo", lambda name: send_from_directory(DATA_DIR / "geo", name))
    register_publication(app.server)
    app.server.after_request(not_found)
    app.server.config["LMO_ACCESS"] = protect(app)
    secure(app)
    return app


def not_found(response: Response) -> Response:
    """An address no page answers shows the 404 page (Dash's catch-all route) with the status HTTP 404."""
    catchall = request.url_rule is not None and request.url_rule.rule == "/<path:path>"
    if catchall and response.status_code == 200 and not dash._pages._path_to_page(request.path.strip("/"))[0]:
        response.status_code = 404
    return response


def navbar_outputs(pages: list[dict]) -> list[Output]:
    return ([Output(f"app-nav-{page_key(p)}", "children") for p in pages]
            + [Output(f"app-nav-{page_key(p)}", "href") for p in pages]
            + [Output(f"app-lang-{code}", "active") for code in L.LANGS]
            + [Output("app-brand-name", "children"), Output("app-brand", "href"), Output("app-skip", "children")])


def translate_navbar(search: str | None, pages: list[dict]) -> list:
    """Page names, links and the active language button for the language in the URL."""
    lang = L.normalize(query_value(search, "lang"))
    query = encode({"lang": lang})
    return ([L.t(f"page.{page_key(p)}", lang) for p in pages] + [p["relative_path"] + query for p in pages]
            + [code == lang for code in L.LANGS] + [" · " + L.t("brand", lang), "/" + query, L.t("skip", lang)])
