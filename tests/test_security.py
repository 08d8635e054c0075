"""Security: user values never become SQL text or paths; exported cells never run as formulas."""

import base64
import csv
import io
import shutil
from pathlib import Path

import duckdb
import pytest

from lmo.cli import main
from lmo.output import neutral_sql, neutralise_cell, write_records
from pipelines.quarantine import quarantine
from pipelines.warehouse import checksum, safe_name

SQL_SOURCE = "Office'); DROP TABLE core.observations; --"
INJECTIONS = ["x'; DROP TABLE mart.indicator_values; --", "CH') OR 1=1 --", "' UNION SELECT * FROM raw.files --"]


@pytest.mark.parametrize("value,expected", [
    ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"), ("+SUM(A1)", "'+SUM(A1)"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("-3.5", "-3.5"), ("+41", "+41"), (-3.5, -3.5), ("Zürich", "Zürich"), (None, None),
])
def test_neutralise_cell(value, expected):
    assert neutralise_cell(value) == expected


def test_csv_output_neutralises_formula_cells():
    out = io.StringIO()
    write_records([{"geo": "=1+1", "value": -2.0, "source": "@evil"}], "csv", out)
    assert list(csv.DictReader(io.StringIO(out.getvalue()))) == [{"geo": "'=1+1", "value": "-2.0", "source": "'@evil"}]


@pytest.mark.parametrize("hostile", INJECTIONS)
def test_sql_injection_through_cli_and_dashboard_is_inert(warehouse, tmp_path, hostile, capsys, monkeypatch):
    from dashboard import data
    from kernel.query import indicator_records

    monkeypatch.setenv("LMO_DB", str(warehouse))
    db = tmp_path / "w.duckdb"
    shutil.copyfile(warehouse, db)
    with duckdb.connect(str(db), read_only=True) as con:
        before = checksum(con)
    assert main(["indicator", hostile, "--db", str(db)]) == 1
    assert main(["indicator", "registered_unemployed", "--geo", hostile, "--db", str(db)]) == 1
    assert "unknown indicator" in capsys.readouterr().err
    assert indicator_records(warehouse, hostile, geos=[hostile], period=hostile) == []
    assert data.series("registered_unemployed", [hostile]).empty
    with duckdb.connect(str(db), read_only=True) as con:
        assert checksum(con) == before


def test_sql_in_a_files_cells_is_stored_as_text(warehouse, tmp_path):
    """Loaded as the ingest asset loads a file; the whole `lmo ingest` run is the thorough test below's."""
    from pipelines.ingest import ingest_file

    db = tmp_path / "w.duckdb"
    shutil.copyfile(warehouse, db)
    with duckdb.connect(str(db)) as con:
        assert ingest_file(con, "observations-csv", sql_file(tmp_path), tmp_path / "raw").rows == 1
    stored_as_text(db)


