"""Dashboard pages opened in headless Chromium: time until rendered, and every callback request the page sent."""

import json
import shutil

from bench.dashboard_load import summary

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# The last DOM change in the page, in ms since navigation started: callbacks answered and charts drawn.
WATCH_DOM = "window.__lmoLastChange = 0; new MutationObserver(() => { window.__lmoLastChange = performance.now(); })" \
            ".observe(document, {subtree: true, childList: true, attributes: true, characterData: true});"
CALLBACK_TIMES = """() => performance.getEntriesByType('resource')
    .filter(e => e.name.includes('_dash-update-component')).map(e => e.responseStart - e.requestStart)"""


def callback_name(path: str, body: dict) -> str:
    outputs = body["outputs"] if isinstance(body["outputs"], list) else [body["outputs"]]
    ids = sorted({o["id"] if isinstance(o["id"], str) else json.dumps(o["id"]) for o in outputs})
    return f"{path} → {', '.join(ids[:3])}{' …' if len(ids) > 3 else ''}"


def open_pages(base: str, paths: list[str], loads: int) -> dict:
    """Each page opened `loads` times after a warm-up: render times, server times, and the request bodies."""
    from playwright.sync_api import sync_playwright

    renders: dict[str, list[float]] = {}
    server: dict[str, list[float]] = {}
    bodies: dict[str, dict] = {}
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.add_init_script(WATCH_DOM)
        for path in paths:
            for attempt in range(loads + 1):
                sent = []
                page.on("request", on_request := lambda r, sent=sent: "_dash-update-component" in r.url and sent.append(r))
                page.goto(base + path, wait_until="networkidle")
                page.remove_listener("request", on_request)
                if attempt == 0:
                    continue
                renders.setdefault(path, []).append(page.evaluate("window.__lmoLastChange"))
                server.setdefault(path, []).extend(page.evaluate(CALLBACK_TIMES))
                for request in sent:
                    body = json.loads(request.post_data)
                    bodies.setdefault(callback_name(path, body), body)
        browser.close()
    return {"render_ms": {p: summary(v) for p, v in renders.items()},
            "browser_callbacks_ms": {p: summary(v) for p, v in server.items()}, "bodies": bodies}
