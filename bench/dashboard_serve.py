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
