"""Callback answers shared by the server's workers (dashboard/answers.py): computed once per publication and
world, and never served once another publication is current."""

import json

import pytest

from tests.published_copy import row, write

OVERVIEW = json.dumps({
    "output": ".._pages_content.children..._pages_store.data..",
    "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
    "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/"},
               {"id": "_pages_location", "property": "search", "value": "?lang=en"}],
    "changedPropIds": ["_pages_location.pathname"], "state": []})


def published(folder, value: float):
    return write(folder, [row("registered_unemployed", "CH", period, value + i)
                          for i, period in enumerate(("2026-06", "2026-07"))])


@pytest.fixture
def served(tmp_path, monkeypatch):
    """The app as `lmo serve` runs it (answers shared through the store), on a copy where CH had 135,000
    registered unemployed in July 2026."""
    from dashboard import answers
    from dashboard.app import create_app

    monkeypatch.setenv("LMO_DB", str(published(tmp_path, 134_999.0)))
    app = create_app()
    answers.install(app)
    return app.server.test_client()


def overview(client, **cookies) -> str:
    for name, value in cookies.items():
        client.set_cookie(name, value)
    response = client.post("/_dash-update-component", data=OVERVIEW, content_type="application/json")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_an_answer_is_computed_once_and_then_read_from_the_store(served, tmp_path, monkeypatch):
    from dashboard import data

    first = overview(served)
    assert "135,000" in first
    monkeypatch.setattr(data, "headline", lambda *_: pytest.fail("computed again"))
    assert overview(served) == first
    assert len(list((tmp_path / "w.answers").glob("*"))) == 2  # the answer and cachelib's count of them


def test_a_new_publication_is_answered_with_its_own_figures_at_once(served, tmp_path):
    assert "135,000" in overview(served)
    published(tmp_path, 140_999.0)  # the pipeline publishes: CURRENT names a new file
    again = overview(served)
    assert "141,000" in again and "135,000" not in again


def test_each_world_has_its_own_answers(served):
    real, demo = overview(served), overview(served, lmo_world="demo")
    assert "135,000" in real and "135,000" not in demo  # the copy holds no synthetic values