# `make test` sends a file with a hostile source text through the same `lmo ingest` run (loaded, recomputed,
# published): tests/test_corpus.py::test_hostile_file_that_loads_reaches_the_downloads_as_text.
@pytest.mark.thorough
def test_sql_in_a_files_cells_goes_through_lmo_ingest(warehouse, tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    shutil.copyfile(warehouse, db)
    assert main(["ingest", "observations-csv", str(sql_file(tmp_path)), "--db", str(db)]) == 0
    stored_as_text(db)


def sql_file(tmp_path) -> Path:
    path = tmp_path / "office.csv"
    path.write_text(f'dataset,geo,period,measure,value,unit,source\nsql_test,CH-ZH,2025-01,registered_unemployed,1,persons,"{SQL_SOURCE}"\n')
    return path


def stored_as_text(db: Path) -> None:
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT source FROM core.observations WHERE dataset = 'sql_test'").fetchall() == [(SQL_SOURCE,)]
        assert con.execute("SELECT count(*) FROM core.observations WHERE dataset = 'seco_bulletin'").fetchone()[0] > 1000


@pytest.mark.parametrize("name", ["../../etc/passwd", "..", "...", "/abs/path.csv", "a/../../b.csv", "..\\..\\win.ini",
                                  "-rf .csv", "x" * 500, "\u202egnp.csv", ""])
def test_safe_name_is_a_plain_base_name(name):
    cleaned = safe_name(name)
    assert "/" not in cleaned and "\\" not in cleaned and not cleaned.startswith(".") and 0 < len(cleaned) <= 120


@pytest.mark.parametrize("name", ["..csv", "-rf ;rm -rf ~.csv", "..%2F..%2Fescape.csv", "$(reboot).csv"])
def test_quarantine_writes_only_inside_its_folder(tmp_path, name):
    folder = tmp_path / "data" / "quarantine"
    hostile = tmp_path / "in" / name
    hostile.parent.mkdir()
    hostile.write_text("x")
    report = quarantine(hostile, "observations-csv", "f" * 64, [], folder)
    written = {p.resolve() for p in tmp_path.rglob("*") if p.is_file()} - {hostile.resolve()}
    assert written and all(p.parent == folder.resolve() for p in written)
    assert report.parent == folder


def test_ingest_path_traversal_cannot_write_outside_the_data_folders(warehouse, tmp_path, capsys):
    """A rejected file reached through '..' is quarantined beside the warehouse, under a cleaned name."""
    db = tmp_path / "var" / "w.duckdb"
    db.parent.mkdir()
    shutil.copyfile(warehouse, db)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "..bad.csv").write_text("not,a\nvalid,file\n")
    sneaky = tmp_path / "var" / ".." / "outside" / "..bad.csv"
    assert main(["ingest", "observations-csv", str(sneaky), "--db", str(db)]) == 1
    capsys.readouterr()
    assert sorted(p.name for p in outside.iterdir()) == ["..bad.csv"]
    stored = sorted(p.name for p in (db.parent / "quarantine").iterdir())
    assert len(stored) == 2 and stored[0].endswith("-bad.csv") and stored[1].endswith(".json")


# --- The served dashboard: access control, downloads, callbacks (issue 17, item 6) ---

FORMULA_SOURCE = 'Office, =HYPERLINK("http://evil.example","x")'


@pytest.fixture
def hostile_copy(tmp_path, monkeypatch):
    """A published copy where one source text is a spreadsheet formula, and the app reading it."""
    from tests.published_copy import row, write

    rows = [row("registered_unemployed", geo, period, value) for geo, period, value in [
        ("CH-ZH", "2024-12", 20001.0), ("CH-ZH", "2025-01", 20002.0), ("CH-ZH", "2026-07", 20003.0),
        ("CH-ZH", "2026-08", 20004.0), ("CH-GE", "2025-06", 13001.0), ("CH-BE", "2025-06", 9001.0),
        ("CH-ZH", "2025", 20010.0), ("CH-ZH", "2026", 20011.0)]]
    rows += [row("registered_unemployed", "CH-GE", "2025-07", 13002.0, measure="change_prev_abs"),
             row("registered_unemployed", "CH-VD", "2025-07", 7.0, source=FORMULA_SOURCE, occupation="=cmd|' /C calc'!A0")]
    monkeypatch.setenv("LMO_DB", str(write(tmp_path, rows)))
    from dashboard.app import create_app
    return create_app()


def spreadsheet_cells(text: str) -> list[str]:
    """Every cell a spreadsheet makes of a CSV text, the `#` lines included."""
    return [cell for line in csv.reader(io.StringIO(text)) for cell in line]


def runs_as_formula(cell: str) -> bool:
    return cell.lstrip().startswith(("=", "+", "@", "-")) and not neutralise_cell(cell.lstrip()) == cell.lstrip() \
        or cell.startswith(("\t", "\r"))


@pytest.mark.parametrize("header", ["Basic !!!", "Basic " + base64.b64encode(b"ana-no-colon").decode(),
                                    "Basic " + base64.b64encode(b"ana:\xff\xfe").decode(), "Basic ", "Basic",
                                    "Bearer abc", "Basic " + base64.b64encode(b"ana:wrong").decode(), "Basic \u00e9=="])
def test_a_malformed_or_wrong_authorization_header_is_401_not_a_traceback(hostile_copy, monkeypatch, header):
    monkeypatch.setenv("LMO_AUTH_USERS", "ana:secret")
    from dashboard.app import create_app
    client = create_app().server.test_client()
    response = client.get("/", headers={"Authorization": header})
    assert response.status_code == 401 and b"Traceback" not in response.data
    good = "Basic " + base64.b64encode(b"ana:secret").decode()
    assert client.get("/", headers={"Authorization": good}).status_code == 200


