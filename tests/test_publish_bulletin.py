"""The monthly bulletin on a small published copy from SECO's bulletin: figures, languages, right to left, PDF fonts."""

import re
import shutil
import subprocess

import duckdb
import pytest

from publish.bulletin import render, write
from tests.test_publish_bundle import published_copy, seco_values  # noqa: F401  (fixture)


@pytest.fixture()
def bulletin_copy(published_copy):  # noqa: F811
    """The small copy with SECO's monthly changes of the national count (what the engine stores as change_prev_abs)."""
    frame = seco_values()
    national = frame[(frame["geo"] == "CH") & (frame["indicator"] == "registered_unemployed")].sort_values("period")
    changes = national.assign(measure="change_prev_abs", value=national["value"].diff()).iloc[1:]
    with duckdb.connect(str(published_copy)) as con:
        con.register("changes", changes)
        con.execute("INSERT INTO mart.indicator_values SELECT * FROM changes")
    return published_copy


def html_of(db, lang: str) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        return render(con, "2026-07", lang, [{"passed": True}, {"passed": False}])


def test_headline_figures_in_each_language(bulletin_copy):
    national = seco_values().query("indicator == 'registered_unemployed' and geo == 'CH'").set_index("period")["value"]
    july, june = national["2026-07"], national["2026-06"]
    assert (july, july - june) == (139276, 1525)
    fr, de = html_of(bulletin_copy, "fr"), html_of(bulletin_copy, "de")
    assert "La situation sur le marché du travail" in fr and "juillet 2026" in fr
    assert "139\u202f276" in fr and "+1\u202f525" in fr  # fr-CH groups thousands with a narrow no-break space
    assert "Die Lage auf dem Arbeitsmarkt" in de and "139’276" in de and "+1’525" in de
    assert "1 passed, 1 failed" in html_of(bulletin_copy, "en")


def test_synthetic_values_are_marked_and_arabic_reads_right_to_left(bulletin_copy):
    ar = html_of(bulletin_copy, "ar")
    assert '<html lang="ar" dir="rtl">' in ar and "وضع سوق العمل" in ar
    assert 'class="realm-synthetic"' in ar and "بيانات توضيحية اصطناعية" in ar
    en = html_of(bulletin_copy, "en")
    assert "SYNTHETIC (generated demo data, not real)" in en and "official (as published" in en


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils (pdffonts) not installed")
def test_pdf_embeds_its_fonts(bulletin_copy, tmp_path):
    path = write(html_of(bulletin_copy, "ar"), "pdf", tmp_path / "ar.pdf")
    assert path.read_bytes()[:5] == b"%PDF-"
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # the "emb" column
    assert any("Amiri" in line for line in fonts)


def test_bar_labels_are_programme_names_shown_whole():
    """Page 10 of the German bulletin showed `LMP_2-7` and a programme name cut at the page's left edge."""
    from indicators.codelists import codelist
    from publish.bulletin import programme_name
    from publish.svg import CHAR, bar_chart

    measures = codelist("lmp_categories").set_index("code").at["LMP_2-7", "name_de"]
    programme = codelist("programmes").set_index("code").at["CH_PVB", "name_de"]
    assert programme_name("LMP_2-7", "de") == measures and programme_name("CH_PVB", "de") == programme
    chart = bar_chart([(programme, 41.0, False), (measures, 96.0, False)], str)
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", chart)
    assert " ".join(lines) == f"{measures} {programme}"  # longest bar first, every word kept
    assert max(map(len, lines)) * CHAR <= 250 - 12  # within the label column left of the bars
