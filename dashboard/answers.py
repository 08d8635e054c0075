"""Callback answers shared by the server's worker processes: an answer is computed once per publication.

A callback's answer depends only on its request body, the reader's world and the publication it read; the key
holds all three, the publication read before the callback runs (an answer computed during a switch is filed
under the old one, which no later request asks for). A failed gate changes the banner without a new
publication: the status file's time is part of the key too. Old publications' answers are never read again;
cachelib's threshold removes them as new ones come.
"""

import hashlib
from functools import cache, wraps
from pathlib import Path

import flask
from cachelib import FileSystemCache

from dashboard.world import current
from kernel.settings import publication_status_path, published_path, warehouse_path

ENDPOINT = "_dash-update-component"
FAILED = "lmo_callback_failed"  # flask.g: a callback's error went to the page; its answer is not kept
MAX_ANSWERS = 5000


@cache
def store(folder: Path) -> FileSystemCache:
    return FileSystemCache(str(folder), threshold=MAX_ANSWERS, default_timeout=0)


def publication(db: Path) -> str:
    """The current publication's file name and its status's modification time."""
    try:
        status = publication_status_path(db).stat().st_mtime_ns
    except FileNotFoundError:
        status = 0
    return f"{published_path(db).name}:{status}"


def key(db: Path, body: bytes) -> str:
    return hashlib.sha256(f"{publication(db)}|{current()}|".encode() + body).hexdigest()


def answered(view):
    """Dash's callback view, answering from the store when it can."""
    @wraps(view)
    def answer():
        db = warehouse_path()
        answers, name = store(db.parent / f"{db.stem}.answers"), key(db, flask.request.get_data())
        kept = answers.get(name)
        if kept is not None:
            return flask.Response(kept, mimetype="application/json")
        response = view()
        if response.status_code == 200 and not flask.g.get(FAILED):
            answers.set(name, response.get_data())
        return response
    return answer


def install(app) -> None:
    endpoint = app.config.routes_pathname_prefix + ENDPOINT
    app.server.view_functions[endpoint] = answered(app.server.view_functions[endpoint])
