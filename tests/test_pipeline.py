"""End to end: the Dagster definitions load and a full run reproduces SECO's published figures."""

import shutil

import dagster as dg
import duckdb
import pytest

from kernel.query import indicator_records
from kernel.settings import published_path
from pipelines.definitions import build_definitions
from tests.conftest import published_value


def test_definitions_load(tmp_path):
    defs = build_definitions(tmp_path / "w.duckdb")
    keys = {a.key.to_user_string() for a in defs.assets}
    assert {"seco_bulletin", "indicator_values", "published_warehouse"} <= keys
    defs.resolve_all_job_defs()


@pytest.mark.parametrize("code,geo", [("ZH", "CH-ZH"), ("CH", "CH"), ("GE", "CH-GE")])
@pytest.mark.parametrize("field,indicator", [("unemployed", "registered_unemployed"),
                                             ("rate", "registered_unemployment_rate")])
def test_published_figures_reproduced(warehouse, bulletin, code, geo, field, indicator):
    rows = indicator_records(warehouse, indicator, geos=[geo], period="2025-01")
    assert [r["value"] for r in rows] == [published_value(bulletin, code, "2025-01", field)]
    # Zurich's and the national rate pass from table 2459 (Basel-Stadt's copy of SECO's figures) to the bulletin
    # in 2025-01: a break in series, flagged B
    assert rows[0]["obs_status"] == ("B" if field == "rate" and code in ("ZH", "CH") else "A")
    assert rows[0]["concept"] == "SECO_registered"


def test_annual_average_is_mean_of_months_and_provisional_when_incomplete(warehouse, bulletin):
    zh = next(c for c in bulletin["cantons"] if c["code"] == "ZH")["months"]
    full = [m["unemployed"] for m in zh if m["period"].startswith("2025")]
    part = [m["unemployed"] for m in zh if m["period"].startswith("2026")]
    [y2025] = indicator_records(warehouse, "registered_unemployed", geos=["CH-ZH"], period="2025")
    [y2026] = indicator_records(warehouse, "registered_unemployed", geos=["CH-ZH"], period="2026")
    assert len(full) == 12 and y2025["value"] == pytest.approx(sum(full) / 12)
    assert len(part) == 7 and y2026["value"] == pytest.approx(sum(part) / 7)
    assert y2026["obs_status"] == "P"


def test_month_flagged_when_not_month_end(warehouse):
    [dec] = indicator_records(warehouse, "registered_unemployed", geos=["CH"], period="2025-12")
    assert dec["obs_status"] == "D"


def test_published_copy_matches_warehouse(warehouse):
    query = "SELECT count(*), sum(CAST(value AS DECIMAL(38, 8))) FROM mart.indicator_values"  # exact, any order
    with duckdb.connect(str(warehouse), read_only=True) as main, \
            duckdb.connect(str(published_path(warehouse)), read_only=True) as copy:
        assert main.execute(query).fetchall() == copy.execute(query).fetchall()


@pytest.mark.slow
def test_rerun_with_same_inputs_changes_nothing(warehouse, tmp_path):

    from pipelines.publication import adopt
    from pipelines.run import run_all
    from publish.bulletin_files import bulletins_dir

    db = tmp_path / "w.duckdb"  # the session's warehouse is shared by every test: rerun on a copy
    shutil.copyfile(warehouse, db)
    shutil.copytree(warehouse.parent / "raw", db.parent / "raw")
    # with its bulletins, which the rerun keeps as they are (their layout, half the run, is the bulletin test's)
    shutil.copytree(bulletins_dir(warehouse), bulletins_dir(db))
    adopt(db, published_path(warehouse))
    query = "SELECT count(*), sum(hash(COLUMNS(*))) FROM mart.indicator_values"
    with duckdb.connect(str(db), read_only=True) as con:
        before = con.execute(query).fetchall()
        files = con.execute("SELECT count(*) FROM raw.files").fetchall()
    run_all(db)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute(query).fetchall() == before
        assert con.execute("SELECT count(*) FROM raw.files").fetchall() == files


def test_canton_sum_check_passes_on_real_data_and_catches_a_mismatch(warehouse, tmp_path):

    from indicators.quality import canton_sum_mismatches

    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        assert canton_sum_mismatches(con, "seco_bulletin", "registered_unemployed") == []
        con.execute("UPDATE core.observations SET value = value + 7 WHERE geo = 'CH-BE' AND period = '2026-03' "
                    "AND measure = 'registered_unemployed'")
        [bad] = canton_sum_mismatches(con, "seco_bulletin", "registered_unemployed")
    assert bad["period"] == "2026-03" and bad["cantons"] - bad["national"] == 7


def test_asset_check_runs_and_passes(warehouse):
    """The checks of the run that built the session's warehouse, as its Dagster run history keeps them."""
    from pipelines.run import instance_for

    with instance_for(warehouse) as instance:
        first = instance.get_runs()[-1]
        events = instance.all_logs(first.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)
    evaluations = [e.dagster_event.event_specific_data for e in events]
    names = [e.check_name for e in evaluations]
    assert {"cantons_sum", "outliers", "revisions", "plausible_values"} <= set(names)
    # only warnings fail on the real data: ILOSTAT's Tunisia 2021 outliers, SECO's 2025 revision, and
    # months without any event in the small synthetic registers
    failed = [e for e in evaluations if not e.passed]
    assert {e.check_name for e in failed} == {"outliers", "revisions", "monthly_gaps"}
    assert {e.severity for e in failed} == {dg.AssetCheckSeverity.WARN}


def test_a_bulletin_is_laid_out_again_only_when_its_text_or_code_changed(warehouse, tmp_path, monkeypatch):
    from pipelines.publication import adopt
    from publish import bulletin, bulletin_files
    from publish.bulletin_files import bulletins_dir, write_all
    from tests.correction import copy_of

    db = copy_of(warehouse, tmp_path)
    shutil.copytree(bulletins_dir(warehouse), bulletins_dir(db))
    made = {p: p.stat().st_mtime_ns for p in bulletins_dir(db).rglob("??.*")}
    with monkeypatch.context() as patch:
        patch.setattr(bulletin, "render", lambda *_: pytest.fail("the bulletin was laid out again"))
        kept = write_all(db, ["fr", "de", "it", "en", "ar"])
    assert sorted(kept) == sorted(made) and {p: p.stat().st_mtime_ns for p in kept} == made
    adopt(db, published_path(db))  # a new publication with the same national month, as after most ingests
    same = write_all(db, ["en"])
    assert {p: p.stat().st_mtime_ns for p in same} == {p: made[p] for p in same}
    render = bulletin.render
    with monkeypatch.context() as patch:  # a figure of the month changed
        patch.setattr(bulletin, "render", lambda *a: render(*a).replace("</body>", "<p>revised</p></body>"))
        adopt(db, published_path(db))
        again = write_all(db, ["en"])
    assert [p.name for p in again] == ["en.html", "en.pdf"]
    assert all(p.stat().st_mtime_ns > made[p] for p in again) and again[1].read_bytes()[:5] == b"%PDF-"
    assert "revised" in again[0].read_text(encoding="utf-8")
    revised = again[1].stat().st_mtime_ns
    with monkeypatch.context() as patch:  # the same text laid out by other code
        patch.setattr(bulletin_files, "code", lambda: "other")
        adopt(db, published_path(db))
        pdf = write_all(db, ["en"])[1]
    assert pdf.stat().st_mtime_ns > revised
    assert list(bulletins_dir(db).rglob("*.part")) == []
