"""The dashboard's views on the real warehouse: the Overview's headlines, the youth rate without a breakdown,
percentage points in Compare, both adjustments side by side, every chart embeddable with its source line, the
table builder's values, and the 404 page in the URL's language."""

import pytest

from dashboard import lang as L


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


def test_every_chart_is_embeddable_with_its_source_line(app):
    from dashboard.embeds import CHARTS
    from dashboard.pages import embed

    assert len(CHARTS) == 14
    for world in ("real", "demo"):
        with app.server.test_request_context("/", headers={"Cookie": f"lmo_world={world}"}):
            for chart in CHARTS:
                text = str(embed.layout(chart=chart, lang="it"))
                drawn = f"{chart}-graph" in text and "Fonte" in text and "chart-share" not in text
                # real figures hold no register: its charts say so instead of drawing synthetic values
                assert drawn or (world == "real" and L.t("chart.no_data", "it") in text), (world, chart)
    assert L.t("embed.unknown", "fr") in str(embed.layout(chart="nope", lang="fr"))


def test_the_table_builder_shows_the_values_of_the_mart(app):
    from dashboard import data
    from dashboard.pages import table

    grid, summary, source, payload, search = table.build(
        "registered_unemployed", ["CH-GE", "CH-BE"], "M", "2026-01", "2026-07", [], ["period"], "de")
    expected = data.observations("registered_unemployed", ["CH-GE"], "level", "NSA", "M")
    expected = expected[expected["period"].between("2026-01", "2026-07")]
    assert [row["Genf"] for row in payload["rows"]] == expected["value"].tolist()
    assert payload["columns"] == ["period", "Bern", "Genf"] and summary == "7 Zeilen × 3 Spalten"
    assert source.startswith("Quelle: SECO") and grid.page_size == 25 and grid.sort_action == "native"
    assert search == "?lang=de&indicator=registered_unemployed&geos=CH-GE,CH-BE&freq=M&start=2026-01&end=2026-07&rows=period"


def test_the_404_page_speaks_the_language_of_the_url(app):
    from dashboard.pages import not_found_404

    assert "Seite nicht gefunden" in str(not_found_404.layout(lang="de"))
