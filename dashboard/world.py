"""The reader's world: real figures (official, user and derived values) or the synthetic demo data, never both.

A cookie set by /world/<name> chooses it for every page and callback. Real is the default, so every page opens
on real figures; in the demo world every chart carries a watermark in its plot area."""

import flask

from dashboard import lang as L
from kernel.query import MART_VALUES, world_values
from kernel.vocabulary import WORLDS

COOKIE = "lmo_world"


def demo() -> bool:
    """True in the demo world: a web request whose reader chose it. Everything else reads the real world."""
    return flask.has_request_context() and flask.request.cookies.get(COOKIE) == "demo"


def current() -> str:
    return "demo" if demo() else "real"


def values(table: str = MART_VALUES, world: str | None = None) -> str:
    """The indicator values of one world (the reader's unless given): synthetic and real values never together."""
    return world_values(world or current(), table)


def datasets_clause(column: str = "dataset") -> str:
    """A condition on a register dataset's name for tables without a realm (the programme evaluation)."""
    return f"({column} LIKE 'synthetic%') = {str(demo()).lower()}"


def watermark(lang: str) -> list[dict]:
    """The annotation every chart of the demo world carries, across its plot area."""
    if not demo():
        return []
    return [{"text": L.t("world.watermark", lang), "name": "lmo-watermark", "showarrow": False,
             "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5, "textangle": -18, "opacity": 0.45,
             "font": {"size": 20, "color": "#D55E00"}}]


def switch(name: str) -> flask.Response:
    """/world/demo or /world/real?next=/explorer: set the cookie and go back to a page of this site."""
    target = flask.request.args.get("next", "/")
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        target = "/"
    response = flask.redirect(target)
    response.set_cookie(COOKIE, name if name in WORLDS else "real", max_age=30 * 86400, httponly=True,
                        samesite="Lax", path="/")
    return response
