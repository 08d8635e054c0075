"""Shared fixtures: a warehouse materialized once per test session from the embedded data; for the browser tests,
the dashboard served over it and one Chromium page."""

import io
import json
import os
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from kernel.settings import DATA_DIR, SHIPPED_DEMO
from tests.browser import SharedPage, served_dashboard

# Tests know the small shipped demo registers (their true effects, their seed), not the one `make run` generates.
os.environ["LMO_DEMO_REGISTER"] = str(DATA_DIR / SHIPPED_DEMO)
CHROMIUM = SharedPage()


def pytest_collection_modifyitems(items):
    """Longest first, so that the two xdist workers finish together (`make test` hands out work in this order,
    --no-loadscope-reorder): the browser group, whose worker builds the session warehouse; modules with slow tests
    and no need of the warehouse, for the other worker meanwhile; the other modules with slow tests; the rest.
    A module keeps its tests together: its fixtures are built once."""
    modules = {}
    for item in items:
        modules.setdefault(item.module, []).append(item)
    ranks = {module: rank(tests) for module, tests in modules.items()}
    items.sort(key=lambda item: ranks[item.module])


def rank(tests: list) -> int:
    if any((group := t.get_closest_marker("xdist_group")) and group.args[0] == "browser" for t in tests):
        return 0
    if any(t.get_closest_marker("slow") for t in tests):
        return 2 if any("warehouse" in t.fixturenames for t in tests) else 1
    return 3


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory, worker_id) -> Path:
    """A full materialization of every asset by `lmo run`, built once for all xdist workers (the first builds it
    under a lock, the others wait for it). Tests only read it; a test that writes works on a copy. What the run
    printed is kept beside it (run_output): the tests of `lmo run` itself read it instead of running again."""
    from filelock import FileLock

    from lmo.cli import main

    root = tmp_path_factory.getbasetemp()
    root = root if worker_id == "master" else root.parent
    db = root / "shared-warehouse" / "w.duckdb"
    with FileLock(str(root / "shared-warehouse.lock")):
        if not db.with_name("complete").exists():
            db.parent.mkdir(exist_ok=True)
            out, err = io.StringIO(), io.StringIO()
            with redirect_stdout(out), redirect_stderr(err):
                code = main(["run", "--db", str(db)])
            assert code == 0, err.getvalue()
            db.with_name("run.out").write_text(out.getvalue(), encoding="utf-8")
            db.with_name("complete").touch()
    return db


@pytest.fixture(scope="session")
def run_output(warehouse) -> str:
    """What `lmo run` printed when it built the session's warehouse."""
    return warehouse.with_name("run.out").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def dashboard_url(warehouse):
    """`lmo serve` over the session's warehouse, started once for every browser test."""
    with served_dashboard(warehouse) as url:
        yield url


@pytest.fixture
def page():
    """Chromium's page as a test's own: logs empty, 1280x900; left blank and without cookies after."""
    shared = CHROMIUM.page()  # one for consecutive tests: a launch takes a second or more
    shared.problems.clear()
    shared.requests.clear()
    shared.set_viewport_size({"width": 1280, "height": 900})
    yield shared
    # Blank: nothing of this test's page (a late callback, its errors) reaches the next test. No cookies: the
    # demo world (cookie lmo_world, set by /world/demo) ends with the test that chose it.
    shared.goto("about:blank")
    shared.context.clear_cookies()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Chromium closed after the last of consecutive tests that use it."""
    yield
    # Between calls Playwright's event loop counts as running in this thread: beside it Dagster cannot run its own,
    # nor could asyncio.run(), in any later test of this process.
    if not (nextitem and "page" in nextitem.fixturenames):
        CHROMIUM.close()


@pytest.fixture(scope="module")
def app(warehouse):
    """The app built once, reading the session's warehouse (data access follows LMO_DB)."""
    patch = pytest.MonkeyPatch()
    patch.setenv("LMO_DB", str(warehouse))
    from dashboard.app import create_app
    yield create_app()
    patch.undo()


@pytest.fixture
def demo_world(app):
    """Within a request of a reader who chose the synthetic demo data (the cookie /world/demo sets)."""
    with app.server.test_request_context("/", headers={"Cookie": "lmo_world=demo"}):
        yield


@pytest.fixture(scope="session")
def bulletin() -> dict:
    return json.loads((DATA_DIR / "seco" / "labour.json").read_text(encoding="utf-8"))


def published_value(bulletin: dict, code: str, period: str, field: str):
    if code == "CH":
        return next(m[field] for m in bulletin["national"] if m["period"] == period)
    canton = next(c for c in bulletin["cantons"] if c["code"] == code)
    return next(m[field] for m in canton["months"] if m["period"] == period)