def test_neutral_sql_is_neutralise_cell_in_duckdb():
    values = ["=1+1", "+41", "-3.5", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "-", "1e5", "+-1", "Zürich", "", ".5",
              "-.5e-3", "=", "'=x", "a=b"]
    con = duckdb.connect()
    assert [con.execute(f"SELECT {neutral_sql('$v')}", {"v": v}).fetchone()[0] for v in values] == \
        [neutralise_cell(v) for v in values]


def test_a_formula_in_a_source_text_reaches_no_csv_line_or_cell(hostile_copy):
    from dashboard.components import to_csv

    whole = hostile_copy.server.test_client().get("/download/registered_unemployed.csv").get_data(as_text=True)
    chart = to_csv({"meta": {"title": "t", "source": FORMULA_SOURCE, "flags": {}},
                    "rows": [{"geo": "=cmd|' /C calc'!A0", "value": -2.5, "source": FORMULA_SOURCE}],
                    "columns": ["geo", "value", "source"]})
    for text in (whole, chart):
        assert "# source: " in text and "HYPERLINK" in text
        assert [cell for cell in spreadsheet_cells(text) if runs_as_formula(cell)] == []
    assert "'=cmd|' /C calc'!A0" in spreadsheet_cells(whole) and "-2.5" in spreadsheet_cells(chart)


def test_downloads_follow_the_filter_in_the_url(hostile_copy):
    import pandas as pd
    import pyarrow.parquet as pq

    client = hostile_copy.server.test_client()
    url = "/download/registered_unemployed.{}?geo=CH-ZH,CH-GE&from=2025-01&to=2026-07&measure=level"
    text = client.get(url.format("csv")).get_data(as_text=True)
    rows = pd.read_csv(io.StringIO(text), comment="#")
    # Within January 2025 – July 2026: 2025 whole, not 2026 (it ends in December) nor 2024-12 or 2026-08.
    assert sorted(zip(rows["geo"], rows["period"], rows["value"])) == [
        ("CH-GE", "2025-06", 13001.0), ("CH-ZH", "2025", 20010.0), ("CH-ZH", "2025-01", 20002.0),
        ("CH-ZH", "2026-07", 20003.0)]
    assert "# filter: geo=CH-ZH,CH-GE; from=2025-01; to=2026-07; measure=level" in text
    assert "# unit: persons" in text and "# vintage: 2026-08-29" in text and "# licence: " in text
    parquet = pq.read_table(io.BytesIO(client.get(url.format("parquet")).data))
    assert sorted(parquet.column("value").to_pylist()) == sorted(rows["value"].tolist())
    assert parquet.schema.metadata[b"unit"] == b"persons"
    assert len(pd.read_csv(io.StringIO(client.get("/download/all.csv").get_data(as_text=True)), comment="#")) == 10


@pytest.mark.parametrize("url, status, message", [
    ("/download/registered_unemployed.csv?from=0000-01", 400, "between 1900 and 2200"),
    ("/download/registered_unemployed.csv?to=2026-13", 400, "is not YYYY"),
    ("/download/registered_unemployed.csv?geo=CH-XX", 400, "unknown geo: 'CH-XX'"),
    ("/download/registered_unemployed.csv?measure=level,'; DROP TABLE x", 400, "unknown measure"),
    ("/download/no_such_indicator.csv", 404, "no such download"),
    ("/download/registered_unemployed.xlsx", 404, "no such download"),
])
def test_a_bad_download_request_is_a_short_message(hostile_copy, url, status, message):
    response = hostile_copy.server.test_client().get(url)
    assert response.status_code == status and message in response.get_data(as_text=True)


def test_heavy_requests_are_limited_per_client_and_in_all(tmp_path):
    from dashboard.limits import acquire

    first, second = acquire(tmp_path, "ana", 2, 3), acquire(tmp_path, "ana", 2, 3)
    assert acquire(tmp_path, "ana", 2, 3) == "client"
    third = acquire(tmp_path, "ben", 2, 3)
    assert acquire(tmp_path, "carla", 2, 3) == "server"
    first.release()
    assert acquire(tmp_path, "carla", 2, 3) != "server"
    second.release()
    third.release()


