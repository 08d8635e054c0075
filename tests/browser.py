"""Real-browser harness: the dashboard served from a subprocess, driven by Playwright in Debian's Chromium."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
# Every chart shown drawn (data set: callbacks done; the Explorer's table view hides its chart) and every card's
# source line filled. Each card's figure must hold a chart: Plotly's script loads after the card is laid out, and
# until then a page whose source lines come with its layout would pass.
READY = """() => [...document.querySelectorAll('.lmo-chart figure')].every(f => !f.offsetParent
                                                                            || f.querySelector('.js-plotly-plot'))
             && [...document.querySelectorAll('.js-plotly-plot')].every(g => !g.offsetParent
                                                                             || (g._fullData && g._fullData.length > 0))
             && [...document.querySelectorAll('.lmo-chart [id$="-source"]')].every(p => p.textContent.trim())"""
# Nothing moving: no transition or animation running (an endless one, a spinner, never ends: it does not count).
STILL = "document.getAnimations().every(a => a.playState !== 'running' || a.effect.getTiming().iterations === Infinity)"
# What a click on one of the app's links (dcc.Link) does: the address changes, the router renders the page, the
# document stays (Plotly and the rest are not loaded again). The layout before is kept to see the router's answer.
FOLLOW_LINK = """(href) => { window.lmoLeft = window.store.getState().layout; window.history.pushState({}, '', href);
  window.dispatchEvent(new CustomEvent('_dashprivate_pushstate')); window.scrollTo(0, 0); }"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def served_dashboard(db: Path):
    """`lmo serve` on a free port of 127.0.0.1, stopped afterwards."""
    port = free_port()
    lmo = str(Path(sys.executable).with_name("lmo"))
    # Output goes to a file: an unread pipe would fill up with request logs and block the server.
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([lmo, "serve", "--port", str(port)], env=os.environ | {"LMO_DB": str(db)},
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # imports alone take 10 s or more on a busy 2-core machine
        while True:
            try:
                urllib.request.urlopen(url, timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"dashboard did not start: {log.read().decode()[-2000:]}") from None
                time.sleep(0.2)
        yield url
    finally:
        stop(proc)
        log.close()


def stop(proc: subprocess.Popen) -> None:
    """Terminate, then kill: on a loaded machine a server in the middle of disk I/O can outlast a polite wait."""
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=60)


@contextmanager
def browser_page():
    """A Chromium page logging console errors and failed requests (problems), requests and those in flight."""
    chromium = shutil.which("chromium")
    if not chromium:
        pytest.fail("chromium is not installed: `make test` installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.problems = []
        page.requests = []
        page.in_flight = set()
        page.on("request", lambda r: page.requests.append(r.url))
        page.on("request", lambda r: started(page, r))
        page.on("requestfinished", lambda r: page.in_flight.discard(r))
        page.on("requestfailed", lambda r: page.in_flight.discard(r))
        page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
        page.on("pageerror", lambda e: page.problems.append(str(e)))
        page.on("requestfailed", lambda r: aborted(r) or page.problems.append(f"request failed: {r.url}"))
        try:
            yield page
        finally:
            browser.close()


class SharedPage:
    """One Chromium page for consecutive browser tests: started at the first, closed by close()."""

    def __init__(self):
        self.stack = ExitStack()
        self.opened = None

    def page(self):
        if self.opened is None:
            self.opened = self.stack.enter_context(browser_page())
        return self.opened

    def close(self) -> None:
        self.opened = None
        self.stack.close()


def started(page, request) -> None:
    """A request in flight until it finishes or fails."""
    # A new document drops the old one's: cut off by leaving, they need not report an end.
    if request.is_navigation_request() and request.frame == page.main_frame:
        page.in_flight.clear()
    page.in_flight.add(request)


def follow_link(page, href: str) -> None:
    """Go to an address of the app as its links do, without loading the document again."""
    page.evaluate(FOLLOW_LINK, href)
    page.wait_for_function("() => window.store.getState().layout !== window.lmoLeft")


def settle(page, ready: str = READY, arg=None, timeout_s: float = 30) -> None:
    """Wait until `ready` holds, no callback is pending, no request is in flight and nothing moves, all at once."""
    # A callback still answering must not be missed: its error comes later, as a console error. Playwright's
    # "networkidle" ensured it by 500 ms of network silence; Dash's own state says it at once (isLoading: a
    # callback requested, queued or answering, so also between one callback's answer and the next's request).
    # No transition running either: the active language's button fades in for 150 ms, and axe-core measures
    # the contrast of the colours it passes through.
    drawn = f"(arg) => ({ready})(arg) && !window.store.getState().isLoading && {STILL}"
    page.wait_for_function(drawn, arg=arg, timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    while page.in_flight or not page.evaluate(drawn, arg):
        assert time.monotonic() < deadline, f"still loading: {sorted(r.url for r in page.in_flight)}"
        page.wait_for_timeout(20)


def aborted(request) -> bool:
    """A request cut off by leaving the page (favicon, Plotly's map worker): navigation, not a failure.
    Missing files and server errors still show: they answer with a status, logged as console errors."""
    return "ERR_ABORTED" in (request.failure or "")


def external_requests(page, url: str) -> list[str]:
    """Requests that left the served app (the dashboard must work offline: no CDN, no web fonts)."""
    return [u for u in page.requests if not (u.startswith(url) or u.startswith(("blob:", "data:")))]


def screenshot(page, name: str, wanted: bool = True) -> Path | None:
    """A full-page PNG in test-artifacts/ when `wanted` (the checks that load every page want one only of a page
    that failed them: a picture takes as long as the page's checks) or when $LMO_SCREENSHOTS is set."""
    if not (wanted or os.environ.get("LMO_SCREENSHOTS")):
        return None
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def trace_values(page, graph_id: str, attribute: str) -> list:
    return page.evaluate(
        f"""() => {{ const g = document.querySelector('#{graph_id} .js-plotly-plot');
                    return g && g._fullData ? g._fullData.flatMap(t => Array.from(t['{attribute}'] || [])) : []; }}""")


def wait_for_trace(page, graph_id: str, attribute: str, predicate, timeout_s=20):
    """Poll the rendered figure until its data satisfies the predicate (callbacks are asynchronous)."""
    deadline = time.monotonic() + timeout_s
    while not predicate(seen := trace_values(page, graph_id, attribute)):
        assert time.monotonic() < deadline, f"{graph_id}.{attribute} never matched; last seen {seen[:30]}"
        page.wait_for_timeout(50)
