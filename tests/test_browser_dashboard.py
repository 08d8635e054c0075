"""The dashboard in headless Chromium: the bulletin's figures, the language switch (to Arabic, right to left, and
back), URL round trips, downloads of the data shown, keyboard, the share link and the embedded chart (every page in
every language: test_browser_pages.py)."""

import io

import pandas as pd
import pytest

from dashboard import lang as L
from tests.browser import settle, trace_values, wait_for_trace

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# At least `n` charts drawn, each with data (an empty list would pass before the charts even mount).
CHARTS_READY = """(n) => { const plots = [...document.querySelectorAll('.js-plotly-plot')];
                          return plots.length >= n && plots.every(g => g._fullData && g._fullData.length > 0); }"""



def open_view(page, url: str, path: str, title: str, charts: int = 1):
    page.goto(url + path)
    page.get_by_role("heading", level=1, name=title).wait_for(timeout=20000)
    page.wait_for_function(CHARTS_READY, arg=charts, timeout=20000)
    settle(page)


def test_explorer_shows_the_bulletin_and_the_canton_map(page, dashboard_url, bulletin):
    open_view(page, dashboard_url, "/explorer?lang=en", L.t("explorer.title", "en"))
    national = [m["rate"] for m in bulletin["national"]]
    wait_for_trace(page, "explorer-main-graph", "y", lambda ys: national[-1] in ys and len(ys) >= 4 * len(national))
    open_view(page, dashboard_url, "/explorer?lang=en&view=map&period=2026-07", L.t("explorer.title", "en"))
    wait_for_trace(page, "explorer-main-graph", "locations", lambda geos: len(geos) == 26 and "CH-ZH" in geos)
    assert page.problems == []


def test_language_switch_changes_labels_numbers_and_keeps_the_view(page, dashboard_url, bulletin):
    view = "/explorer?lang=en&indicator=registered_unemployed&geos=CH-ZH,CH-BE&view=bar&period=2026-07"
    open_view(page, dashboard_url, view, L.t("explorer.title", "en"))
    assert page.evaluate("() => document.querySelector('#explorer-main-graph .js-plotly-plot').layout.separators") == ".,"
    page.locator("#app-lang-de").click()
    page.get_by_role("heading", level=1, name=L.t("explorer.title", "de")).wait_for()
    page.wait_for_function(CHARTS_READY, arg=1)
    assert "lang=de" in page.url and "indicator=registered_unemployed" in page.url and "view=bar" in page.url
    wait_for_trace(page, "explorer-main-graph", "y", lambda names: sorted(names) == ["Bern", "Zürich"])
    assert page.evaluate("() => document.querySelector('#explorer-main-graph .js-plotly-plot').layout.separators") == ".’"
    assert page.locator("#explorer-main-source").inner_text().startswith("Quelle: SECO")
    assert page.locator("#app-nav-overview").inner_text() == "Überblick"
    png = L.t("plotly", "de")["Download plot as a PNG"]  # Plotly's mode bar speaks the page's language too
    assert page.locator(f"#explorer-main-graph .modebar-btn[data-title='{png}']").count() == 1

    latest = bulletin["national"][-1]["unemployed"]
    for lang, text in (("de", f"{latest:,}".replace(",", "’")), ("fr", f"{latest:,}".replace(",", "\u202f"))):
        open_view(page, dashboard_url, f"/?lang={lang}", L.t("overview.title", lang))
        card = page.locator("#overview-card-registered_unemployed").inner_text()
        assert card == f"{text} {L.t('unit.persons', lang)}"
    assert page.problems == []


