"""The programmes page in headless Chromium: results chain, targets, cohorts, forest, balance, overlap."""

import duckdb
import pytest

from tests.browser import screenshot, trace_values, wait_for_trace

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_programmes_page_shows_effects_balance_and_overlap(page, dashboard_url, warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        eaz = con.execute("SELECT att FROM mart.programme_effects WHERE programme = 'CH_EAZ'"
                          " AND outcome = 'employed_12m' AND method = 'dr'").fetchall()[0][0]
        smd = con.execute("SELECT smd_before FROM mart.programme_balance WHERE programme = 'CH_KURS'"
                          " AND method = 'psm' AND covariate = 'prior_unemployment_days'").fetchall()[0][0]
    page.goto(dashboard_url + "/programmes")  # real figures: the shipped register is synthetic, so no programme
    page.locator("#programmes-none").wait_for(timeout=30000)
    page.goto(dashboard_url + "/world/demo?next=/programmes")
    page.goto(dashboard_url + "/programmes?programme=CH%7CCH_KURS")  # the balance compared below is CH_KURS's
    # forest: 3 CH programmes x 3 methods, employment effects in percentage points
    wait_for_trace(page, "programmes-forest-graph", "x", lambda xs: round(100 * eaz, 6) in [round(x, 6) for x in xs])
    wait_for_trace(page, "programmes-balance-graph", "x", lambda xs: round(smd, 6) in [round(x, 6) for x in xs])
    wait_for_trace(page, "programmes-overlap-graph", "y", lambda ys: len(ys) == 40)
    wait_for_trace(page, "programmes-cohorts-graph", "y", lambda ys: len(ys) > 20)
    wait_for_trace(page, "programmes-targets-graph", "x", lambda xs: len(xs) >= 6)
    assert "SYNTHETIC" in page.locator("#programmes-caveat").inner_text()
    assert "unobserved confounding" in page.locator("#programmes-caveat").inner_text()
    chain = page.locator("#programmes-chain").inner_text()
    assert "Inputs 2025" in chain and "Impact (doubly robust)" in chain and "percentage points" in chain
    diagnostics = page.locator("#programmes-diagnostics")
    diagnostics.get_by_text("Common support rule").wait_for(timeout=10000)
    assert "E-value (estimate; interval)" in diagnostics.inner_text() and "min–max" in diagnostics.inner_text()
    screenshot(page, "programmes-eaz")

    page.locator("#programmes-programme").select_option(value="MA|MA_IDMAJ")
    idmaj = "Idmaj (integration contract for graduates, ANAPEC)"  # programmes by name, never by code
    wait_for_trace(page, "programmes-forest-graph", "y", lambda ys: idmaj in str(ys) and "Induction" not in str(ys))
    screenshot(page, "programmes-idmaj")
    assert trace_values(page, "programmes-targets-graph", "x")
    page.wait_for_function("() => location.search.includes('programme=MA%7CMA_IDMAJ')", timeout=10000)

    page.goto(page.url.replace("lang=en", "lang=de"))  # the view's URL, in German
    wait_for_trace(page, "programmes-forest-graph", "y", lambda ys: "Idmaj (Eingliederungsvertrag, ANAPEC)" in str(ys))
    # the results chain is another callback's output: it may follow the forest by a moment
    page.wait_for_function("() => document.querySelector('#programmes-chain').innerText"
                           ".includes('Wirkung (doppelt robust)')", timeout=30000)
    chain = page.locator("#programmes-chain").inner_text()
    assert "Wirkung (doppelt robust)" in chain and "Prozentpunkte" in chain
    assert "Idmaj" in page.locator("#programmes-programme option:checked").inner_text()
    page.locator("#programmes-diagnostics").get_by_text("Regel des gemeinsamen Trägers").wait_for(timeout=10000)
    assert "SYNTHETISCH" in page.locator("#programmes-caveat").inner_text()
    assert "Naive Differenz (kein Effekt)" in str(trace_values(page, "programmes-forest-graph", "y"))
    assert page.problems == []
