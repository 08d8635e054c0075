"""The Maghreb observatories' LMO without a warehouse: Arabic, right to left, regions, peer groups, programmes."""

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
import yaml

from dashboard import lang as L
from dashboard import rtl
from indicators.catalog import catalogue
from indicators.codelists import codelist, known_geo, region_names
from kernel.settings import DATA_DIR


def test_every_catalogue_entry_has_its_name_and_definition_in_arabic():
    missing = [e["id"] for e in catalogue() if not (e["name"].get("ar") and e["definition"].get("ar"))]
    assert missing == []
    assert L.indicator_name("ilo_unemployment_rate", "ar") == "معدل البطالة (منظمة العمل الدولية، المسوح الوطنية)"


@pytest.mark.parametrize("name", ["geo", "sex", "age", "isco08", "ch_isco19", "lmp_categories", "obs_status",
                                  "conf_status", "programmes", "regions"])
def test_code_lists_shown_on_screen_name_every_code_in_arabic(name):
    names = codelist(name)["name_ar"]
    assert names.str.contains("[\u0600-\u06ff]").all(), name


def test_arabic_numbers_dates_and_direction_from_cldr():
    # Latin digits, decimal comma and dot grouping: CLDR's ar_MA and ar_TN; month names of Modern Standard Arabic
    assert L.number(1234.5, "ar") == "1.234,5" and L.separators("ar") == ",."
    assert L.period_label("2026-07", "ar") == "يوليو 2026"
    assert L.direction("ar") == "rtl" and L.direction("fr") == "ltr"
    assert L.geo_name("MA", "ar") == "المغرب" and L.geo_name("SZ", "fr") == "Eswatini"
    assert L.geo_name("MA-06", "ar") == "الدار البيضاء سطات" and L.geo_name("TN-11", "fr") == "Tunis"


def test_the_index_page_follows_the_language_of_the_url():
    page = '<html><head><link rel="stylesheet" href="/assets/bootstrap.min.css?m=1"></head></html>'
    arabic = rtl.localised_index(page, "ar")
    assert '<html lang="ar" dir="rtl">' in arabic and "/assets/bootstrap.rtl.min.css?m=1" in arabic
    assert rtl.localised_index(page, "fr") == page.replace("<html>", '<html lang="fr" dir="ltr">')
    assets = Path(rtl.__file__).parent / "assets"
    assert (assets / rtl.RTL_CSS).exists() and (assets / "fonts" / "OFL-noto-naskh-arabic.txt").exists()


def test_arabic_figures_are_mirrored_and_their_texts_embedded_right_to_left():
    from dashboard import figures_common as F
    rows = pd.DataFrame({"geo": ["MA", "TN"], "series": ["المغرب", "تونس"], "value": [11.8, 15.1],
                         "period_label": ["2022", "2023"], "flag": "", "source": "ILO"})
    fig = F.bars(rows, "ar", "بطالة الشباب (15-24)", "%", "%", 1)
    layout = fig["layout"]
    assert layout["title"]["x"] == 0.99 and layout["title"]["xanchor"] == "right"
    assert layout["yaxis"]["side"] == "right" and layout["xaxis"]["autorange"] == "reversed"
    assert fig["data"][0]["y"] == ["\u202bالمغرب\u202c", "\u202bتونس\u202c"]
    assert layout["title"]["text"] == "\u202bبطالة الشباب (\u206615-24\u2069)\u202c"
    french = F.bars(rows.assign(series=["Maroc", "Tunisie"]), "fr", "Jeunes", "%", "%", 1)["layout"]
    assert "side" not in french["yaxis"] and "autorange" not in french["xaxis"] and french["title"]["x"] == 0.01


def test_regions_are_known_places_and_other_maghreb_subdivisions_are_not():
    assert len(region_names("MA")) == 12 and len(region_names("TN")) == 24 and len(region_names("MR")) == 15
    assert all(known_geo(code) for code in ("MA-06", "TN-83", "MR-13", "CH-ZH", "FR-75"))
    assert not any(known_geo(code) for code in ("MA-13", "MR-NKC", "TN-99", "CH-XX"))


