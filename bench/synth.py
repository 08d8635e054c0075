"""Person-month Parquet for the benchmarks: `lmo synth` spells (synthetic) expanded to one row per month."""

import subprocess
import sys
from pathlib import Path

import duckdb

SQL = (Path(__file__).parent / "sql" / "spells_to_person_months.sql").read_text()


def spells(folder: Path, person_months: int, country: str = "CH") -> Path:
    """`lmo synth --person-months N --format parquet`: a SYNTHETIC register's spells file."""
    lmo = str(Path(sys.executable).with_name("lmo"))
    subprocess.run([lmo, "synth", "--country", country, "--person-months", str(person_months),
                    "--format", "parquet", "--out", str(folder)], check=True, capture_output=True, text=True)
    return folder / "spells.parquet"


def write(path: Path, rows: int, country: str = "CH") -> int:
    """About `rows` person-months from `lmo synth`, sorted by month, in `path`; returns the exact count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    source = spells(path.with_name(path.stem + "-synth"), rows, country)
    with duckdb.connect() as con:
        con.execute("SET enable_progress_bar = false")
        con.execute(f"COPY ({SQL}) TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 122880, "
                    "KV_METADATA {synthetic: 'true'})", {"spells": str(source)})
        return con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchall()[0][0]
