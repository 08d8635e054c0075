"""The dashboard's views on the real warehouse: the Overview's headlines, the youth rate without a breakdown,
percentage points in Compare, both adjustments side by side, every chart embeddable with its source line and as
drawn on its page, the table builder's values, the 404 page in the URL's language with HTTP 404, downloads in the
page's language, and Compare's country-only controls hidden for cantons."""

import re

import pytest

from dashboard import lang as L
from dashboard.sources import plain


def test_overview_headlines_are_the_registered_rate_and_count(app, bulletin):
    from dashboard import data
    from dashboard.pages import overview

    assert overview.headline_indicators(data.available()) == ["registered_unemployment_rate", "registered_unemployed"]
    text = str(overview.layout(lang="fr"))
    assert "overview-card-registered_unemployment_rate" in text and "overview-card-registered_unemployed" in text
    assert "overview-card-implied_labour_force" not in text and "overview-card-benefit_exhaustions" not in text


def test_youth_and_50_plus_rates_show_without_a_breakdown(app):
    from dashboard import data
    from dashboard.pages import explorer

    for indicator, age in (("registered_youth_unemployment_rate", "Y15-24"),
                           ("registered_unemployment_rate_50plus", "Y_GE50")):
        payload = explorer.explorer_chart({"indicator": indicator, "geos": "CH-BS"}, "de")[1]
        expected = data.observations(indicator, ["CH-BS"], "level", "NSA", "M", "age")
        expected = expected[expected["age"] == age]
        assert len(payload["rows"]) == len(expected) > 100  # Basel-Stadt's own tables
        assert [row["value"] for row in payload["rows"]] == pytest.approx(expected["value"].tolist())


def test_compare_says_percentage_points_for_a_rate_deviation(app):
    from dashboard.pages import compare

    rate = compare.compare("cantons", "registered_unemployment_rate", "2026-07", "national", None, "fr")[0]
    assert rate["layout"]["xaxis"]["title"]["text"] == "Écart (points de pourcentage)"
    count = compare.compare("cantons", "registered_unemployed", "2026-07", "national", None, "de")[0]
    assert count["layout"]["xaxis"]["title"]["text"] == "Abweichung (Personen)"


def test_explorer_draws_unadjusted_and_seasonally_adjusted_side_by_side(app):
    from dashboard.pages import explorer

    # one publisher's series each way: Morocco's survey rates are unadjusted, Eurostat's adjusted
    fig, payload, *_ = explorer.explorer_chart({"indicator": "ilo_unemployment_rate", "geos": "MA,DE", "dim": "age",
                                                "adj": "both", "freq": "A"}, "en")
    dashes = {trace["name"]: trace["line"]["dash"] for trace in fig["data"] if "line" in trace}
    assert "Morocco · 15-24 · Unadjusted" in dashes and "Germany · 25-74 · Seasonally adjusted" in dashes
    assert {name.rsplit(" · ", 1)[1] for name in dashes} == {"Unadjusted", "Seasonally adjusted"}
    assert all((dash == "dash") == name.endswith("Seasonally adjusted") for name, dash in dashes.items())
    assert {row["adjustment"] for row in payload["rows"]} == {"NSA", "SA"}


def figure_in(layout, graph_id: str) -> dict:
    return next(c.figure for c in layout._traverse() if getattr(c, "id", None) == graph_id)


def test_every_chart_is_embeddable_with_its_source_line(app):
    from dashboard.embeds import CHARTS
    from dashboard.pages import country, embed

    assert len(CHARTS) == 20
    # every chart offering "Link and embed" on a page has an /embed/ route (the Country page's six too)
    assert {f"country-{name}" for name in country.CHARTS} <= set(CHARTS)
    for world in ("real", "demo"):
        with app.server.test_request_context("/", headers={"Cookie": f"lmo_world={world}"}):
            for chart in CHARTS:
                text = str(embed.layout(chart=chart, lang="it"))
                drawn = f"{chart}-graph" in text and "Fonte" in text and "chart-share" not in text
                # real figures hold no register: its charts say so instead of drawing synthetic values; a Country
                # chart the country lacks figures for says what its page says
                page = country.CHARTS[chart[8:]]("MA", "it") if chart.startswith("country-") else None
                said = page[2] if page and not page[0]["data"] else L.t("chart.no_data", "it") if world == "real" else None
                assert drawn or (said and said in text), (world, chart)
    assert L.t("embed.unknown", "fr") in str(embed.layout(chart="nope", lang="fr"))


