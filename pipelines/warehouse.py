"""The DuckDB warehouse: schema, raw file store, transactional loads and the published copy."""

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from indicators.model import MART_COLUMNS, OBSERVATION_COLUMNS, ddl
from kernel.duck import scalar, transaction
from pipelines.pending import mark_pending
from pipelines.sources.validation import ValidationFailed, problem

SCHEMA_SQL = Path(__file__).with_name("sql") / "schema.sql"
MODEL_TABLES = {"core.observations": OBSERVATION_COLUMNS, "mart.indicator_values": MART_COLUMNS}


def connect(db: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; a writer makes sure the schema exists and matches the model. DuckDB is held to
    $LMO_DUCKDB_MEMORY (default 2GB) and spills beyond it: by default it would take 80 % of the machine."""
    con = duckdb.connect(str(db), read_only=read_only)
    con.execute("SET memory_limit = ?", [os.environ.get("LMO_DUCKDB_MEMORY", "2GB")])
    if not read_only:
        con.execute(SCHEMA_SQL.read_text())
        upgrade(con)
        for table in MODEL_TABLES:
            con.execute(ddl(table))
    return con


def upgrade(con) -> None:
    """A warehouse made by an earlier model is emptied so that every file loads again (raw files are kept)."""
    for table, columns in MODEL_TABLES.items():
        schema, name = table.split(".")
        found = [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
            " ORDER BY ordinal_position", [schema, name]).fetchall()]
        if found and found != list(columns):
            for stale in ("core.observations", "mart.indicator_values", "raw.files"):
                con.execute(f"DROP TABLE IF EXISTS {stale}")
            con.execute(SCHEMA_SQL.read_text())
            return


@dataclass(frozen=True)
class RawFile:
    sha256: str
    kind: str
    name: str
    stored_path: Path
    bytes: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def safe_name(name: str) -> str:
    """A user's file name reduced to a harmless base name (never a path)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", Path(name).name).lstrip(".")
    return cleaned[:120] or "file"


def store_raw(path: Path, store: Path, kind: str, digest: str | None = None) -> RawFile:
    """Keep the file byte for byte under store/<sha256>/ (`digest` when the caller hashed it already); an identical
    file is stored once."""
    digest = digest or sha256_of(path)
    target = store / digest / safe_name(path.name)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        copy_whole(path, target)
    return RawFile(digest, kind, path.name, target, target.stat().st_size)


def copy_whole(source: Path, target: Path) -> None:
    """The copy appears whole under its name or not at all: a failed copy (a full disk) leaves no partial file."""
    partial = target.with_suffix(target.suffix + ".part")
    try:
        shutil.copyfile(source, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def is_loaded(con: duckdb.DuckDBPyConnection, sha256: str) -> bool:
    return scalar(con, "SELECT count(*) FROM raw.files WHERE sha256 = ?", [sha256]) > 0


def load_observations(con, frame: pd.DataFrame, raw: RawFile, vintage: str) -> int:
    """Replace the file's (dataset, geo, vintage) rows in core.observations and record it, all or nothing."""
    return load_table(con, "core.observations", frame[list(OBSERVATION_COLUMNS)], raw, vintage)


# Tables a source may load into, with the key whose rows a new file replaces; never taken from users.
# Rows replace per geo: per-country files of one dataset (ILOSTAT) and per-canton register files (each office
# sends its own) must not erase each other; a national file replaces every canton it holds.
TABLES = {table: ("dataset", "geo", "vintage") for table in (
    "core.observations", "core.register_spells", "core.register_vacancies", "core.register_programmes",
    "core.register_interruptions")}


def load_table(con, table: str, frame: pd.DataFrame, raw: RawFile, vintage: str, skipped: dict | None = None) -> int:
    """Replace the file's keys in a core table, record the file and mark its datasets pending, all or nothing."""
    with transaction(con):
        con.register("incoming_rows", frame)
        replace_rows(con, table, "incoming_rows", raw.name)
        con.unregister("incoming_rows")
        datasets = sorted(frame["dataset"].unique())
        record_file(con, raw, vintage, datasets, len(frame), skipped)
        mark_pending(con, datasets)
    return len(frame)


def replace_rows(con, table: str, incoming: str, file: str = "file") -> None:
    """Inside the caller's transaction: the incoming relation's keys replaced in a core table (names are ours)."""
    if table not in TABLES:
        raise ValueError(f"not a loadable table: {table}")
    conflicts = dataset_conflicts(con, table, incoming)
    if conflicts:
        raise ValidationFailed(file, conflicts)
    key = ", ".join(TABLES[table])
    con.execute(f"DELETE FROM {table} WHERE ({key}) IN (SELECT DISTINCT {key} FROM {incoming})")
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {incoming}")


def dataset_conflicts(con, table: str, incoming: str) -> list[dict]:
    """A dataset keeps one realm (and, for observations, one concept): a file adding rows of another realm or
    concept to a loaded dataset is refused, so that no series is silently spliced from two origins."""
    traits = ["realm", "concept"] if table == "core.observations" else ["realm"]
    found = []
    for trait in traits:
        rows = con.execute(f"""
            SELECT DISTINCT i.dataset, i.{trait} AS new, c.{trait} AS old
            FROM (SELECT DISTINCT dataset, {trait} FROM {incoming}) i
            JOIN (SELECT DISTINCT dataset, {trait} FROM {table}) c ON c.dataset = i.dataset AND c.{trait} <> i.{trait}
            ORDER BY ALL""").fetchall()
        found += [problem("-", trait, f"dataset {dataset} is {trait} {old!r}; a file cannot add {trait} {new!r} to it",
                          new) for dataset, new, old in rows]
    return found


def record_file(con, raw: RawFile, vintage: str, datasets: list[str], rows: int, skipped: dict | None) -> None:
    """Inside the caller's transaction: the file, what it loaded and what it left out on purpose."""
    con.execute("DELETE FROM raw.files WHERE sha256 = ?", [raw.sha256])
    con.execute(
        "INSERT INTO raw.files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [raw.sha256, raw.kind, raw.name, str(raw.stored_path), raw.bytes,
         datetime.now(UTC).replace(tzinfo=None), ",".join(datasets), vintage, rows,
         json.dumps(skipped or {}, ensure_ascii=False)],
    )


CHECKED_TABLES = ("raw.files", "core.observations", "mart.indicator_values")


def checksum(con, tables=CHECKED_TABLES) -> dict[str, str]:
    """Row count and an order-independent hash of every row, per table (the names are ours, not a user's)."""
    return {table: scalar(con, f"SELECT count(*) || ':' || coalesce(sum(hash(t))::VARCHAR, '') FROM {table} t")
            for table in tables}
