"""The line above every page: which world the reader is in, and a publication held back by a failed gate."""

from urllib.parse import quote

import dash_bootstrap_components as dbc
from dash import html

from dashboard import lang as L
from dashboard.state import query_value
from dashboard.world import demo
from kernel.settings import publication_status, warehouse_path


def banner(pathname: str | None, search: str | None) -> list:
    lang = L.normalize(query_value(search, "lang"))
    here = quote(f"{pathname or '/'}{search or ''}", safe="/?=&")
    parts = [held_back(lang)]
    if demo():
        parts.append(dbc.Alert([L.t("world.demo", lang), " ", html.A(L.t("world.to_real", lang),
                                href=f"/world/real?next={here}", id="app-world-real", className="alert-link")],
                               color="warning", id="app-world-demo", className="py-2"))
    else:
        parts.append(html.P(html.A(L.t("world.to_demo", lang), href=f"/world/demo?next={here}", id="app-world-demo-link"),
                            className="small text-end mb-1"))
    return [part for part in parts if part]


def held_back(lang: str):
    """'Figures as published on DATE; a newer load is held back: CHECK' while a failed gate holds one back."""
    status = publication_status(warehouse_path())
    held = status.get("held_back")
    if not held:
        return None
    stamp = str(status.get("published_at", ""))
    date = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}" if stamp[:8].isdigit() else stamp
    return dbc.Alert(L.t("banner.held_back", lang, date=date, checks=", ".join(held.get("checks", []))),
                     color="danger", id="app-held-back", className="py-2")
