"""Every page in Arabic in headless Chromium: right to left, Bootstrap's RTL build and the Arabic font, no
programme or covariate code on screen; screenshots in test-artifacts/ (looked at when this test was written).
English left on screen, raw keys, chart cards and axe-core: test_browser_pages.py, which runs Arabic too."""

import re

import pytest

from dashboard import lang as L
from tests.browser import browser_page, external_requests, screenshot, served_dashboard
from tests.test_browser_pages import NOT_FOUND, PAGES, READY

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# page → (path, the label key of its <h1>): every page, and Compare on the countries
ARABIC_PAGES = PAGES | {"countries": ("/compare?group=countries", "compare.title")}
CODES = re.compile(r"\b(?:CH|MA|TN|MR)_[A-Z]{3,}|\b(?:log_prior_earnings|prior_unemployment_days|age_group)\b")


@pytest.fixture(scope="module")
def served(warehouse):
    with served_dashboard(warehouse) as url, browser_page() as page:
        yield page, url


def test_every_page_in_arabic_right_to_left(served):
    page, url = served
    for name, (path, title) in ARABIC_PAGES.items():
        page.goto(url + path + ("&" if "?" in path else "?") + "lang=ar")
        page.get_by_role("heading", level=1, name=L.t(title, "ar")).wait_for(timeout=30000)
        page.wait_for_function(READY, timeout=30000)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("[document.documentElement.dir, document.documentElement.lang]") == ["rtl", "ar"], name
        sheets = page.evaluate("[...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.href)")
        assert any("bootstrap.rtl.min.css" in s for s in sheets) and not any("/bootstrap.min.css" in s for s in sheets)
        assert CODES.findall(page.evaluate("document.body.textContent")) == [], name
        screenshot(page, f"{name}-ar")
        if name == "notfound":  # the answer to an unknown address is HTTP 404, which Chromium logs as an error
            page.problems.remove(NOT_FOUND)
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Noto Naskh Arabic"')
    assert page.problems == [] and external_requests(page, url) == []


def test_the_language_switch_turns_a_page_right_to_left_and_back(served):
    page, url = served
    page.problems.clear()
    page.goto(url + "/compare?lang=fr&group=countries")
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
