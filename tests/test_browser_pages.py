"""Every page in every language at desktop (1440 px) and phone (390 px) width: axe-core finds no WCAG 2.1 A/AA
violation, no raw label key and no untranslated English is shown, every chart is a full card (source line, data
table, CSV, link), no axis repeats a tick label, no label covers another or runs off its chart (small multiples take
two columns on a phone, four on a desktop), nothing is wider than the screen and no request leaves the app, and an
Arabic page is right to left with its RTL styles and font; the same for views a first load does not open (a paged
table, Compare's countries, bars of long canton names, an embed). `make test` sees each page and view in every
language and at both widths; `make test-thorough` every combination."""

import re

import pytest

from dashboard import lang as L
from tests.browser import external_requests, follow_link, screenshot, settle
from tests.page_text import PAGE_TEXT, raw_keys, untranslated

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

AXE = L.I18N.parents[1] / ".tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# page → (path, the label key of its <h1>)
PAGES = {"overview": ("/", "overview.title"), "explorer": ("/explorer", "explorer.title"),
         "table": ("/table", "table.title"), "compare": ("/compare", "compare.title"),
         "vacancies": ("/vacancies", "vacancies.title"), "programmes": ("/programmes", "programmes.title"),
         "international": ("/international", "international.title"), "quality": ("/quality", "quality.title"),
         "catalogue": ("/catalogue", "catalogue.title"), "downloads": ("/downloads", "downloads.title"),
         "country": ("/country", "diagnostic.title"), "embed": ("/embed/overview-trend", "embed.title"),
         "notfound": ("/no-such-page", "notfound.title")}
# Views a page's first load does not show: a table long enough to page, Compare's countries (the peers' box
# disabled while a group chooses them), bars of cantons with long names (two lines each on a phone), the Country
# page's embed. Title keys as above.
VIEWS = {"explorer-table": ("/explorer?view=table", "explorer.title"),
         "table-paged": ("/table?indicator=registered_unemployed&geos=CH-GE,CH-BE&start=2024-01&end=2026-07&rows=period",
                         "table.title"),
         "compare-countries": ("/compare?group=countries", "compare.title"),
         "explorer-bars": ("/explorer?view=bar&geos=CH-AR,CH-AI,CH-BL,CH-ZH", "explorer.title"),
         "embed-country": ("/embed/country-by_age?geo=TN", "embed.title")}