def test_an_observation_with_an_unknown_maghreb_region_is_rejected_by_name():
    from pipelines.sources.rules import rule_problems
    frame = pd.DataFrame({"geo": ["MA-06", "MA-13"], "period": "2024", "measure": "unemployment_rate",
                          "value": 10.0, "unit": "percent", "obs_status": "A"})
    problems = rule_problems(frame)
    assert [(p["column"], p["value"]) for p in problems] == [("geo", "MA-13")]
    assert "Maghreb region" in problems[0]["rule"]


def test_peer_groups_are_the_wdi_metadata_and_the_arab_maghreb_union():
    groups = codelist("peer_groups")
    members = lambda name: set(groups.loc[groups["peer_group"] == name, "geo"])  # noqa: E731
    assert members("MAGHREB") == {"MA", "TN", "MR", "DZ", "LY"}
    assert {"MA", "TN", "DZ", "EG"} <= members("MENA") and "MR" not in members("MENA")  # WB: Sub-Saharan Africa
    metadata = next((DATA_DIR / "worldbank").glob("Metadata_Country_*.csv")).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(metadata)))
    assert len(members("MENA")) == sum(r["Region"] == "Middle East & North Africa" for r in rows)
    assert {"MA", "TN", "MR"} <= members("INCOME_LOWER_MIDDLE") and "CH" in members("INCOME_HIGH")
    assert groups["source"].str.len().gt(10).all()
    from indicators.transforms import peer_groups
    assert peer_groups().set_index("geo").loc["MA", "peer_group"] == "MAGHREB"  # a place's own group comes first


def test_countries_latest_year_and_ranking():
    from dashboard import countries as K
    frame = pd.DataFrame({"geo": ["MA", "MA", "TN", "MR"], "period": ["2021", "2022", "2023", "2019"],
                          "value": [12.3, 11.8, 15.1, 10.4]})
    latest = K.latest_per_place(frame)
    assert dict(zip(latest["geo"], latest["period"])) == {"MA": "2022", "MR": "2019", "TN": "2023"}
    assert K.latest_per_place(frame, "2022").set_index("geo").loc["MA", "value"] == 11.8
    ranked = K.ranked(latest.assign(series=latest["geo"]), ["MR"])
    assert ranked["geo"].tolist() == ["TN", "MA", "MR"] and ranked["highlighted"].tolist() == [False, False, True]
    assert K.group_members("MAGHREB", ["TN", "MA", "CH"]) == ["MA", "TN"]


def test_every_synthetic_programme_is_named_in_every_language():
    programmes = codelist("programmes").set_index("code")
    config = yaml.safe_load((DATA_DIR / "register" / "synth.yaml").read_text(encoding="utf-8"))
    codes = [p["code"] for country in config["countries"].values() for p in country["programmes"]]
    for lang in L.LANGS:
        assert all(L.programme_names(lang)[code] != code for code in codes), lang
    assert {"MA_IDMAJ", "MA_TAEHIL", "MA_TAHFIZ", "MA_MOUKAWALATI", "MA_AWRACH", "TN_CIVP", "TN_CAIP",
            "TN_CRVA"} <= set(programmes.index)
    assert programmes["source"].str.len().gt(5).all() and programmes["lmp_category"].isin(list("123456789")).all()


def test_covariates_and_programmes_in_words():
    from dashboard import programme_labels as PL
    assert PL.covariate("log_prior_earnings", "fr") == "Revenu antérieur (log)"
    assert PL.covariate("geo=MA-06", "ar") == "المكان: الدار البيضاء سطات"
    assert PL.covariate("age_group=Y25-49", "de") == "Altersgruppe: 25-49 Jahre"
    assert PL.covariate("education=low", "ar") == "المستوى الدراسي: منخفض"
    assert PL.programme("CH_KURS", "ar") == "الدورات التكوينية"
