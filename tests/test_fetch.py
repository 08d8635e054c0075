"""The fetcher against a local HTTP server serving recorded files, failures included."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kernel.settings import DATA_DIR
from pipelines import fetch

RECORDED = (DATA_DIR / "statabs" / "2459.tsv").read_bytes()
ETAG = '"2459-v1"'


class Recorded(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}
    headers_seen: list[dict] = []

    def log_message(self, *args):  # keep pytest output clean
        pass

    def do_GET(self):
        Recorded.hits[self.path] = Recorded.hits.get(self.path, 0) + 1
        Recorded.headers_seen.append(dict(self.headers))
        route = getattr(self, "route_" + self.path.strip("/").split("/")[0], None)
        try:
            route() if route else self.send_error(404)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up first (timeout tests)
            pass

    def send_file(self, body: bytes = RECORDED, length: int | None = None):
        self.send_response(200)
        self.send_header("ETag", ETAG)
        self.send_header("Last-Modified", "Thu, 05 Mar 2026 07:03:28 GMT")
        self.send_header("Content-Length", str(length or len(body)))
        self.end_headers()
        self.wfile.write(body)

    def route_ok(self):
        if self.headers.get("If-None-Match") == ETAG:
            self.send_response(304)
            self.end_headers()
        else:
            self.send_file()

    def route_flaky(self):  # fails twice, then works
        if Recorded.hits[self.path] <= 2:
            self.send_error(500)
        else:
            self.send_file()

    def route_down(self):
        self.send_error(500)

    def route_slow(self):
        time.sleep(1.5)
        self.send_file()

    def route_truncated(self):  # announces the whole file, sends a tenth, hangs up
        self.send_file(RECORDED[: len(RECORDED) // 10], length=len(RECORDED))
        self.close_connection = True


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorded)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(autouse=True)
def quick_config(monkeypatch):
    """The real statabs_2459 entry, with short timeouts and back-off so failures are quick to show."""
    real = fetch.config()
    quick = {"defaults": real["defaults"] | {"timeout": [1, 0.5], "retries": 2, "backoff": 0.01},
             "sources": real["sources"]}
    monkeypatch.setattr(fetch, "config", lambda: quick)
    Recorded.hits.clear()
    Recorded.headers_seen.clear()


def test_download_then_not_modified(server, tmp_path):
    first = fetch.fetch("statabs_2459", tmp_path, url=server + "/ok/2459.tsv")
    assert first.status == "downloaded" and first.path.read_bytes() == RECORDED
    meta = fetch.meta_path(first.path).read_text()
    assert ETAG.strip('"') in meta and "05 Mar 2026" in meta
    second = fetch.fetch("statabs_2459", tmp_path, url=server + "/ok/2459.tsv")
    assert second.status == "not modified" and second.path.read_bytes() == RECORDED
    assert Recorded.headers_seen[-1]["If-None-Match"] == ETAG
    assert Recorded.headers_seen[0]["User-Agent"].startswith("lmo-fetch/")


def test_server_errors_are_retried_with_back_off(server, tmp_path):
    done = fetch.fetch("statabs_2459", tmp_path, url=server + "/flaky/2459.tsv")
    assert done.status == "downloaded" and Recorded.hits["/flaky/2459.tsv"] == 3


def test_not_found_is_not_retried(server, tmp_path):
    with pytest.raises(fetch.FetchError, match="HTTP 404"):
        fetch.fetch("statabs_2459", tmp_path, url=server + "/gone/2459.tsv")
    assert Recorded.hits["/gone/2459.tsv"] == 1


@pytest.mark.parametrize("route,reason", [("down", "HTTP 500"), ("slow", "Timeout"),
                                          ("truncated", "ChunkedEncodingError")])
def test_failures_give_up_and_keep_the_good_file(server, tmp_path, route, reason):
    good = tmp_path / "2459.tsv"
    good.write_bytes(RECORDED)
    with pytest.raises(fetch.FetchError, match=f"gave up after 3 attempts.*{reason}"):
        fetch.fetch("statabs_2459", tmp_path, url=f"{server}/{route}/2459.tsv")
    assert good.read_bytes() == RECORDED and not list(tmp_path.glob(".*.part"))
    assert Recorded.hits[f"/{route}/2459.tsv"] == 3


def test_unknown_source_is_a_clear_error(tmp_path):
    with pytest.raises(fetch.LmoError, match="unknown source 'nope'"):
        fetch.fetch("nope", tmp_path)


def test_fetch_command_lists_sources_and_reports_failures_in_one_line_each(tmp_path):
    from tests.test_cli import lmo

    listed = lmo("fetch", "--list")
    assert listed.returncode == 0 and "statabs_2459" in listed.stdout and "rplumber.ilo.org" in listed.stdout
    failed = lmo("fetch", "nope", db=tmp_path / "w.duckdb")
    assert failed.returncode == 1 and "unknown source 'nope'" in failed.stderr and "Traceback" not in failed.stderr
