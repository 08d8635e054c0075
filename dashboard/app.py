"""The Dash app: pages from dashboard/pages, every asset served locally (no CDN)."""

from pathlib import Path

import dash
import dash_bootstrap_components as dbc
from dash import html

HERE = Path(__file__).parent


def navbar() -> dbc.NavbarSimple:
    links = [dbc.NavItem(dbc.NavLink(page["name"], href=page["relative_path"], id=f"nav-{page['module'].split('.')[-1]}"))
             for page in dash.page_registry.values()]
    return dbc.NavbarSimple(links, brand="LMO · Labour-market observatory", color="primary", dark=True,
                            className="mb-3")


def create_app() -> dash.Dash:
    app = dash.Dash(
        __name__, use_pages=True, pages_folder=str(HERE / "pages"), assets_folder=str(HERE / "assets"),
        external_stylesheets=[], serve_locally=True, title="LMO", suppress_callback_exceptions=True,
    )
    app.layout = html.Div([navbar(), dbc.Container(dash.page_container, fluid=True)])
    return app
