"""A small published copy written directly (no pipeline run): the columns the dashboard reads, given rows,
and optionally many filler rows of another indicator for memory measurements."""

from pathlib import Path

import duckdb

from indicators.model import period_frequency
from kernel.query import COLUMNS
from pipelines.publication import install

NAMES = [c.strip() for c in COLUMNS.split(",")]
TOTAL = {"sex": "_T", "age": "_T", "citizenship": "_T", "activity": "_T", "occupation": "_T", "programme": "_T",
         "measure": "level", "unit": "persons", "obs_status": "A", "conf_status": "F", "concept": "SECO_registered",
         "adjustment": "NSA", "realm": "official", "basis": "official", "source": "SECO, Die Lage auf dem Arbeitsmarkt",
         "vintage": "2026-08-29", "note": None}


def row(indicator: str, geo: str, period: str, value: float, **other) -> dict:
    return {"indicator": indicator, "geo": geo, "period": period, "value": value,
            "frequency": period_frequency(period)} | TOTAL | other


def write(folder: Path, rows: list[dict], filler: int = 0) -> Path:
    """The warehouse path whose published copy holds `rows` (+ `filler` rows of registered_unemployment_rate)."""
    db = folder / "w.duckdb"
    install(db, lambda partial: fill(partial, rows, filler))
    return db


def fill(path: Path, rows: list[dict], filler: int) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE SCHEMA mart")
        columns = ", ".join(f"{c} {'DOUBLE' if c == 'value' else 'VARCHAR'}" for c in NAMES)
        con.execute(f"CREATE TABLE mart.indicator_values ({columns})")
        con.executemany(f"INSERT INTO mart.indicator_values VALUES ({', '.join('?' * len(NAMES))})",
                        [[r[c] for c in NAMES] for r in rows])
        if filler:
            values = {c: "NULL" if v is None else f"'{v}'" for c, v in TOTAL.items()} | {
                "indicator": "'registered_unemployment_rate'", "geo": "'CH-' || (i % 26)::VARCHAR",
                "period": "(1950 + i % 76)::VARCHAR || '-' || lpad((1 + i // 76 % 12)::VARCHAR, 2, '0')",
                "value": "(i % 1000) / 10", "measure": "'m' || (i % 7)::VARCHAR", "unit": "'%'", "frequency": "'M'"}
            con.execute(f"INSERT INTO mart.indicator_values SELECT {', '.join(values[c] for c in NAMES)} "
                        f"FROM range({filler}) t(i)")
