"""Optional access control for unpublished data, off by default, configured by environment variables.

LMO_AUTH_USERS="alice:secret,bob:other"  HTTP basic auth with these users (dash-auth).
LMO_AUTH_HEADER="X-Remote-User"          a trusted reverse proxy authenticates and sets this header;
                                         requests without it are refused (bind the app to 127.0.0.1).
"""

import hmac
import os

import dash_auth
from flask import Response, request


def users_from(spec: str) -> dict[str, str]:
    pairs = [item.split(":", 1) for item in spec.split(",") if item.strip()]
    if not pairs or any(len(pair) != 2 or not all(pair) for pair in pairs):
        raise ValueError("LMO_AUTH_USERS must look like user:password[,user:password...]")
    return {user.strip(): password for user, password in pairs}


class BasicAuth(dash_auth.BasicAuth):
    """dash-auth's basic auth, reading the header with Werkzeug's parser: a malformed header (not base64, not
    UTF-8, no colon) is a refused login, not an exception; passwords compared in constant time."""

    def __init__(self, app, users: dict[str, str]):
        super().__init__(app, users)
        self.lmo_users = users

    def is_authorized(self) -> bool:
        try:
            auth = request.authorization
        except ValueError:  # Werkzeug 3.1 lets base64's error on non-ASCII text through
            return False
        if auth is None or auth.type != "basic" or auth.username not in self.lmo_users:
            return False
        return hmac.compare_digest(self.lmo_users[auth.username].encode(), (auth.password or "").encode())


def protect(app, environ=os.environ) -> str:
    """Install what the environment asks for; returns a word for the start-up message."""
    if environ.get("LMO_AUTH_USERS"):
        BasicAuth(app, users_from(environ["LMO_AUTH_USERS"]))
        return "basic auth"
    header = environ.get("LMO_AUTH_HEADER")
    if header:
        def require_header():
            if not request.headers.get(header):
                return Response(f"authentication required ({header} missing)", status=401)
            return None
        app.server.before_request(require_header)
        return f"header {header}"
    return "open"