def test_every_response_carries_the_security_headers(hostile_copy):
    client = hostile_copy.server.test_client()
    for url in ("/", "/explorer", "/download/registered_unemployed.csv", "/download/nope.csv", "/_dash-layout"):
        headers = client.get(url).headers
        policy = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy and "script-src 'self' 'sha256-" in policy, url
        assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0] and "unsafe-eval" not in policy
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
    embed = client.get("/embed/explorer").headers
    assert "frame-ancestors *" in embed["Content-Security-Policy"] and "X-Frame-Options" not in embed


def test_a_failing_callback_answers_a_short_message_with_an_id_logged_once(hostile_copy, caplog):
    from dashboard.guard import callback_error

    app = hostile_copy
    with app.server.test_request_context("/_dash-update-component", method="POST",
                                         headers={"Referer": "http://x/explorer?lang=fr"}):
        from dash._callback_context import context_value
        from dash._utils import AttributeDict
        context_value.set(AttributeDict(updated_props={}))
        try:
            raise KeyError("boom")
        except KeyError as error:
            callback_error(error)
        alert = context_value.get().updated_props["app-error"]
    [record] = [r for r in caplog.records if r.name == "lmo.dashboard"]
    error_id = record.getMessage().split()[1]
    assert alert["is_open"] and f"erreur {error_id}" in alert["children"] and "boom" not in alert["children"]
    assert record.exc_info[0] is KeyError


def test_an_impossible_month_in_the_data_is_shown_as_it_is():
    """A period of year 0 in the published data made every monthly Explorer view of that series fail."""
    from dashboard import lang as L
    assert [L.period_label(p, "fr") for p in ("0000-01", "2026-13", "2026-07")] == ["0000-01", "2026-13", "juil. 2026"]


def test_an_explorer_view_of_a_series_with_a_year_0_period_draws(tmp_path, monkeypatch):
    from tests.published_copy import row, write

    rows = [row("registered_unemployed", "CH-ZH", period, value)
            for period, value in [("0000-01", 1.0), ("2026-06", 20002.0), ("2026-07", 20003.0)]]
    monkeypatch.setenv("LMO_DB", str(write(tmp_path, rows)))
    from dashboard.app import create_app
    create_app()
    from dashboard.pages import explorer
    for view in ("line", "bar", "table"):
        payload = explorer.view("registered_unemployed", ["CH-ZH"], "none", "NSA", "level", view, "M", None, "de")[1]
        assert [r["value"] for r in payload["rows"]] == [1.0, 20002.0, 20003.0], view


@pytest.mark.slow
def test_no_callback_input_of_any_page_answers_500_or_a_traceback(warehouse, monkeypatch, caplog):
    """Every server callback of every page, sent every hostile value (of the wrong type or unknown: a period of
    year 0, an unknown indicator, a list for a string...) on one input or another, and every URL parameter of every
    page. Each value on each input of each callback: the thorough test below sends the rest."""
    fuzzed_without_500(warehouse, monkeypatch, caplog, sample=True)


@pytest.mark.slow
@pytest.mark.thorough
def test_no_other_callback_input_answers_500_or_a_traceback(warehouse, monkeypatch, caplog):
    fuzzed_without_500(warehouse, monkeypatch, caplog, sample=False)


def fuzzed_without_500(warehouse, monkeypatch, caplog, sample: bool) -> None:
    from dashboard.app import create_app
    from dashboard.server import prepare
    from tests.callback_fuzz import requests

    monkeypatch.setenv("LMO_DB", str(warehouse))
    app = create_app()
    prepare(app)
    client = app.server.test_client()
    assert len(requests(app)) > 1000
    answers = [(name, client.post("/_dash-update-component", json=body)) for name, body in requests(app, sample)]
    assert [name for name, r in answers if r.status_code >= 500 or b"Traceback" in r.data] == []
    logged = [r.getMessage().split()[1] for r in caplog.records if r.name == "lmo.dashboard"]
    shown = [r.get_json()["sideUpdate"]["app-error"]["children"] for _, r in answers
             if r.status_code == 200 and "app-error" in (r.get_json() or {}).get("sideUpdate", {})]
    assert len(shown) == len(logged) == len(set(logged)) > 0  # each error logged once, under its own id
    assert all(f"error {error_id})" in text for error_id, text in zip(logged, shown))
