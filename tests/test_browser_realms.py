"""Realms and the gate as a reader sees them in headless Chromium: the demo world watermarks every chart in the
page's language, the real world never does; a bulletin with a wrong canton is held back under a banner."""

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import lang as L
from kernel.settings import DATA_DIR, publication_status, published_path
from pipelines.publication import adopt
from tests.browser import follow_link, screenshot, served_dashboard, settle

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
LMO = str(Path(sys.executable).with_name("lmo"))
CHART_PAGES = ("/", "/explorer?indicator=jobseekers", "/compare", "/vacancies", "/programmes")
WATERMARKS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(g =>
  [...g.querySelectorAll('.annotation-text')].map(a => a.textContent).join(' | '))"""


def charts_on(page, url: str, path: str, lang: str) -> list[str]:
    """The annotation texts of every chart of a page, once every chart is drawn."""
    address = f"{path}{'&' if '?' in path else '?'}lang={lang}"
    if page.url.startswith(url):
        follow_link(page, address)
    else:
        page.goto(url + address)
    page.locator("h1").first.wait_for(timeout=30000)
    settle(page)
    return page.evaluate(WATERMARKS)


# The watermark is one annotation added to every figure in the page's language: French in `make test`, the others
# thorough (every label's translation into each language: test_dashboard).
@pytest.mark.parametrize("lang", ["fr", pytest.param("de", marks=pytest.mark.thorough),
                                  pytest.param("en", marks=pytest.mark.thorough)])
def test_every_chart_of_the_demo_world_is_watermarked_and_no_real_one(page, dashboard_url, lang):
    mark = L.t("world.watermark", lang)
    real = {path: charts_on(page, dashboard_url, path, lang) for path in CHART_PAGES}
    page.goto(f"{dashboard_url}/world/demo?next=/")
    demo = {path: charts_on(page, dashboard_url, path, lang) for path in CHART_PAGES}
    banner = page.locator("#app-world-demo").text_content()
    screenshot(page, f"demo-world-{lang}")
    assert all(mark not in text for texts in real.values() for text in texts)
    assert sum(len(texts) for texts in demo.values()) >= 8, demo  # the demo world has charts on these pages
    assert all(mark in text for texts in demo.values() for text in texts), demo
    assert banner.startswith(L.t("world.demo", lang))


def perturbed_bulletin(folder: Path) -> Path:
    """SECO's bulletin with Bern's March 2026 count 7 higher than the one that sums to the national figure."""
    bulletin = json.loads((DATA_DIR / "seco" / "labour.json").read_text(encoding="utf-8"))
    [bern] = [c for c in bulletin["cantons"] if c["code"] == "BE"]
    [march] = [m for m in bern["months"] if m["period"] == "2026-03"]
    march["unemployed"] += 7
    path = folder / "labour-perturbed.json"
    path.write_text(json.dumps(bulletin, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_wrong_canton_is_held_back_the_publication_stays_and_every_page_says_so(page, warehouse, tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copyfile(warehouse, db)
    adopt(db, published_path(warehouse))
    current = published_path(db)
    digest = hashlib.sha256(current.read_bytes()).hexdigest()
    done = subprocess.run([LMO, "ingest", "seco-bulletin-json", str(perturbed_bulletin(tmp_path)), "--db", str(db)],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 1, done.stdout + done.stderr
    assert any(line.startswith("check failed: cantons_sum") for line in done.stderr.splitlines()), done.stderr
    assert published_path(db) == current and hashlib.sha256(current.read_bytes()).hexdigest() == digest
    status = publication_status(db)
    assert "cantons_sum" in status["held_back"]["checks"]
    stamp = status["published_at"]
    with served_dashboard(db) as url:  # its own: it serves the warehouse that held the bulletin back
        for lang, path in (("fr", "/"), ("de", "/explorer"), ("en", "/quality")):
            page.goto(f"{url}{path}?lang={lang}")
            banner = page.locator("#app-held-back")
            banner.wait_for(timeout=30000)
            expected = L.t("banner.held_back", lang, date=f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}",
                           checks=", ".join(status["held_back"]["checks"]))
            assert banner.text_content() == expected
            settle(page)  # the dashboard keeps answering with the last good figures
        screenshot(page, "held-back-en")
    assert page.problems == []