def test_the_language_switch_turns_a_page_right_to_left_and_back(page, dashboard_url):
    page.goto(dashboard_url + "/compare?lang=fr&group=countries")
    page.get_by_role("heading", level=1, name=L.t("compare.title", "fr")).wait_for(timeout=30000)
    page.locator("#app-lang-ar").click()
    page.get_by_role("heading", level=1, name=L.t("compare.title", "ar")).wait_for(timeout=30000)
    assert page.evaluate("document.documentElement.dir") == "rtl" and "group=countries" in page.evaluate("location.search")
    page.wait_for_function("() => [...document.querySelectorAll('link[rel=stylesheet]')]"
                           ".some(l => l.href.includes('bootstrap.rtl.min.css'))")
    page.locator("#app-lang-en").click()
    page.get_by_role("heading", level=1, name=L.t("compare.title", "en")).wait_for(timeout=30000)
    assert page.evaluate("document.documentElement.dir") == "ltr"
    assert page.problems == []


def test_a_url_round_trip_restores_the_view(page, dashboard_url):
    open_view(page, dashboard_url, "/explorer?lang=fr", L.t("explorer.title", "fr"))
    page.get_by_label(L.t("option.bar", "fr")).check()
    page.get_by_label(L.t("control.indicator", "fr")).select_option(label="Chômeurs inscrits")
    page.wait_for_function("() => location.search.includes('view=bar') && location.search.includes('registered_unemployed')")
    wait_for_trace(page, "explorer-main-graph", "x", lambda xs: len(xs) == 4 and max(xs) > 100000)
    shared, shown = page.url, sorted(trace_values(page, "explorer-main-graph", "x"))

    page.goto("about:blank")
    open_view(page, dashboard_url, shared.removeprefix(dashboard_url), L.t("explorer.title", "fr"))
    wait_for_trace(page, "explorer-main-graph", "x", lambda xs: sorted(xs) == shown)
    assert page.get_by_label(L.t("option.bar", "fr")).is_checked()
    assert page.locator("#explorer-indicator").input_value() == "registered_unemployed"
    assert page.problems == []


def test_a_download_returns_the_data_shown(page, dashboard_url, bulletin):
    view = "/compare?lang=de&period=2026-07"
    open_view(page, dashboard_url, view, L.t("compare.title", "de"))
    deviations = sorted(trace_values(page, "compare-ranking-graph", "x"))
    with page.expect_download() as download:
        page.locator("#compare-ranking-figure ~ button, [id*='compare-ranking'][id*='chart-download']").first.click()
    text = open(download.value.path(), encoding="utf-8").read()
    assert "# licence: SECO statistics are free to reuse" in text and "# vintage: 2026-08-29" in text
    rows = pd.read_csv(io.StringIO(text), comment="#")
    assert sorted(rows["deviation"].round(6)) == [round(x, 6) for x in deviations]
    ge = next(c for c in bulletin["cantons"] if c["code"] == "GE")["months"][-1]["rate"]
    assert rows.set_index("geo").at["CH-GE", "value"] == ge
    assert set(rows["reference"]) == {bulletin["national"][-1]["rate"]}
    assert page.problems == []


def test_keyboard_skip_link_share_link_and_embed(page, dashboard_url):
    open_view(page, dashboard_url, "/explorer?lang=fr&indicator=registered_unemployed&geos=CH-GE", L.t("explorer.title", "fr"))
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "app-skip"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "app-main"
    page.get_by_role("button", name=L.t("share.button", "fr")).click()
    link = page.get_by_label(L.t("share.link", "fr"))
    link.wait_for()
    assert link.input_value() == f"{dashboard_url}/explorer{page.evaluate('location.search')}#explorer-main-card"
    assert "indicator=registered_unemployed" in link.input_value()
    embed = page.get_by_label(L.t("share.embed", "fr")).input_value()
    src = embed.split('src="')[1].split('"')[0].replace("&amp;", "&")
    assert src.startswith(f"{dashboard_url}/embed/explorer-main?") and "geos=CH-GE" in src
    page.goto(src)
    page.wait_for_function(CHARTS_READY, arg=1, timeout=20000)
    assert page.locator(".navbar").is_hidden() and page.locator("#explorer-main-source").inner_text().startswith("Source")
    names = page.evaluate("() => document.querySelector('#explorer-main-graph .js-plotly-plot').data.map(t => t.name)")
    assert names == ["Genève"]
    assert page.problems == []
