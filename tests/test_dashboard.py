"""Dashboard logic without a browser: translations, number formats, URL state, callbacks on the real
warehouse, CSV downloads, the obligation list, access control."""

import io
import re

import pandas as pd
import pytest
import yaml

from dashboard import lang as L
from dashboard.sources import plain
from dashboard.state import as_list, encode, query_value


def keys(tree: dict, prefix: str = "") -> set[str]:
    return {k for key, value in tree.items()
            for k in (keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key})}


def test_french_german_italian_and_arabic_translate_every_english_label_with_its_placeholders():
    english = keys(yaml.safe_load((L.I18N / "en.yaml").read_text(encoding="utf-8")))
    for lang in ("fr", "de", "it", "ar"):
        assert english - keys(yaml.safe_load((L.I18N / f"{lang}.yaml").read_text(encoding="utf-8"))) == set()
        fields = lambda key, code: set(re.findall(r"\{\w+\}", L.t(key, code)))  # noqa: E731
        assert [key for key in english if fields(key, lang) != fields(key, "en")] == [], lang


def test_labels_fall_back_to_english_and_numbers_follow_the_locale():
    assert L.t("control.indicator", "de") == "Indikator"
    assert L.t("control.measure", "xx") == "Measure" and L.t("no.such.label", "fr") == "no.such.label"
    assert L.number(1234.5, "de") == "1’234.5" and L.number(1234.5, "fr") == "1\u202f234,5"
    assert L.number(1234.5, "en") == "1,234.5" and L.number(None, "fr") == "–"
    assert L.signed(0.1, "fr", 2) == "+0,10" and L.signed(-3, "de", 0) == "-3"
    assert L.separators("de") == ".’" and L.separators("fr") == ",\u202f"
    assert L.period_label("2026-07", "de") == "Juli 2026" and L.period_label("2026-Q1", "fr") == "2026-Q1"
    assert L.geo_name("CH-GE", "de") == "Genf" and L.indicator_name("registered_unemployed", "it") == "Disoccupati iscritti"


def test_url_state_round_trip():
    search = encode({"lang": "fr", "geos": ["CH", "CH-ZH"], "period": None, "view": "bar"})
    assert search == "?lang=fr&geos=CH,CH-ZH&view=bar"
    assert as_list(query_value(search, "geos"), []) == ["CH", "CH-ZH"]
    assert query_value(search, "period") is None and encode({}) == ""


def test_explorer_callback_reads_the_bulletin_and_writes_the_url(app, bulletin):
    from dashboard.pages import explorer
    fig, payload, source, _table, label, table_class, figure_class, definition, search = explorer.view(
        "registered_unemployment_rate", ["CH", "CH-GE"], "none", "NSA", "level", "bar", "M", "2026-07", "de")
    values = {row["geo"]: row["value"] for row in payload["rows"]}
    ge = next(c for c in bulletin["cantons"] if c["code"] == "GE")["months"][-1]["rate"]
    assert values == {"CH": bulletin["national"][-1]["rate"], "CH-GE": ge}
    assert fig["layout"]["separators"] == ".’" and sorted(fig["data"][0]["y"]) == ["Genf", "Schweiz"]
    assert plain(source).startswith("Quelle: SECO") and table_class == "visually-hidden" and "Dreijahrespooling" in definition
    assert figure_class == ""
    assert search == ("?lang=de&indicator=registered_unemployment_rate&geos=CH,CH-GE&dim=none&adj=NSA"
                      "&measure=level&view=bar&freq=M&period=2026-07")


def test_explorer_refuses_values_the_mart_does_not_hold(app):
    from dashboard import data
    from dashboard.pages import explorer
    state = explorer.read_state({"indicator": "nope", "measure": "drop table", "view": "pie", "geos": "XX,CH-ZH"},
                                data.available())
    assert (state["indicator"], state["measure"], state["view"], state["geos"]) == (
        "registered_unemployment_rate", "level", "line", ["CH-ZH"])


def test_index_measure_starts_at_100(app):
    from dashboard import data
    from dashboard.pages import explorer
    _fig, payload, *_ = explorer.view("registered_unemployed", ["CH"], "none", "NSA", "index", "line", "M", None, "en")
    rows = sorted(payload["rows"], key=lambda r: r["period"])
    levels = data.observations("registered_unemployed", ["CH"]).set_index("period")["value"]
    assert rows[0]["value"] == 100.0 and len(rows) == len(levels)
    assert rows[-1]["value"] == round(levels.iloc[-1] / levels.iloc[0] * 100, 2)


