"""A register file with Moroccan region codes: loaded as a user would, its indicators by region and nationally."""

import pandas as pd
import pytest

from indicators.register import observations
from pipelines.ingest import ingest_file
from pipelines.warehouse import connect

HEADER = "identifiant_episode,identifiant_personne,region,sexe,date_naissance,date_inscription,date_sortie,chomeur"
# six job seekers in Casablanca-Settat (MA-06), five in Rabat-Salé-Kénitra (MA-04), registered unemployed in
# January 2025; one in Rabat leaves at the end of June (the register's last date: months up to June are complete)
ROWS = [f"S{i},P{i},{geo},{'F' if i % 2 else 'H'},1990-05-01,2025-01-06,{'2025-06-30' if i == 10 else ''},oui"
        for i, geo in enumerate(["MA-06"] * 6 + ["MA-04"] * 5)]
NO_LABOUR_FORCE = pd.DataFrame(columns=["geo", "sex", "age", "labour_force"])


@pytest.fixture(scope="module")
def by_region(tmp_path_factory):
    folder = tmp_path_factory.mktemp("regions")
    path = folder / "inscrits_anapec.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    con = connect(folder / "w.duckdb")
    ingest_file(con, "register-spells", path, folder / "raw")
    frame = observations(con, threshold=1, lf=NO_LABOUR_FORCE)
    con.close()
    return frame.set_index(["geo", "period", "sex", "age", "measure"])["value"]


def test_a_register_with_moroccan_region_codes_gives_indicators_by_region(by_region):
    assert by_region["MA-06", "2025-03", "_T", "_T", "registered_unemployed"] == 6
    assert by_region["MA-04", "2025-03", "_T", "_T", "registered_unemployed"] == 5
    assert by_region["MA", "2025-03", "_T", "_T", "registered_unemployed"] == 11  # the regions add up to Morocco
    assert by_region["MA-06", "2025-01", "_T", "_T", "inflows"] == 6


def test_an_unknown_region_rejects_the_file_naming_row_column_and_value(tmp_path):
    from pipelines.sources.validation import ValidationFailed
    path = tmp_path / "inscrits.csv"
    path.write_text("\n".join([HEADER, *ROWS[:2], ROWS[2].replace("MA-06", "MA-13")]) + "\n", encoding="utf-8")
    con = connect(tmp_path / "w.duckdb")
    with pytest.raises(ValidationFailed) as failure:
        ingest_file(con, "register-spells", path, tmp_path / "raw")
    assert "inscrits.csv: row 4: column 'geo': rule ISO 3166 code of a country or canton/region: value 'MA-13'" \
        in str(failure.value)
    con.close()
