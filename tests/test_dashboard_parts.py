"""Dashboard parts without a warehouse: catalogue names, mode bar, locales, date axes and flag markers, small
multiples, SA beside unadjusted, the raw-key and English detectors of the browser tests, the pivot and its Excel
file, licences."""

import io

import openpyxl
import pandas as pd
import pytest

from dashboard import components as C
from dashboard import figures_common as F
from dashboard import lang as L
from dashboard import pivot as P
from dashboard.data import DIMS
from dashboard.meta import licence, source_line
from dashboard.shown import side_by_side
from dashboard.sources import plain
from indicators.catalog import _check_unique_names, catalogue, check_entry, seasonal_specs
from tests.page_text import raw_keys, untranslated


def test_catalogue_names_are_unique_in_every_language_and_a_stray_comma_is_refused():
    for lang in ("en", "fr", "de", "it"):
        names = [item["name"][lang] for item in catalogue()]
        assert len(names) == len(set(names)) and None not in names, lang
    assert L.indicator_name("short_time_work_approved", "en") == "Short-time work, employees approved"
    item = next(e for e in catalogue() if e["id"] == "vacancies_notified")
    with pytest.raises(ValueError, match=r"keys \['subject to the obligation'\] are not languages"):
        check_entry(item | {"name": item["name"] | {"subject to the obligation": None}})
    with pytest.raises(ValueError, match=r"names shared by several indicators in 'en': \['Kurz'\]"):
        _check_unique_names([{"name": {"en": "Kurz"}}, {"name": {"en": "Kurz"}}])


def test_no_cloud_action_in_the_mode_bar():
    config = C.graph_config("fr", "chart")
    assert config["showSendToCloud"] is False and config["showEditInChartStudio"] is False
    assert config["plotlyServerURL"] == "" and "sendChartToCloud" in config["modeBarButtonsToRemove"]


def test_plotly_locales_name_months_in_each_language():
    script = L.plotly_locales()
    assert '"shortMonths": ["janv.", "févr.", "mars"' in script and '"months": ["Januar", "Februar"' in script
    assert '"dayMonthYear": "%-d %b %Y"' in script  # every key: a partial format breaks plotly.js's date ticks


def shown(periods, values, status=None, series="Zürich"):
    return pd.DataFrame({"series": series, "period": periods, "period_label": periods, "value": values,
                         "status": status or ["A"] * len(periods), "flag": "", "source": "SECO", "geo": "CH-ZH"})


def test_line_charts_use_a_date_axis_and_mark_breaks_and_provisional_values():
    fig = F.line(shown(["2026-06", "2026-07", "2025-12"], [2.5, 2.6, 2.4], ["A", "P", "B"]), "de", "t", "%", "%", 1)
    line, broken, provisional = fig["data"]
    assert line["x"] == ["2025-12-01", "2026-06-01", "2026-07-01"] and line["y"] == [2.4, 2.5, 2.6]
    assert fig["layout"]["xaxis"]["type"] == "date"
    assert [stop["value"] for stop in fig["layout"]["xaxis"]["tickformatstops"]] == ["%b %Y", "%Y"]
    assert (broken["name"], broken["x"]) == ("B: Zeitreihenbruch", ["2025-12-01"])
    assert (provisional["name"], provisional["x"]) == ("P: provisorisch", ["2026-07-01"])
    assert fig["layout"]["legend"]["yref"] == "container"  # under the plot, never over its ticks
    annual = F.line(shown(["2024", "2025"], [1.0, 2.0]), "fr", "t", "%", "%", 1)
    assert annual["data"][0]["x"] == [2024, 2025] and annual["layout"]["xaxis"]["nticks"] == 2
    assert F.period_date("2026-Q3") == "2026-07-01"


def test_small_multiples_share_one_time_axis_labelled_under_the_last_row():
    frame = pd.concat([shown(["2025-01", "2025-02"], [1.0, 2.0], series=name) for name in "ABCDE"])
    layout = F.multiples(frame, "en", "t", "%", 1, columns=4)["layout"]
    assert [layout[f"xaxis{s}"].get("matches") for s in ("", "2", "3", "4", "5")] == [None, "x", "x", "x", "x"]
    assert [layout[f"xaxis{s}"]["showticklabels"] for s in ("", "2", "3", "4", "5")] == [False, True, True, True, True]


def observations(geo: str, period: str, value: float, source: str) -> pd.DataFrame:
    """One data.observations row of a total."""
    return pd.DataFrame([{"geo": geo, "period": period, **dict.fromkeys(DIMS, "_T"), "value": value, "unit": "%",
                          "obs_status": "A", "conf_status": "F", "source": source, "vintage": "2025-04-03"}])


