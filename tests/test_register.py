"""Register exchange format: loaders on the examples and on synth output, exact rejections, warehouse loads."""

import json
import re

import duckdb
import pandas as pd
import pytest

from kernel.settings import DATA_DIR, REPO_ROOT, LmoError
from pipelines import warehouse
from pipelines.ingest import ingest_file
from pipelines.sources import register_files, register_interruptions, register_programmes, register_spells, register_vacancies
from pipelines.sources.validation import ValidationFailed
from pipelines.synth.generate import generate
from pipelines.synth.write import write

EXAMPLES = DATA_DIR / "register" / "examples"
MODULES = {"spells": register_spells, "vacancies": register_vacancies, "programmes": register_programmes,
           "interruptions": register_interruptions}


@pytest.fixture(scope="module")
def synthetic():
    return generate("CH", 400, seed=11)


def test_examples_load_with_types_and_values():
    spells = register_spells.read(EXAMPLES / "spells.csv")
    assert len(spells) == 6
    s2 = spells.set_index("spell_id").loc["S0002"]
    assert pd.isna(s2["deregistration_date"]) and s2["unemployed"] and not s2["employed_12m"]
    assert s2["birth_date"] == pd.Timestamp("1969-11-02") and s2["prior_earnings"] == 41500.0
    assert spells["person_id"].value_counts()["P0001"] == 2
    vacancies = register_vacancies.read(EXAMPLES / "vacancies.csv")
    assert vacancies["positions"].sum() == 8 and vacancies["subject_to_obligation"].sum() == 3
    assert vacancies.set_index("vacancy_id").at["V0004", "occupation"] == "5223"
    programmes = register_programmes.read(EXAMPLES / "programmes.csv")
    assert programmes["lmp_category"].tolist() == [6, 2, 4, 2]
    assert programmes["cost"].sum() == 30000.0 and programmes["completed"].isna().sum() == 1


# every format and every language once in `make test`; the other pairings in `make test-thorough`
COVERING = {("csv", "en"), ("xlsx", "fr"), ("parquet", "de")}
FORMATS_LANGUAGES = [pytest.param(fmt, lang, marks=() if (fmt, lang) in COVERING else pytest.mark.thorough)
                     for lang in ("en", "fr", "de") for fmt in ("csv", "xlsx", "parquet")]


@pytest.mark.parametrize("fmt,lang", FORMATS_LANGUAGES)
def test_synth_output_reads_back_in_every_language_and_format(synthetic, tmp_path, fmt, lang):
    write(synthetic, tmp_path, fmt, lang)
    for name, module in MODULES.items():
        frame = module.read(tmp_path / f"{name}.{fmt}")
        expected = synthetic[name]
        assert len(frame) == len(expected) > 0
        got = module.to_table(frame, "2026-08-01").drop(columns="vintage").reset_index(drop=True)
        pd.testing.assert_frame_equal(got, expected.astype(got.dtypes.to_dict()), check_dtype=False)


def test_semicolon_bom_swiss_dates_and_word_booleans(tmp_path):
    text = (EXAMPLES / "spells.csv").read_text(encoding="utf-8").replace(",", ";")
    text = text.replace("1988-04-12", "12.04.1988").replace(";yes;", ";Ja;").replace("sex", "Geschlecht")
    path = tmp_path / "spells.csv"
    path.write_text(text, encoding="utf-8-sig")
    frame = register_spells.read(path)
    assert frame.at[0, "birth_date"] == pd.Timestamp("1988-04-12") and bool(frame.at[0, "unemployed"])


