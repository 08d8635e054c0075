"""The benchmarks' registers: `lmo synth` in the exchange format (synthetic), and its person-months for validation."""

import json
import subprocess
import sys
from pathlib import Path

import duckdb

SQL = (Path(__file__).parent / "sql" / "spells_to_person_months.sql").read_text()


def register(folder: Path, person_months: int, country: str = "CH") -> dict:
    """`lmo synth --person-months N --format parquet` into `folder` (spells.parquet, vacancies.parquet…);
    returns the rows it wrote (spells, persons, person_months, vacancies)."""
    lmo = str(Path(sys.executable).with_name("lmo"))
    subprocess.run([lmo, "synth", "--country", country, "--person-months", str(person_months),
                    "--format", "parquet", "--out", str(folder)], check=True, capture_output=True, text=True)
    return json.loads((folder / "synth-metadata.json").read_text())["rows"]


def person_months(spells: Path, path: Path) -> int:
    """The spells expanded to one row per month they cover, sorted by month (what the validation
    benchmark checks); returns the row count."""
    with duckdb.connect() as con:
        con.execute("SET enable_progress_bar = false")
        con.execute(f"COPY ({SQL}) TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 122880, "
                    "KV_METADATA {synthetic: 'true'})", {"spells": str(spells)})
        return con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchall()[0][0]