def test_the_trend_draws_the_seasonally_adjusted_series_beside_the_unadjusted_one():
    # SECO's release for March 2025 (the catalogue's figure that X-13 must reproduce): 2.8 % SA, 2.9 % unadjusted
    [figure] = seasonal_specs()["registered_unemployment_rate"]["published"]
    frames = {"NSA": observations(figure["geo"], figure["period"], figure["unadjusted"], figure["source"]),
              "SA": observations(figure["geo"], figure["period"], figure["value"], "LMO, X-13ARIMA-SEATS")}
    rows = side_by_side(frames, "registered_unemployment_rate", "fr")
    fig = F.line(rows, "fr", "t", "%", "%", 1)
    lines = {trace["name"]: (trace["y"], trace["line"]["dash"]) for trace in fig["data"]}
    assert lines == {"Suisse · Brut": ([2.9], "solid"), "Suisse · Corrigé des variations saisonnières": ([2.8], "dash")}
    assert rows["adjustment"].tolist() == ["NSA", "SA"]  # the CSV and the table say which is which
    alone = F.line(side_by_side(frames | {"SA": frames["SA"].iloc[:0]}, "registered_unemployed", "fr"), "fr", "t",
                   "", "", 0)
    assert [(trace["name"], trace["y"]) for trace in alone["data"]] == [("Suisse", [2.9])]


def test_on_a_phone_small_multiples_take_two_columns_and_long_labels_two_lines():
    names = ["Appenzell Rhodes-Extérieures", "Bâle-Ville", "Genève", "Zoug", "Uri"]
    frame = pd.concat([shown(["2025-01", "2025-02"], [1.0, 2.0], series=name) for name in names])
    layout = F.multiples(frame, "fr", "t", "%", 1)["layout"]
    narrow, wide = layout["meta"]["narrow"], layout["meta"]["wide"]
    assert wide == {key: layout[key] for key in narrow}  # what a wide screen gets back
    assert len({narrow[key]["domain"][0] for key in narrow if key.startswith("xaxis")}) == 2 < len(
        {wide[key]["domain"][0] for key in wide if key.startswith("xaxis")})
    assert all(narrow[key]["showticklabels"] for key in narrow if key.startswith("xaxis"))  # dates under every row
    assert narrow["annotations"][0]["text"] == "Appenzell<br>Rhodes-<br>Extérieures" and narrow["height"] > wide["height"]
    assert narrow["annotations"][1]["text"] == "Bâle-Ville"  # 10 characters: one line
    bars = F.bars(frame.groupby("series", as_index=False).last(), "fr", "t", "Écart (points de pourcentage)", "pp", 1)
    phone = bars["layout"]["meta"]["narrow"]
    assert dict(zip(phone["yaxis"]["tickvals"], phone["yaxis"]["ticktext"]))["Appenzell Rhodes-Extérieures"] == \
        "Appenzell<br>Rhodes-Extérieures"
    assert phone["xaxis"]["title"]["text"] == "Écart (points de pourcentage)"  # 29 characters fit on one line
    ranked = F.bars(frame.groupby("series", as_index=False).last(), "it", "t", "%", "%", 1, reference=1.8,
                    reference_label="Media del gruppo di confronto 1.8 %")
    [note] = [n for n in ranked["layout"]["meta"]["narrow"]["annotations"] if n.get("x") == 1.8]
    assert note["text"] == "Media del gruppo<br>di confronto<br>1.8\u00a0%" and note["xanchor"] == "right"  # 1.8 of 0–2



def test_on_a_phone_the_countries_panels_take_two_columns_and_a_country_without_series_says_so():
    from dashboard.figures_international import concept_panels

    frame = pd.DataFrame({"geo": ["CH", "CH", "MA"], "indicator": ["rate", "model", "rate"],
                          "period": ["2024", "2024", "2024"], "value": [4.1, 4.3, 13.3], "obs_status": "A",
                          "source": "ILOSTAT"})
    names = {"CH": "Suisse", "MA": "Maroc", "TN": "Tunisie", "MR": "République islamique de Mauritanie"}
    layout = concept_panels(frame, ["CH", "MA", "TN", "MR"], names, {"rate": "Enquêtes", "model": "Modèle"}, "fr",
                            "t", "%", "Aucune série")["layout"]
    narrow, wide = layout["meta"]["narrow"], layout["meta"]["wide"]
    assert wide == {key: layout[key] for key in narrow}
    starts = {axis: {narrow[key]["domain"][0] for key in narrow if key.startswith(axis)} for axis in ("xaxis", "yaxis")}
    assert len(starts["xaxis"]) == 2 and len(starts["yaxis"]) == 2  # two columns, two rows
    assert len({wide[key]["domain"][0] for key in wide if key.startswith("xaxis")}) == 4  # one row of four
    titles = [n["text"] for n in narrow["annotations"] if n.get("yanchor") == "bottom"]
    assert titles == ["Suisse", "Maroc", "Tunisie", "République<br>islamique<br>de<br>Mauritanie"]
    [tunisia, mauritania] = [n for n in narrow["annotations"] if n["text"] == "Aucune<br>série"]
    assert tunisia["x"] < 0.5 < mauritania["x"] and tunisia["y"] == mauritania["y"] < 0.5  # in their own panels

