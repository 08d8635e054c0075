"""Releases and the offline bundle on a small published copy built from SECO's bulletin (no pipeline run)."""

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from kernel.settings import DATA_DIR
from pipelines.publication import install
from publish.bundle import write_bundle
from publish.release import latest, resolve, write_release
from tests.browser import browser_page, screenshot

COLUMNS = ("indicator", "geo", "period", "sex", "age", "citizenship", "activity", "occupation", "programme",
           "measure", "value", "unit", "obs_status", "conf_status", "concept", "adjustment", "source", "vintage")


def seco_values() -> pd.DataFrame:
    """Registered unemployed of SECO's bulletin (CH, ZH, GE) and one synthetic series, as mart rows."""
    bulletin = json.loads((DATA_DIR / "seco" / "labour.json").read_text(encoding="utf-8"))
    months = [("CH", m) for m in bulletin["national"]] + [
        (f"CH-{c['code']}", m) for c in bulletin["cantons"] if c["code"] in ("ZH", "GE") for m in c["months"]]
    base = dict.fromkeys(("sex", "age", "citizenship", "activity", "occupation", "programme"), "_T")
    rows = [base | {"indicator": "registered_unemployed", "geo": geo, "period": m["period"], "measure": "level",
                    "value": float(m["unemployed"]), "unit": "persons", "obs_status": "A", "conf_status": "F",
                    "concept": "SECO_registered", "adjustment": "NSA", "source": "SECO, Die Lage auf dem Arbeitsmarkt",
                    "vintage": "2026-08-29"} for geo, m in months]
    july = next(r for r in rows if r["geo"] == "CH" and r["period"] == "2026-07")
    rows += [july | {"indicator": "jobseekers", "value": 930.0, "source": "Synthetic PES register (generated, not real)",
                        "concept": "register"}]
    return pd.DataFrame(rows, columns=COLUMNS)


@pytest.fixture()
def published_copy(tmp_path):
    return install(tmp_path / "w.duckdb", write_seco_values)


def write_seco_values(db: Path) -> None:
    frame = seco_values()
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE SCHEMA mart")
        con.register("frame", frame)
        con.execute("CREATE TABLE mart.indicator_values AS SELECT * FROM frame")
        con.execute("CREATE TABLE mart.check_results AS SELECT 'cantons_sum' AS check_name, 'seco_bulletin' AS dataset, "
                    "'error' AS severity, true AS passed, 0 AS failures, TIMESTAMP '2026-08-29 08:00' AS checked_at")


def test_a_release_is_immutable_parquet_with_a_data_package(published_copy, tmp_path):
    releases = tmp_path / "releases"
    first = write_release(published_copy, releases, "2026-08-29")
    second = write_release(published_copy, releases, "2026-08-29")
    assert (first.name, second.name, latest(releases)) == ("2026-08-29", "2026-08-29.2", "2026-08-29.2")
    assert resolve(releases, "latest") == second and not list(releases.glob(".*.tmp"))
    values = pd.read_parquet(first / "indicator_values.parquet")
    expected = seco_values().sort_values(list(COLUMNS)).reset_index(drop=True)
    pd.testing.assert_frame_equal(values.drop(columns="realm"), expected, check_dtype=False)
    assert values.groupby("indicator")["realm"].unique().map(list).to_dict() == {
        "jobseekers": ["synthetic"], "registered_unemployed": ["official"]}
    package = json.loads((first / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == "indicator_values")
    assert resource["lmo:rows"] == len(expected) and resource["hash"].startswith("sha256:")
    assert {f["name"] for f in resource["schema"]["fields"]} == {*COLUMNS, "realm"}
    titles = {item["title"] for item in package["licenses"]}
    assert "SECO statistics: free reuse with the source named (SECO)" in titles
    names = {item["id"]: item for item in package["lmo:indicators"]}
    assert names["registered_unemployed"]["name_de"] == "Registrierte Arbeitslose"


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_bundle_opens_from_file_with_charts_and_no_network(published_copy, tmp_path):
    releases, out = tmp_path / "releases", tmp_path / "bundle"
    write_release(published_copy, releases, "2026-08-29")
    write_bundle(releases, "latest", out)
    assert {p.name for p in out.iterdir()} >= {"index.html", "assets", "csv", "fr", "de", "it", "en", "ar"}
    csv = pd.read_csv(out / "csv" / "registered_unemployed.csv")
    assert csv.loc[(csv["geo"] == "CH") & (csv["period"] == "2026-07"), "value"].item() == 139276
    with browser_page() as page:
        page.goto((out / "fr" / "registered_unemployed.html").as_uri())
        page.locator(".js-plotly-plot .scatterlayer .trace").first.wait_for(state="attached", timeout=30000)
        traces = page.evaluate("() => document.querySelector('.js-plotly-plot')._fullData.map(t => t.name)")
        assert traces == ["Suisse (officiel)", "Genève (officiel)", "Zurich (officiel)"]
        ys = page.evaluate("() => Array.from(document.querySelector('.js-plotly-plot')._fullData[0].y)")
        assert ys[-1] == 139276
        page.goto((out / "ar" / "jobseekers.html").as_uri())
        page.locator(".js-plotly-plot .scatterlayer .trace").first.wait_for(state="attached", timeout=30000)
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert "اصطناعي" in page.locator(".warning").inner_text()
        screenshot(page, "bundle-ar-jobseekers")
        assert [u for u in page.requests if not u.startswith("file://")] == []
        assert page.problems == []


def test_release_asset_and_bulletin_files_after_a_publication(published_copy):
    import dagster as dg

    from pipelines.resources import Warehouse
    from publish.assets import release
    from publish.bulletin_files import latest_bulletin, write_all
    from publish.release import releases_dir

    db = published_copy.parent.parent / "w.duckdb"  # publications of w.duckdb are in w.published/
    result = dg.materialize([release], resources={"warehouse": Warehouse(path=str(db))})
    assert result.success and latest(releases_dir(db)) == result.asset_materializations_for_node("release")[0] \
        .metadata["release"].value
    written = write_all(db, ["fr"])
    assert [p.name for p in written] == ["fr.html", "fr.pdf"] and written[0].parent.name == "2026-07"
    assert latest_bulletin(db, "fr", "pdf") == written[1] and latest_bulletin(db, "de", "pdf") is None