def rejected(tmp_path, name: str, edit) -> list[str]:
    lines = (EXAMPLES / f"{name}.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / f"{name}.csv"
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        MODULES[name].read(path)
    return str(caught.value).splitlines()


def replace_line(number: int, old: str, new: str):
    return lambda lines: [line.replace(old, new) if i == number - 1 else line for i, line in enumerate(lines)]


@pytest.mark.parametrize("name,edit,message", [
    ("spells", replace_line(1, "unemployed", "chomage_total"),
     "row 1 (header): column 'chomage_total': rule unknown column: value 'chomage_total'"),
    ("spells", replace_line(3, "2025-01-20", "2025-02-30"),
     "row 3: column 'registration_date': rule date YYYY-MM-DD: value '2025-02-30'"),
    ("spells", replace_line(2, "2025-05-30", "2024-12-31"),
     "row 2: column 'deregistration_date': rule deregistration_date >= registration_date: value '2024-12-31'"),
    ("programmes", replace_line(3, ",2,2025-04-07", ",12,2025-04-07"),
     "row 3: column 'lmp_category': rule one of 1/2/3/4/5/6/7/8/9: value '12'"),
    ("programmes", replace_line(2, "2025-08-29", "2025-03-01"),
     "row 2: column 'end_date': rule end_date >= start_date: value '2025-03-01'"),
    ("vacancies", replace_line(4, ",yes,cancelled", ",maybe,cancelled"),
     "row 4: column 'subject_to_obligation': rule yes/no (oui/non, ja/nein, 1/0, true/false): value 'maybe'"),
    ("vacancies", replace_line(3, "V0002", "V0001"),
     "row 3: column 'vacancy_id': rule duplicate key: value 'V0001'"),
    ("vacancies", lambda lines: [",".join(line.split(",")[1:]) for line in lines],
     "row 1 (header): column 'vacancy_id': rule required column missing: value 'vacancy_id'"),
])
def test_bad_files_are_rejected_with_exact_messages(tmp_path, name, edit, message):
    lines = rejected(tmp_path, name, edit)
    assert f"{tmp_path / (name + '.csv')}: {message}" in lines, lines


def test_a_file_with_only_a_header_is_refused(tmp_path):
    path = tmp_path / "vacancies.csv"
    path.write_text((EXAMPLES / "vacancies.csv").read_text().splitlines()[0] + "\n")
    with pytest.raises(LmoError, match=f"^{re.escape(str(path))}: no records below the header$"):
        register_vacancies.read(path)


def test_header_aliases_are_unique_across_fields():
    for name in register_files.contract()["kinds"]:
        seen = {}
        for field, spec in register_files.fields(name).items():
            for alias in [field, *[a for lang in spec.get("aliases", {}).values() for a in lang]]:
                assert seen.setdefault(register_files.normal(alias), field) == field, (name, alias)


def test_warehouse_tables_and_documentation_follow_the_contract(tmp_path):
    con = warehouse.connect(tmp_path / "w.duckdb")
    doc = (REPO_ROOT / "docs" / "register-format.md").read_text(encoding="utf-8")
    for spec in register_files.contract()["kinds"].values():
        columns = [row[0] for row in con.execute(f"DESCRIBE {spec['table']}").fetchall()]
        assert sorted(columns) == sorted([f["name"] for f in spec["fields"]] + ["vintage"])
        assert all(f"| `{f['name']}` |" in doc for f in spec["fields"])
    con.close()


def test_ingest_replaces_same_dataset_canton_and_vintage_and_records_the_raw_file(tmp_path):
    """A file replaces the rows of the cantons it holds (a cantonal office's file leaves the others' alone)."""
    con = warehouse.connect(tmp_path / "w.duckdb")
    store = tmp_path / "raw"
    first = ingest_file(con, "register-spells", EXAMPLES / "spells.csv", store, vintage="2026-01-31")
    assert (first.rows, first.datasets, first.periods[0], first.periods[-1]) == (6, ["synthetic_example"], "2025-01", "2025-11")
    assert ingest_file(con, "register-spells", EXAMPLES / "spells.csv", store).unchanged
    fewer = tmp_path / "spells.csv"
    fewer.write_text("\n".join((EXAMPLES / "spells.csv").read_text().splitlines()[:3]) + "\n")
    ingest_file(con, "register-spells", fewer, store, vintage="2026-01-31")
    count = "SELECT geo, count(*) FROM core.register_spells WHERE dataset = 'synthetic_example' AND vintage = ? GROUP BY 1"
    assert dict(con.execute(count, ["2026-01-31"]).fetchall()) == {"CH-ZH": 2, "CH-GE": 1, "CH-VD": 1, "CH-TI": 1}
    assert con.execute("SELECT kind, rows FROM raw.files ORDER BY rows").fetchall() == [
        ("register-spells", 2), ("register-spells", 6)]
    con.close()


def test_a_bad_file_loads_nothing(tmp_path):
    con = warehouse.connect(tmp_path / "w.duckdb")
    bad = tmp_path / "programmes.csv"
    bad.write_text((EXAMPLES / "programmes.csv").read_text().replace(",6,", ",0,"))
    with pytest.raises(ValidationFailed, match=re.escape("value '0'")):
        ingest_file(con, "register-programmes", bad, tmp_path / "raw")
    assert con.execute("SELECT count(*) FROM core.register_programmes").fetchone()[0] == 0
    con.close()


def test_lmo_run_loads_the_shipped_synthetic_register(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        counts = dict(con.execute("SELECT dataset, count(*) FROM core.register_spells GROUP BY ALL").fetchall())
        treated = con.execute("SELECT count(*) FROM core.register_programmes"
                              " WHERE dataset = 'synthetic_register_ch'").fetchone()[0]
    shipped = json.loads((DATA_DIR / "register" / "synthetic" / "ch" / "synth-metadata.json").read_text())
    assert counts == {"synthetic_register_ch": 5000, "synthetic_register_ma": 2000, "synthetic_register_tn": 2000,
                      "synthetic_register_mr": 2000}
    assert treated == shipped["rows"]["participations"] > 1000
