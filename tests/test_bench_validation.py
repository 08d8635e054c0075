"""The person-month rules agree across DuckDB SQL, pandera on polars and pandera on pandas."""

from pathlib import Path

import duckdb
import pandera.errors
import pytest

from bench import validation

# month, spell, geo, sex, birth, unemployed, registered, deregistered, exit
SPELLS = [
    ("2025-03-01", 1, "CH-ZH", "F", "1990-05-01", True, "2024-01-15", None, None),
    ("2025-03-01", 2, "CH-ZH", "M", "2003-01-01", True, "2025-03-10", "2025-03-28", "employment"),
    ("2025-03-01", 3, "CH-GE", "M", "1960-01-01", False, "2025-02-01", "2025-05-01", "other"),
    ("2025-03-01", 4, "CH-GE", "F", "1970-06-15", True, "2024-03-15", None, None),
    ("2025-02-01", 4, "CH-GE", "F", "1970-06-15", True, "2024-03-15", None, None),
]

# an unknown canton and sex, registered after the month it is counted in
BAD = [("2025-03-01", 9, "CH-XX", "X", "1990-05-01", True, "2025-04-02", None, None)]


def write_person_months(folder: Path, rows=SPELLS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as con:
        con.execute("CREATE TABLE pm (month DATE, spell_id VARCHAR, geo VARCHAR, sex VARCHAR, birth_date DATE, "
                    "unemployed BOOLEAN, registration_date DATE, deregistration_date DATE, exit_reason VARCHAR)")
        con.executemany("INSERT INTO pm VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        con.execute(f"COPY (SELECT *, 'P' || spell_id AS person_id FROM pm) TO '{folder / 'part-0.parquet'}' "
                    "(FORMAT parquet)")
    return folder / "part-0.parquet"


def test_clean_person_months_pass_every_way(tmp_path):
    path = str(write_person_months(tmp_path))
    assert validation.duckdb_checks(path) == 0
    assert validation.pandera_polars(path) == 0
    assert validation.pandera_pandas(path) == 0


def test_a_broken_row_is_caught_every_way(tmp_path):
    path = str(write_person_months(tmp_path, SPELLS + BAD))
    assert validation.duckdb_checks(path) == 1
    with pytest.raises(pandera.errors.SchemaErrors, match="CH-XX"):
        validation.pandera_polars(path)
    with pytest.raises(pandera.errors.SchemaErrors, match="CH-XX"):
        validation.pandera_pandas(path)
