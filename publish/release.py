"""Immutable releases: Parquet per published table and a Frictionless data package, under releases/<date>/."""

import hashlib
import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from indicators.export import metadata
from kernel.locks import one_writer
from kernel.settings import LmoError
from publish.realm import realm_sql

POINTER = "LATEST"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TYPES = {"VARCHAR": "string", "DOUBLE": "number", "FLOAT": "number", "BIGINT": "integer", "INTEGER": "integer",
         "HUGEINT": "integer", "BOOLEAN": "boolean", "DATE": "date", "TIMESTAMP": "datetime",
         "TIMESTAMP WITH TIME ZONE": "datetime"}
KEYS = {"indicator_values": ["indicator", "geo", "period", "sex", "age", "citizenship", "activity", "occupation",
                             "programme", "measure", "adjustment", "realm"]}


def releases_dir(db: Path) -> Path:
    """Releases live beside the warehouse: var/releases/<date>/."""
    return Path(db).parent / "releases"


def latest(releases: Path) -> str | None:
    """The name of the newest release (the pointer file is replaced atomically), or None before the first."""
    pointer = Path(releases) / POINTER
    return pointer.read_text(encoding="utf-8").strip() if pointer.exists() else None


def resolve(releases: Path, name: str) -> Path:
    """A release folder by name, `latest` included."""
    actual = latest(releases) if name == "latest" else name
    if not actual or not (Path(releases) / actual / "datapackage.json").exists():
        raise LmoError(f"no release {name!r} in {releases}")
    return Path(releases) / actual


def write_release(published_db: Path, releases: Path, date: str) -> Path:
    """Write the published copy as a new release named by `date` (`date.2`, … when that day has one already).

    The release is built in a hidden folder and renamed into place, then the `LATEST` pointer is replaced:
    a reader sees either the previous release or the whole new one, never a half-written folder.
    """
    releases = Path(releases)
    releases.mkdir(parents=True, exist_ok=True)
    with one_writer(releases / ".lock"):  # two runs releasing on one day get `date` and `date.2`, never one folder
        return build(published_db, releases, next_name(releases, date))


def build(published_db: Path, releases: Path, name: str) -> Path:
    """The release folder `name`, built hidden and renamed into place, then the LATEST pointer moved to it."""
    staging = releases / f".{name}.{os.getpid()}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        with duckdb.connect(str(published_db), read_only=True) as con:
            con.execute("SET enable_progress_bar = false")
            resources = [export_table(con, table, staging) for table in mart_tables(con)]
            indicators = metadata(con.execute("SELECT DISTINCT indicator, source, vintage "
                                              "FROM mart.indicator_values").df())
        package = descriptor(name, resources, indicators)
        (staging / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=1), encoding="utf-8")
        for path in staging.iterdir():
            path.chmod(0o444)
        staging.rename(releases / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    pointer = releases / f".{POINTER}.{os.getpid()}.tmp"
    pointer.write_text(name + "\n", encoding="utf-8")
    pointer.replace(releases / POINTER)
    return releases / name


def next_name(releases: Path, date: str) -> str:
    name, n = date, 1
    while (releases / name).exists():
        n += 1
        name = f"{date}.{n}"
    return name


def mart_tables(con) -> list[str]:
    rows = con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'mart' "
                       "ORDER BY table_name <> 'indicator_values', table_name").fetchall()
    return [row[0] for row in rows]


def export_table(con, table: str, folder: Path) -> dict:
    """One table as Parquet (rows in a stable order), with its Table Schema; indicator values say their realm."""
    columns = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                               "WHERE table_schema = 'mart' AND table_name = ? ORDER BY ordinal_position",
                               [table]).fetchall())
    extra = f", {realm_sql(set(columns))} AS realm" if table == "indicator_values" and "realm" not in columns else ""
    path = folder / f"{table}.parquet"
    con.execute(f"COPY (SELECT *{extra} FROM mart.{table} ORDER BY ALL) TO '{path}' (FORMAT parquet, COMPRESSION zstd)")
    if extra:
        columns["realm"] = "VARCHAR"
    rows = con.execute(f"SELECT count(*) FROM mart.{table}").fetchone()[0]
    schema = {"fields": [{"name": c, "type": TYPES.get(t, "any")} for c, t in columns.items()]}
    if table in KEYS:
        schema["primaryKey"] = KEYS[table]
    return {"name": table, "path": path.name, "format": "parquet", "mediatype": "application/vnd.apache.parquet",
            "bytes": path.stat().st_size, "hash": "sha256:" + sha256(path), "schema": schema, "lmo:rows": rows}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def descriptor(name: str, resources: list[dict], indicators: list[dict]) -> dict:
    """A Frictionless Data Package (v2) descriptor: the tables, their licences and the catalogue's metadata."""
    texts = sorted({text for item in indicators for text in item["licences"].split("; ")})
    return {"$schema": PROFILE, "name": f"lmo-release-{name}".lower(), "version": name,
            "title": "LMO labour-market observatory: published indicators",
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "licenses": [{"name": licence_id(text), "title": text} for text in texts],
            "sources": [{"title": source} for source in sorted({s for item in indicators
                                                                 for s in item["sources"].split("; ")})],
            "resources": resources, "lmo:indicators": indicators}


def licence_id(text: str) -> str:
    """An Open Definition licence id for a licence text (other-at: attribution required, no standard id)."""
    return "CC-BY-4.0" if "CC BY 4.0" in text else "MIT" if "MIT" in text else "other-at"

