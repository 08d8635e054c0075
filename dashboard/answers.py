"""Callback answers shared by the server's worker processes: an answer is computed once per publication.

A callback's answer depends only on its request body, the reader's world, the publication it read and the
server's code; the key holds all four (the server by its start time). The publication is read before the
callback runs: an answer computed during a switch is filed under the old one, which no later request asks
for. A failed gate changes the banner without a new publication: the status file's time is in the key too.
Old answers are never read again; cachelib's threshold removes them as new ones come."""

import hashlib
import time
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


def key(server: str, db: Path, body: bytes) -> str:
    return hashlib.sha256(f"{server}|{publication(db)}|{current()}|".encode() + body).hexdigest()


def answered(view):
    """Dash's callback view, answering from the store when it can. Answers are the running server's own (its
    start, before the workers fork, is in the key): a server started with other code never reads them."""
    server = str(time.time_ns())

    @wraps(view)
    def answer():
        db = warehouse_path()
        answers, name = store(db.parent / f"{db.stem}.answers"), key(server, db, flask.request.get_data())
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