WIDTHS = (1440, 390)
# Programme and covariate codes a reader should see by their names (checked on the Arabic pages).
CODES = re.compile(r"\b(?:CH|MA|TN|MR)_[A-Z]{3,}|\b(?:log_prior_earnings|prior_unemployment_days|age_group)\b")
NOT_FOUND = "Failed to load resource: the server responded with a status of 404 (NOT FOUND)"
# Each chart's card: what it must carry beside the figure.
CARDS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(g => {
  const card = g.closest('.lmo-chart');
  if (!card) return {chart: g.parentElement.id, card: false};
  const source = card.querySelector('[id$="-source"]');
  return {chart: card.id, card: true, source: source ? source.textContent.trim() : '',
          table: card.querySelectorAll('table tbody tr, .dash-spreadsheet tbody tr').length,
          csv: !!card.querySelector('[id*="chart-download"]'), share: !!card.querySelector('[id*="chart-share"]'),
          label: (card.querySelector('figure') || {}).ariaLabel || ''};
})"""
# Tick labels an axis repeats ("2,7 2,7 2,8": a format with fewer decimals than the axis' step).
REPEATED_TICKS = """() => [...document.querySelectorAll('.js-plotly-plot .xaxislayer-above, .js-plotly-plot .yaxislayer-above')]
  .map(axis => [...axis.querySelectorAll('.xtick text, .ytick text')].map(t => t.textContent))
  .filter(labels => new Set(labels).size < labels.length).map(labels => labels.join(' '))"""
# Only violations are read: the other result types keep one node each, which spares axe their selectors.
AXE_RUN = """async () => (await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a',
  'wcag21aa']}, resultTypes: ['violations']})).violations
  .map(v => `${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)"""

# Texts of a chart that cover one another: panel titles, tick labels of one axis, the legend and the dates (on
# a phone, where small multiples take two columns and long bar labels two lines: dashboard/phone.py).
OVERLAPS = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(g => {
  const boxes = (root, selector) => [...root.querySelectorAll(selector)]
    .map(e => [e.textContent, e.getBoundingClientRect()]).filter(([text, r]) => text.trim() && r.width > 0);
  const apart = (a, b) => a.right <= b.left + 1 || b.right <= a.left + 1 || a.bottom <= b.top + 1 || b.bottom <= a.top + 1;
  const groups = [boxes(g, '.annotation-text'), ...[...g.querySelectorAll('.xaxislayer-above, .yaxislayer-above')]
    .map(axis => boxes(axis, '.xtick text, .ytick text'))];
  const legend = g.querySelector('.legend .bg');
  const covered = legend ? boxes(g, '.xtick text').filter(([, r]) => !apart(r, legend.getBoundingClientRect())) : [];
  const card = g.getBoundingClientRect();
  return covered.map(([text]) => `${g.parentElement.id}: the legend over "${text}"`)
    .concat(groups.flatMap(group => group.flatMap(([a, ra], i) => group.slice(i + 1)
    .filter(([, rb]) => !apart(ra, rb)).map(([b]) => `${g.parentElement.id}: "${a}" over "${b}"`)))
    .concat(groups.flat().filter(([, r]) => r.left < card.left - 1 || r.right > card.right + 1)
    .map(([text]) => `${g.parentElement.id}: "${text}" cut off`)));
})"""
# Every chart with a phone layout has taken the one its width asks for (assets/lmo.js relayouts it after drawing).
PHONE_LAYOUT = """() => [...document.querySelectorAll('.js-plotly-plot')].every(g => !(g.layout.meta || {}).narrow
  || !g.clientWidth || g._fullLayout.height === (g.clientWidth < 576 ? g.layout.meta.narrow : g.layout.meta.wide).height)"""
# Columns of Compare's small multiples (the domains their x axes start at) by the screen's width.
MULTIPLES_COLUMNS = """() => new Set(Object.entries(document.querySelector('#compare-multiples-graph .js-plotly-plot')
  .layout).filter(([k]) => k.startsWith('xaxis')).map(([, axis]) => axis.domain[0])).size"""


def check_page(page, url: str, name: str, lang: str, width: int) -> list[str]:
    """One load of a page: what is wrong with it, as readable lines."""
    path, title = (PAGES | VIEWS)[name]
    address = f"{path}{'&' if '?' in path else '?'}lang={lang}"
    if page.url.startswith(url):  # the next page as a reader reaches it: by a link, the document kept
        status = page.request.get(url + address).status
        follow_link(page, address)
    else:
        status = page.goto(url + address).status
        if name == "notfound":  # the answer to an unknown address is HTTP 404, which Chromium logs as an error
            page.problems.remove(NOT_FOUND)
    page.get_by_role("heading", level=1, name=L.t(title, lang)).wait_for(state="attached", timeout=30000)
    settle(page)
    page.wait_for_function(PHONE_LAYOUT, timeout=30000)
    found = [] if status == (404 if name == "notfound" else 200) else [f"HTTP {status}"]
    texts = page.evaluate(PAGE_TEXT)
    found += [f"raw key {key}" for key in raw_keys(texts)]
    found += [f"English left: {text!r}" for text in untranslated(texts, lang)]
    for card in page.evaluate(CARDS):
        missing = [part for part in ("card", "source", "table", "csv", "label") if not card.get(part)]
        missing += [] if name.startswith("embed") or card.get("share") else ["share"]
        found += [f"chart {card['chart']} lacks {', '.join(missing)}"] if missing else []
    found += layout_problems(page, name, width)
    if not page.evaluate("typeof axe !== 'undefined'"):  # once per document; by the driver: the CSP forbids inline
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found += [f"axe {violation}" for violation in page.evaluate(AXE_RUN)]
    if page.evaluate("() => document.documentElement.scrollWidth") > width:
        found.append(f"wider than {width} px")
    if page.locator("html").get_attribute("lang") != lang:
        found.append("html lang not set")
    found += right_to_left_problems(page) if lang == "ar" else []
    screenshot(page, f"{name}-{lang}-{width}", wanted=bool(found))
    return [f"{name} {lang} {width}px: {problem}" for problem in found]


def layout_problems(page, name: str, width: int) -> list[str]:
    """Tick labels repeated, labels covering one another, Compare's multiples on the wrong number of columns."""
    found = [f"axis repeats its tick labels: {labels}" for labels in page.evaluate(REPEATED_TICKS)]
    found += [f"overlap: {text}" for text in page.evaluate(OVERLAPS)]
    if name == "compare" and (columns := page.evaluate(MULTIPLES_COLUMNS)) != {390: 2, 1440: 4}[width]:
        found.append(f"small multiples on {columns} columns")
    return found


def right_to_left_problems(page) -> list[str]:
    """What an Arabic page lacks: right to left, Bootstrap's RTL build, the Arabic font, no programme or covariate
    code in place of its name."""
    found = [] if page.evaluate("document.documentElement.dir") == "rtl" else ["not right to left"]
    sheets = page.evaluate("[...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.href)")
    if not any("bootstrap.rtl.min.css" in s for s in sheets) or any("/bootstrap.min.css" in s for s in sheets):
        found.append("not Bootstrap's RTL build")
    if not page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Noto Naskh Arabic"'):
        found.append("not the Arabic font")
    return found + [f"code shown: {code}" for code in CODES.findall(page.evaluate("document.body.textContent"))]


def sampled(lang: str, width: int) -> list[str]:
    """The pages and views `make test` checks in this language at this width: every one in every language, at the
    two widths in turn, so that each is also seen at both widths and each language at both (`make test-thorough`
    checks the others: every page and view in every language at both widths)."""
    turn = L.LANGS.index(lang)
    return [name for i, name in enumerate(PAGES | VIEWS) if WIDTHS[(i + turn) % 2] == width]


def check_pages(page, url: str, names: list[str], lang: str, width: int) -> None:
    """One load each, the first from the address and the others by following a link, as a reader goes on."""
    page.set_viewport_size({"width": width, "height": 900})
    problems = [problem for name in names for problem in check_page(page, url, name, lang, width)]
    assert problems == [], "\n".join(problems)
    assert page.problems == []
    assert external_requests(page, url) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", L.LANGS)
def test_every_page_and_view_is_accessible_translated_and_complete(page, dashboard_url, lang, width):
    check_pages(page, dashboard_url, sampled(lang, width), lang, width)


@pytest.mark.thorough
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", L.LANGS)
def test_every_page_and_view_at_both_widths_in_every_language(page, dashboard_url, lang, width):
    check_pages(page, dashboard_url, [name for name in PAGES | VIEWS if name not in sampled(lang, width)], lang, width)
