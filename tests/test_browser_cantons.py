"""The cantons page in headless Chromium: charts with real values, selection updates them."""

import time

import pytest

from tests.browser import browser_page, screenshot, served_dashboard

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def trace_values(page, graph_id: str, attribute: str) -> list:
    return page.evaluate(
        f"""() => {{ const g = document.querySelector('#{graph_id} .js-plotly-plot');
                    return g && g._fullData ? g._fullData.flatMap(t => Array.from(t['{attribute}'] || [])) : []; }}""")


def wait_for_trace(page, graph_id: str, attribute: str, predicate, timeout_s=20):
    """Poll the rendered figure until its data satisfies the predicate (callbacks are asynchronous)."""
    deadline = time.monotonic() + timeout_s
    while not predicate(seen := trace_values(page, graph_id, attribute)):
        assert time.monotonic() < deadline, f"{graph_id}.{attribute} never matched; last seen {seen[:30]}"
        page.wait_for_timeout(200)


def test_cantons_page_renders_and_follows_the_selection(warehouse, bulletin):
    with served_dashboard(warehouse) as url, browser_page() as page:
        page.goto(url + "/")
        wait_for_trace(page, "cantons-timeseries", "y", lambda ys: 2.6 in [round(y, 1) for y in ys])
        wait_for_trace(page, "cantons-ranking", "y", lambda names: len(names) == 26)
        wait_for_trace(page, "cantons-map", "locations", lambda geos: "CH-ZH" in geos and len(geos) == 26)
        latest = bulletin["national"][-1]["period"]
        assert page.locator("#cantons-period").inner_text().strip() == latest
        screenshot(page, "cantons-rate")

        page.locator("#cantons-indicator").click()
        page.get_by_role("option", name="Registered unemployed", exact=True).click()
        zh_july = next(c for c in bulletin["cantons"] if c["code"] == "ZH")["months"][-1]["unemployed"]
        wait_for_trace(page, "cantons-ranking", "x", lambda xs: zh_july in xs)
        wait_for_trace(page, "cantons-timeseries", "y", lambda ys: max(ys) > 100000)
        screenshot(page, "cantons-count")
        assert page.problems == []
