"""The data-quality page in headless Chromium: a rejected file's report, check results and freshness."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kernel.settings import published_path
from pipelines.publication import adopt
from tests.browser import screenshot, served_dashboard
from tests.test_corpus import BAD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
LMO = str(Path(sys.executable).with_name("lmo"))


def test_quality_page_shows_a_quarantined_files_report(page, warehouse, tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copyfile(warehouse, db)
    adopt(db, published_path(warehouse))
    # `lmo ingest` as a user runs it. Not in this process: here Playwright's event loop counts as running, and in a
    # thread of its own the same ingest took a minute when run after the other browser tests (6 s alone).
    ingest = subprocess.run([LMO, "ingest", "observations-csv", str(BAD / "thousands-apostrophe.csv"), "--db", str(db)],
                            capture_output=True, text=True, timeout=600)
    assert ingest.returncode == 1 and "quarantined:" in ingest.stderr, ingest.stderr

    with served_dashboard(db) as url:  # its own: it serves the warehouse that quarantined the file
        page.goto(url + "/quality")
        card = page.locator("#quality-report-card-0")
        card.wait_for(timeout=20000)
        assert "thousands-apostrophe.csv (observations-csv)" in card.inner_text()
        cells = page.locator("#quality-report-0 tbody tr").first.locator("td").all_inner_texts()
        assert cells == ["line 6", "value", "thousands separator", "22'992"]
        assert page.locator("#quality-quarantine-count").inner_text().startswith("1 rejected file")
        datasets = page.locator("#quality-datasets").inner_text()
        assert "seco_bulletin" in datasets and "statabs_2459" in datasets
        not_passed = page.locator("#quality-checks").inner_text()
        assert "outliers" in not_passed and "ilostat_une_deap_sex_age_rt" in not_passed
        freshness = page.locator("#quality-freshness").inner_text()
        assert "seco_bulletin" in freshness and "2026-07" in freshness
        screenshot(page, "quality-page")
        assert page.problems == []
