"""`lmo serve` on a free port of 127.0.0.1 for the latency benchmark, and the app's page paths."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def page_paths() -> list[str]:
    from dashboard.app import create_app, navigated

    create_app()
    return [page["path"] for page in navigated()]


def page_body(path: str, search: str = "") -> dict:
    """The pages router's callback request for a page: it lays the page out, reading the warehouse."""
    return {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname"], "state": []}


def page_bodies(paths: list[str]) -> dict[str, dict]:
    return {path: page_body(path) for path in paths}


@contextmanager
def served(db: Path):
    port = free_port()
    lmo = str(Path(sys.executable).with_name("lmo"))
    proc = subprocess.Popen([lmo, "serve", "--port", str(port)], env=os.environ | {"LMO_DB": str(db)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/_dash-dependencies", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)
