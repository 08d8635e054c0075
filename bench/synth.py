"""Synthetic person-month Parquet (labelled synthetic) at a chosen size, for the register benchmarks."""

import json
from pathlib import Path

import duckdb

from lmo.settings import DATA_DIR

SQL = (Path(__file__).parent / "sql" / "person_months.sql").read_text()
FIRST = "2006-01-01"
MONTHS = 240
DATASET = "synthetic_register"


def canton_weights(con: duckdb.DuckDBPyConnection) -> None:
    """Cantons weighted by their registered unemployed in SECO's latest month."""
    bulletin = json.loads((DATA_DIR / "seco" / "labour.json").read_text(encoding="utf-8"))
    counts = [("CH-" + c["code"], c["months"][-1]["unemployed"]) for c in bulletin["cantons"]]
    total = sum(n for _, n in counts)
    rows, low = [], 0.0
    for code, n in counts:
        rows.append((code, low, low + n / total))
        low += n / total
    rows[-1] = (rows[-1][0], rows[-1][1], 1.0 + 1e-9)
    con.execute("CREATE OR REPLACE TEMP TABLE canton_weights (geo VARCHAR, lo DOUBLE, hi DOUBLE)")
    con.executemany("INSERT INTO canton_weights VALUES (?, ?, ?)", rows)


def params(spells: int, first: str = FIRST, months: int = MONTHS) -> dict:
    return {"spells": spells, "first": first, "months": months, "persons": max(spells * 2 // 3, 1)}


def months_per_spell(con) -> float:
    sample = 200_000
    rows = con.execute(f"SELECT count(*) FROM ({SQL})", params(sample)).fetchall()[0][0]
    return rows / sample


def write(path: Path, rows: int, first: str = FIRST, months: int = MONTHS) -> int:
    """Write about `rows` person-months, sorted by month, to `path`; returns the exact row count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as con:
        con.execute("SET enable_progress_bar = false")
        canton_weights(con)
        spells = max(int(rows / months_per_spell(con)), 1)
        con.execute(f"COPY ({SQL} ORDER BY month) TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 122880, "
                    f"KV_METADATA {{dataset: '{DATASET}', synthetic: 'true'}})", params(spells, first, months))
        return con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchall()[0][0]