def test_raw_keys_and_english_are_found_in_page_texts():
    assert raw_keys(["Mesure : measure.ma12", "see programmes.csv", "code.sex.X"]) == ["code.sex.X", "measure.ma12"]
    found = untranslated(["Niveau", "Level", "4 selected", "Source : SECO", "World Development Indicators",
                          "Short-time work, employees approved"], "fr")
    assert found == ["Level", "N selected", "Short-time work, employees approved"]
    assert untranslated(["Level"], "en") == []


def test_source_lines_speak_the_language_of_the_page_and_quote_titles_marked_as_english():
    # the source lines the audit found in English on French pages
    shown = ["Source : Statistisches Amt Basel-Stadt, from SECO labour-market statistics (table 2459), millésime "
             "2026-07.", "Source : Public employment service register (programme participations and job-seeker "
             "spells).", "Source : SYNTHETIC register (lmo synth), invented data.", "Source : PES register."]
    assert all(untranslated([text], "fr") for text in shown)
    sources = ["Statistisches Amt Basel-Stadt, from SECO labour-market statistics (table 2459)",
               "Public employment service register (programme participations and job-seeker spells)",
               "SYNTHETIC register (lmo synth), invented data; World Bank, World Development Indicators",
               "SECO via SNB data portal (cube amarbma), annual means", "PES register",
               "LMO impact estimates on synthetic_register_ch"]
    for lang in ("fr", "de", "it", "ar"):
        for source in sources:
            line = source_line({"source": source, "vintage": "2026-07", "flags": {}}, lang)
            bare = [part for part in line if isinstance(part, str)]
            quoted = [part.children for part in line if not isinstance(part, str)]
            assert untranslated(bare, lang) == [] and all(part.lang == "en" for part in line if part not in bare)
            assert "synthetic_register_ch" not in plain(line) and quoted in ([], ["World Bank, World Development "
                                                                                  "Indicators"], ["PES register"])
    assert plain(source_line({"source": sources[0], "vintage": "2026-07", "flags": {}}, "de")) == (
        "Quelle: Statistisches Amt Basel-Stadt, nach der Arbeitsmarktstatistik des SECO (Tabelle 2459), Datenstand "
        "2026-07.")
    assert "Estimations d'impact LMO sur registre synthétique (Suisse)" in plain(
        source_line({"source": sources[-1], "vintage": "", "flags": {}}, "fr"))


def test_the_pivot_puts_the_chosen_axes_down_and_the_rest_across():
    frame = pd.DataFrame({"geo": ["Bern", "Bern", "Genf", "Genf"], "period": ["2026-06", "2026-07"] * 2,
                          "sex": ["Total"] * 4, "value": [12119.0, 12251.0, 12731.0, 12876.0]})
    table = P.pivot(frame, ["period"], ["geo", "sex"])
    assert list(table.columns) == ["period", "Bern · Total", "Genf · Total"]
    assert table.to_dict("records")[1] == {"period": "2026-07", "Bern · Total": 12251.0, "Genf · Total": 12876.0}
    assert P.pivot(frame, ["geo", "period"], []).shape == (4, 3)


def test_the_excel_file_has_the_metadata_above_the_table():
    table = pd.DataFrame({"period": ["2026-07"], "Bern": [12251.0]})
    meta = {"title": "=cmd|' /C calc'!A0", "indicator": "registered_unemployed", "unit": "persons",
            "source": "SECO", "flags": {"P": "provisional"}}
    sheet = openpyxl.load_workbook(io.BytesIO(P.xlsx(table, meta))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[:5] == [["title", "=cmd|' /C calc'!A0"], ["indicator", "registered_unemployed"],
                        ["unit", "persons"], ["source", "SECO"], ["flag P", "provisional"]]
    assert sheet["B1"].data_type == "s"  # a text, not a formula
    assert rows[6:] == [["period", "Bern"], ["2026-07", 12251]]


def test_every_indicator_has_a_licence():
    assert [e["id"] for e in catalogue() if not licence(e["id"])] == []
    assert licence("registered_unemployed").startswith("SECO statistics are free to reuse")
    assert "CC BY 4.0" in licence("informal_employment_rate")  # ILOSTAT's SOURCE.md: "Licence:" not bold
    assert L.t("licence.register", "de") in licence("inflows", "de")


def test_the_beveridge_curve_tells_its_unemployment_ticks_apart():
    from dashboard.figures_vacancies import beveridge

    # rates 2.7 to 2.85 %: Plotly steps such a range by 0.05, which one decimal showed as "2.7 2.7 2.8 2.8"
    points = pd.DataFrame({"period": ["2026-01", "2026-02", "2026-03"], "period_label": ["j", "f", "m"],
                           "unemployment_rate": [2.7, 2.8, 2.85], "vacancy_rate": [0.9, 0.95, 1.0]})
    tickformat = beveridge(points, "fr", "t", "x", "y")["layout"]["xaxis"]["tickformat"]
    steps = [format(2.7 + 0.05 * i, tickformat) for i in range(4)]  # d3's ",.2f" is Python's
    assert len(set(steps)) == 4
