"""What every response carries and what none shows: security headers; errors logged once with an id and
answered with a short message (a callback's in the page's alert, any other request as plain text)."""

import logging
import os
import secrets
from urllib.parse import urlsplit

import dash
from flask import Response, g, request
from werkzeug.exceptions import HTTPException

from dashboard import lang as L
from dashboard.answers import FAILED
from dashboard.state import query_value

log = logging.getLogger("lmo.dashboard")
ERROR_ALERT = "app-error"
# Scripts: Dash's renderer starts from an inline script and use_pages adds another, both allowed by their hashes
# (Dash.csp_hashes); nothing else inline, no eval. Styles: Plotly and React set them at run time (a <style>
# element for the mode bar, style attributes), which needs 'unsafe-inline' for styles. The map starts a web
# worker from a blob: URL (worker-src).
POLICY = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
          "object-src 'none'; "
          "base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}")
EMBED_ANCESTORS = os.environ.get("LMO_EMBED_ANCESTORS", "*")


def secure(app: dash.Dash) -> None:
    """Headers on every response; /embed/… may be framed by the sites LMO_EMBED_ANCESTORS names (any site by
    default), every other page by none."""
    policies = {}

    @app.server.after_request
    def headers(response: Response) -> Response:
        embed = request.path.startswith("/embed/")
        if not policies:  # after Dash's set-up on the first request, which adds the pages' inline script
            hashes = " ".join(app.csp_hashes())
            policies.update({e: POLICY.format(hashes=hashes, ancestors=EMBED_ANCESTORS if e else "'none'")
                             for e in (False, True)})
        response.headers["Content-Security-Policy"] = policies[embed]
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        if not embed:
            response.headers["X-Frame-Options"] = "DENY"
        return response

    app.server.register_error_handler(Exception, server_error)


def report(error: BaseException) -> str:
    """Log the error once, with its traceback, under a short id that the user is shown."""
    error_id = secrets.token_hex(4)
    log.error("error %s on %s %s", error_id, request.method, request.path, exc_info=error)
    return error_id


def server_error(error: Exception):
    if isinstance(error, HTTPException):
        return error
    return Response(f"internal error (id {report(error)})", 500, mimetype="text/plain")


def callback_error(error: Exception) -> None:
    """Dash's on_error: the page's alert says what happened; the callback's outputs stay as they were."""
    error_id = report(error)
    setattr(g, FAILED, True)  # an answer that carries an error is not kept
    lang = L.normalize(query_value(urlsplit(request.referrer or "").query, "lang"))
    dash.set_props(ERROR_ALERT, {"children": L.t("error.callback", lang, id=error_id), "is_open": True})
