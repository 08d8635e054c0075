"""The publication routes of the dashboard's Flask server: /releases/… (with HTTP range requests) and /sdmx/…."""

from pathlib import Path

from flask import Blueprint, Flask, abort, jsonify, request, send_file
from werkzeug.security import safe_join

from kernel.settings import LmoError, warehouse_path
from publish.bulletin_files import latest_bulletin
from publish.release import latest, releases_dir, resolve

releases = Blueprint("releases", __name__)
bulletins = Blueprint("bulletins", __name__)


def register(server: Flask) -> None:
    """Add the releases and the SDMX API to the dashboard's server (its access control applies to them too)."""
    from publish.sdmx_api import api

    server.register_blueprint(releases, url_prefix="/releases")
    server.register_blueprint(bulletins, url_prefix="/bulletin")
    server.register_blueprint(api, url_prefix="/sdmx")


def folder() -> Path:
    return releases_dir(warehouse_path())


@releases.get("/")
def index():
    names = sorted(p.name for p in folder().iterdir() if (p / "datapackage.json").exists()) if folder().exists() else []
    return jsonify({"latest": latest(folder()), "releases": names})


@releases.get("/<name>/<path:file>")
def release_file(name: str, file: str):
    """A file of a release; send_file answers Range, If-None-Match and If-Modified-Since (pandas, DuckDB httpfs)."""
    try:
        base = resolve(folder(), name)
    except LmoError:
        abort(404)
    path = safe_join(str(base), file)
    if path is None or not Path(path).is_file():
        abort(404)
    response = send_file(path, conditional=True, etag=True, max_age=0 if name == "latest" else 31536000)
    response.headers["Accept-Ranges"] = "bytes"
    return response


@bulletins.get("/latest.<fmt>")
def latest_bulletin_file(fmt: str):
    """The newest monthly bulletin, `?lang=fr|de|it|en|ar` (French by default)."""
    from kernel.vocabulary import LANGS

    lang = request.args.get("lang", "fr")
    path = latest_bulletin(warehouse_path(), lang, fmt) if fmt in ("pdf", "html") and lang in LANGS else None
    if path is None:
        abort(404)
    return send_file(path, conditional=True)