def test_compare_deviation_from_the_national_value(app, bulletin):
    from dashboard.pages import compare
    out = compare.compare("cantons", "registered_unemployment_rate", "2026-07", "national", ["CH-GE", "CH-UR"], "fr")
    rows = {row["geo"]: row for row in out[1]["rows"]}
    national = bulletin["national"][-1]["rate"]
    assert rows["CH-GE"]["deviation"] == pytest.approx(rows["CH-GE"]["value"] - national)
    assert set(rows) == {"CH-GE", "CH-UR"} and out[-1].endswith("peers=CH-GE,CH-UR")


def test_chart_csv_carries_its_metadata_and_the_rows_shown(app):
    from dashboard.components import download
    from dashboard.pages import overview
    payload = overview.canton_map("registered_unemployment_rate", "en")[1]
    content = download(1, payload)["content"]
    assert "# source: SECO, Die Lage auf dem Arbeitsmarkt" in content and "# vintage: 2026-08-29" in content
    rows = pd.read_csv(io.StringIO(content), comment="#")
    assert len(rows) == 26 and set(rows["period"]) == {"2026-07"}


def test_downloads_serve_whole_indicators(app, warehouse):
    import duckdb

    from kernel.settings import published_path
    with duckdb.connect(str(published_path(warehouse)), read_only=True) as con:
        [(count,)] = con.execute("SELECT count(*) FROM mart.indicator_values WHERE indicator = 'benefit_exhaustions'"
                                 " AND basis <> 'synthetic'").fetchall()  # a reader in the real world
    # A reader of its own: the download slots of the address every other test's requests come from are theirs.
    client = app.server.test_client()
    client.environ_base["REMOTE_ADDR"] = "192.0.2.14"

    def download() -> tuple[int, pd.DataFrame]:
        with client.get("/download/benefit_exhaustions.csv") as response:  # closing it frees its slot
            return response.status_code, pd.read_csv(io.StringIO(response.get_data(as_text=True)), comment="#")

    status, rows = download()
    assert status == 200 and len(rows) == count > 0
    assert set(rows["indicator"]) == {"benefit_exhaustions"} and "synthetic" not in set(rows["realm"])
    client.set_cookie("lmo_world", "demo")
    status, demo = download()
    assert status == 200 and len(demo) > 0 and set(demo["realm"]) == {"synthetic"}
    assert client.get("/download/unknown.csv").status_code == 404


def test_occupations_are_classified_against_the_five_percent_line():
    from dashboard.obligation import classify
    # Synthetic rates: one above the line, one in the near band, one below.
    rates = classify(pd.DataFrame({"occupation": ["C", "A", "B"], "value": [2.0, 5.0, 4.5]}))
    assert rates[["occupation", "status"]].values.tolist() == [["A", "subject"], ["B", "near"], ["C", "below"]]


def test_vacancies_page_wires_the_register_indicators(app):
    from dashboard.pages import vacancies
    with app.server.test_request_context("/", headers={"Cookie": "lmo_world=demo"}):  # the register is synthetic
        out = vacancies.beveridge_curve("CH", ["registered_unemployment_rate", "vacancy_rate"], "de")
        text = str(vacancies.layout(lang="fr"))
    rows = out[1]["rows"]
    assert len(rows) >= 12 and all(row["vacancy_rate"] >= 0 for row in rows)
    assert "synthetische Daten" in plain(out[2]) and out[-1] == "?lang=de&geo=CH"
    assert "Pas encore de données" not in text and "vacancies-occupations-graph" in text
    assert "Pas encore de données" in str(vacancies.layout(lang="fr"))  # real figures: no register, no curve


@pytest.mark.parametrize("env, headers, expected", [
    ({}, {}, 200),
    ({"LMO_AUTH_USERS": "ana:secret"}, {}, 401),
    ({"LMO_AUTH_USERS": "ana:secret"}, {"Authorization": "Basic YW5hOnNlY3JldA=="}, 200),
    ({"LMO_AUTH_HEADER": "X-Remote-User"}, {}, 401),
    ({"LMO_AUTH_HEADER": "X-Remote-User"}, {"X-Remote-User": "ana"}, 200),
])
def test_access_control_is_off_by_default_and_set_by_environment(warehouse, monkeypatch, env, headers, expected):
    monkeypatch.setenv("LMO_DB", str(warehouse))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    from dashboard.app import create_app
    assert create_app().server.test_client().get("/download/all.csv", headers=headers).status_code == expected


def test_bad_user_list_is_one_clear_error():
    from dashboard.auth import users_from
    with pytest.raises(ValueError, match="user:password"):
        users_from("ana")

