"""The international page in headless Chromium: four countries, ILO survey and modelled never one series."""

import pytest

from tests.browser import screenshot, settle

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

TRACES = """() => { const g = document.querySelector('#international-series-graph .js-plotly-plot');
    return g && g._fullData ? g._fullData.map(t => ({name: t.name, geo: t.meta, x: Array.from(t.x || []),
                                                    y: Array.from(t.y || [])})) : []; }"""


def traces(page, wanted) -> list[dict]:
    page.wait_for_function(f"""() => {{ const t = ({TRACES})(); return t.some(s => s.name === {wanted!r}); }}""",
                           timeout=20000)
    settle(page)  # the callbacks done: the figure and its table final, not a moment between two answers
    return page.evaluate(TRACES)


def point(series: list[dict], name: str, geo: str, year: int) -> float:
    [trace] = [t for t in series if t["name"] == name and t["geo"] == geo]
    value = trace["y"][trace["x"].index(year)]
    return None if value is None or value != value else round(value, 3)  # NaN: no observation


def test_international_page_shows_four_countries_and_keeps_concepts_apart(page, dashboard_url):
    survey, modelled = "ILO national surveys (ILOSTAT)", "ILO modelled estimates (World Bank WDI)"
    page.goto(dashboard_url + "/international")
    series = traces(page, modelled)
    assert {t["geo"] for t in series if t["name"] == modelled} == {"CH", "MA", "TN", "MR"}
    assert {t["geo"] for t in series if t["name"] == survey} == {"MA", "TN", "MR"}
    assert {t["name"] for t in series} == {survey, modelled}  # one concept per trace
    assert point(series, survey, "MA", 2022) == 11.79
    assert point(series, survey, "TN", 2023) == 15.106
    assert point(series, survey, "MR", 2019) == 10.416
    assert point(series, modelled, "CH", 2024) == 4.343
    assert point(series, survey, "MR", 2000) is None  # no survey that year: a gap, not a bridge
    assert page.locator("#international-table").inner_text().count("ILO modelled estimates") == 4
    screenshot(page, "international-unemployment")

    page.locator("#international-age").select_option(label="Youth (15-24)")
    page.wait_for_function("""() => document.querySelector('#international-series-graph .gtitle')
                                    .textContent.includes('Youth')""", timeout=15000)
    youth = traces(page, survey)
    assert point(youth, survey, "TN", 2019) == 37.921
    assert not [t for t in youth if t["name"] == modelled]  # the modelled series has no youth breakdown

    page.locator("#international-topic").select_option(label="Informal employment rate")
    page.wait_for_function("""() => document.querySelector('#international-series-graph .gtitle')
                                    .textContent.includes('Informal')""", timeout=15000)
    informal = traces(page, survey)
    assert point(informal, survey, "CH", 2021) == 1.066
    assert point(informal, survey, "MR", 2019) == 89.355
    assert {t["geo"] for t in informal} == {"CH", "TN", "MR"}
    assert page.locator("#international-age").input_value() == "_T"
    assert page.locator("#international-series-graph").get_by_text("no series in the data").count() == 1  # Morocco
    screenshot(page, "international-informal")
    assert page.problems == []
