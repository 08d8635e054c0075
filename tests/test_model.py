"""The observation model declared once: its key holds the adjustment, its frequency is a column; a quarterly series
loads, keeps its frequency through the mart and shows as quarterly in the Explorer."""

import duckdb

from indicators.engine import refresh_mart
from indicators.model import KEY_COLUMNS, MART_KEY, ObservationSchema
from pipelines.ingest import ingest_file
from pipelines.warehouse import connect
from tests.test_programmes import ILO_HEADER

NSA_SA = """dataset,geo,period,measure,value,unit,source,adjustment
cantonal_office,CH-GE,2025-01,registered_unemployed,14000,persons,OCE Geneva,NSA
cantonal_office,CH-GE,2025-01,registered_unemployed,13500,persons,OCE Geneva,SA
"""
# Morocco's quarterly unemployment rate as an ILOSTAT bulk file gives it (2024Q1 …)
QUARTERS = {"2024Q1": 13.7, "2024Q2": 12.8, "2024Q3": 13.6, "2024Q4": 13.3}


def test_the_key_is_declared_once_with_the_adjustment():
    assert "adjustment" in KEY_COLUMNS and "adjustment" in MART_KEY and "frequency" not in KEY_COLUMNS
    assert ObservationSchema.unique == list(KEY_COLUMNS)


def test_an_nsa_and_an_sa_row_of_one_series_load_together(tmp_path):
    path = tmp_path / "office.csv"
    path.write_text(NSA_SA, encoding="utf-8")
    con = connect(tmp_path / "w.duckdb")
    ingest_file(con, "observations-csv", path, tmp_path / "raw")
    rows = con.execute("SELECT adjustment, value, frequency, realm FROM core.observations "
                       "WHERE dataset = 'cantonal_office' ORDER BY adjustment").fetchall()
    con.close()
    assert rows == [("NSA", 14000.0, "M", "user"), ("SA", 13500.0, "M", "user")]


def quarterly_warehouse(folder):
    path = folder / "MAR_quarterly.csv"
    path.write_text(ILO_HEADER + "".join(f"MAR,BA:1,UNE_DEAP_SEX_AGE_RT,SEX_T,AGE_YTHADULT_YGE15,,{q},{v},,,,\n"
                                         for q, v in QUARTERS.items()), encoding="utf-8")
    con = connect(folder / "w.duckdb")
    ingest_file(con, "ilostat-csv", path, folder / "raw")
    refresh_mart(con)
    return con


def test_a_quarterly_series_keeps_its_frequency_into_the_mart(tmp_path):
    con = quarterly_warehouse(tmp_path)
    rows = con.execute("SELECT period, frequency, value, realm FROM mart.indicator_values "
                       "WHERE indicator = 'ilo_unemployment_rate' AND geo = 'MA' AND measure = 'level' "
                       "AND sex = '_T' ORDER BY period").fetchall()
    con.close()
    assert rows == [(f"2024-Q{i}", "Q", v, "official") for i, v in enumerate(QUARTERS.values(), start=1)]


def test_the_explorer_offers_and_draws_the_quarterly_series(tmp_path, monkeypatch):
    from dashboard import data
    from dashboard.app import create_app
    from pipelines.publication import publish

    quarterly_warehouse(tmp_path).close()
    publish(tmp_path / "w.duckdb")
    monkeypatch.setenv("LMO_DB", str(tmp_path / "w.duckdb"))
    create_app()  # registers the pages
    from dashboard.pages import explorer

    assert data.available()["ilo_unemployment_rate"]["freqs"] == ["Q"]
    fig, payload, *_rest = explorer.view("ilo_unemployment_rate", ["MA"], "none", "NSA", "level", "line", "Q",
                                         None, "en")
    assert [(r["period"], r["value"]) for r in payload["rows"]] == [
        (f"2024-Q{i}", v) for i, v in enumerate(QUARTERS.values(), start=1)]
    assert fig["data"][0]["x"] == ["2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01"]


def test_the_published_frequency_agrees_with_every_period(warehouse):
    from kernel.settings import published_path

    with duckdb.connect(str(published_path(warehouse)), read_only=True) as con:
        wrong = con.execute("""SELECT indicator, period, frequency FROM mart.indicator_values
                               WHERE frequency <> CASE WHEN period SIMILAR TO '\\d{4}' THEN 'A'
                                                       WHEN period SIMILAR TO '\\d{4}-Q[1-4]' THEN 'Q' ELSE 'M' END
                               LIMIT 5""").fetchall()
    assert wrong == []
