"""The person-month rules agree across DuckDB SQL, pandera on polars and pandera on pandas."""

import pandera.errors
import pytest

from bench import validation
from tests.test_register_partitions import SPELLS, write_person_months

# an unknown canton and sex, registered after the month it is counted in
BAD = [("2025-03-01", 9, "CH-XX", "X", "1990-05-01", True, "2025-04-02", None, None)]


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
