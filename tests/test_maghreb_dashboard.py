"""The Maghreb views on the session's warehouse: Compare → Countries, the Programmes page, the country diagnostic."""

import re

import pytest

from dashboard import lang as L
from dashboard.sources import plain


def test_compare_countries_opens_on_the_maghreb_with_each_country_s_latest_year(app):
    from dashboard.pages import compare
    out = compare.compare("countries", None, None, None, None, "ar")
    search = out[-1]
    assert "indicator=ilo_unemployment_rate&" in search and "peergroup=MAGHREB" in search and "period=latest" in search
    rows = {row["geo"]: row for row in out[1]["rows"]}
    assert {g: r["period"] for g, r in rows.items()} == {"MA": "2022", "TN": "2023", "MR": "2019"}
    assert rows["MA"]["value"] == pytest.approx(11.79) and rows["MA"]["place"] == "المغرب"
    assert out[0]["data"][0]["orientation"] == "h" and len(out[0]["data"][0]["y"]) == 3


def test_a_period_the_data_lack_is_replaced_and_the_url_follows(app):
    from dashboard.pages import compare
    out = compare.compare("countries", "ilo_unemployment_rate", "2026", None, None, "fr", "MAGHREB", None)
    assert "period=latest" in out[-1] and "2026" not in out[-1]
    out = compare.compare("countries", "ilo_unemployment_rate", "2019", None, None, "fr", "MAGHREB", None)
    assert "period=2019" in out[-1] and {row["period"] for row in out[1]["rows"]} == {"2019"}


def test_many_countries_become_one_ranked_chart_and_the_searched_ones_a_line_chart(app):
    from dashboard import data
    from dashboard.pages import compare
    out = compare.compare("countries", "ilo_unemployment_rate_modelled", "latest", None, None, "en", "custom",
                          ["MA", "CH"])
    countries = [g for g in data.available()["ilo_unemployment_rate_modelled"]["geos"] if len(g) == 2]
    ranking, series = out[0], out[5]
    # one chart of fixed height (460 px and its title's lines), not 186 small multiples 11,280 px tall
    assert len(out[1]["rows"]) == len(countries) > 100 and ranking["layout"]["height"] < 500
    values = ranking["data"][0]["y"]
    assert values == sorted(values, reverse=True) and "Morocco (2025)" in ranking["data"][0]["x"]
    assert {note["text"] for note in ranking["layout"]["annotations"]} >= {"Morocco (2025)", "Switzerland (2025)"}
    assert [t["name"] for t in series["data"]] == ["Switzerland", "Morocco"] and "find=MA,CH" in out[-1]


def test_programmes_page_names_tunisian_and_mauritanian_demo_programmes_in_every_language(demo_world):
    from dashboard import data
    from dashboard.pages import programmes
    listed = data.programme_list()
    assert {"TN_CIVP", "TN_CAIP", "MR_ANAPEJ_STAGE", "MR_ANAPEJ_AUTO"} <= set(listed["programme"])
    for lang in L.LANGS:
        labels = [o["label"] for o in programmes.programme_options(listed, lang)]
        assert not [label for label in labels if re.search(r"[A-Z]{2}_[A-Z]", label)], lang  # no code like CH_KURS
        assert all(L.t("synthetic", lang) in label for label in labels), lang  # demo data, said so


def test_balance_and_effects_show_covariates_and_programmes_in_words(demo_world):
    from dashboard import programme_charts as PC
    balance = PC.balance_chart("TN_CIVP", "psm", "ar")
    covariates = balance[0]["data"][0]["y"]
    assert covariates and not [c for c in covariates if re.search(r"[a-z]_[a-z]|=", c)]
    assert any("تونس" in c or "أريانة" in c for c in covariates)  # regions of the Tunisian demo register, named
    effects = PC.effect_chart("MR", "employed_12m", "fr")
    assert {row["programme"] for row in effects[1]["rows"]} == {"Stages de qualification et d'insertion (ANAPEJ)",
                                                               "Promotion de l'auto-emploi et des microprojets (ANAPEJ)"}


def test_country_diagnostic_shows_real_figures_and_the_register_by_region(app):
    from dashboard import diagnostic as D
    by_sex = D.by_sex("MA", "fr")[1]["rows"]
    total_2022 = [r["value"] for r in by_sex if r["period"] == "2022" and r["breakdown"] == "Total"]
    assert total_2022 == [pytest.approx(11.79)] and {r["breakdown"] for r in by_sex} == {"Total", "Femmes", "Hommes"}
    youth = {r["geo"]: r["period"] for r in D.youth("TN", "en")[1]["rows"]}
    assert youth == {"TN": "2023", "MA": "2022", "MR": "2019"}
    assert D.registered_vs_survey("MA", "fr")[1] is None  # Morocco's register here is synthetic: never shown as real
    assert D.regions("TN", "ar")[1] is None  # Tunisia's regional figures are the demo register's only


def test_country_diagnostic_shows_the_demo_register_by_region_in_the_demo_world_only(demo_world):
    from dashboard import diagnostic as D
    regions = D.regions("TN", "ar")
    assert {row["geo"][:3] for row in regions[1]["rows"]} == {"TN-"} and len(regions[1]["rows"]) == 24
    assert regions[1]["meta"]["synthetic"] and L.t("synthetic", "ar") in plain(regions[2])
    assert D.by_sex("MA", "fr")[1] is None  # the demo world shows no real survey figure beside it