def test_an_embed_draws_the_chart_of_the_page_it_was_shared_from(app):
    from dashboard import data
    from dashboard.pages import compare, country, embed

    # Compare → Countries: the embed of a shared view draws the page's countries, not the cantons' charts
    state = compare.read_state({"group": "countries"}, data.available())
    page = compare.compare("countries", state["indicator"], state["period"], state["reference"], state["peers"],
                           "fr", state["peergroup"], state["find"])
    for chart, drawn in (("compare-ranking", page[0]), ("compare-multiples", page[5])):
        shown = figure_in(embed.layout(chart=chart, lang="fr", group="countries"), f"{chart}-graph")
        assert shown == drawn and L.t("chart.no_data", "fr") not in str(shown), chart
    # each country at the year of its latest survey in ILOSTAT
    assert sorted(page[0]["data"][0]["y"]) == ["Maroc (2022)", "Mauritanie (2019)", "Tunisie (2023)"]
    # the Country page: each country's charts, as drawn on its page
    for geo in ("TN", "CH"):
        shown_page = country.layout(lang="de", geo=geo)
        for name in country.CHARTS:
            chart = f"country-{name}"
            if f"{chart}-graph" in str(shown_page):
                assert figure_in(embed.layout(chart=chart, lang="de", geo=geo), f"{chart}-graph") == \
                    figure_in(shown_page, f"{chart}-graph"), (geo, chart)


def test_the_table_builder_shows_the_values_of_the_mart(app):
    from dashboard import data
    from dashboard.pages import table

    grid, summary, source, payload, search = table.build(
        "registered_unemployed", ["CH-GE", "CH-BE"], "M", "2026-01", "2026-07", [], ["period"], "de")
    expected = data.observations("registered_unemployed", ["CH-GE"], "level", "NSA", "M")
    expected = expected[expected["period"].between("2026-01", "2026-07")]
    assert [row["Genf"] for row in payload["rows"]] == expected["value"].tolist()
    assert payload["columns"] == ["period", "Bern", "Genf"] and summary == "7 Zeilen × 3 Spalten"
    assert plain(source).startswith("Quelle: SECO") and grid.page_size == 25 and grid.sort_action == "native"
    assert search == "?lang=de&indicator=registered_unemployed&geos=CH-GE,CH-BE&freq=M&start=2026-01&end=2026-07&rows=period"


def test_the_404_page_speaks_the_language_of_the_url(app):
    from dashboard.pages import not_found_404

    assert "Seite nicht gefunden" in str(not_found_404.layout(lang="de"))


def test_an_unknown_address_answers_http_404(app):
    client = app.server.test_client()
    response = client.get("/no-such-page?lang=fr")
    assert response.status_code == 404 and b'lang="fr"' in response.data
    assert [client.get(path).status_code for path in ("/", "/compare?lang=de", "/embed/overview-map")] == [200] * 3


def test_downloads_speak_the_language_of_the_page(app):
    from dashboard.pages import downloads

    text = str(downloads.layout(lang="de"))
    assert re.search(r"\d+ Gebiete", text) and "gebiete" not in text  # German nouns keep their capital
    assert "/download/registered_unemployed.csv?lang=de" in text
    csv = app.server.test_client().get("/download/registered_unemployed.csv?lang=fr").get_data(as_text=True)
    assert "# unit: personnes\n" in csv


def test_compare_hides_the_country_controls_for_cantons(app):
    from dashboard.pages import compare

    def hidden(layout) -> dict[str, bool]:
        columns = [c for c in layout._traverse() if type(c).__name__ == "Col"]
        return {control: "d-none" in next(col.className for col in columns if f"'{control}'" in str(col))
                for control in ("compare-peergroup", "compare-find", "compare-indicator")}

    assert hidden(compare.layout(lang="fr")) == {"compare-peergroup": True, "compare-find": True,
                                                 "compare-indicator": False}
    assert not any(hidden(compare.layout(lang="fr", group="countries")).values())
