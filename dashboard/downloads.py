"""Whole-indicator downloads, CSV or Parquet, filtered by the URL and streamed from the published copy.

DuckDB writes the file (its own connection, memory capped, spilling to disk) to a temporary file that is
unlinked once open and sent in chunks: memory stays bounded whatever the size, and a publication swapped
in meanwhile does not disturb a download under way.
"""

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
from flask import Response, request

from dashboard import data, limits, world
from dashboard import lang as L
from dashboard.meta import licence
from indicators.catalog import entry
from kernel.settings import LmoError
from lmo.output import header_value, neutral_sql

MIMETYPES = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}
MEMORY = os.environ.get("LMO_DOWNLOAD_MEMORY", "128MB")
CHUNK = 256 * 1024
PERIOD = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$")
CODE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
MONTH0 = "(try_cast(left(period, 4) AS INTEGER) * 12 + CASE WHEN length(period) = 4 THEN 0 " \
         "WHEN period[6] = 'Q' THEN (try_cast(period[7] AS INTEGER) - 1) * 3 ELSE try_cast(period[6:7] AS INTEGER) - 1 END)"
SPAN = "CASE WHEN length(period) = 4 THEN 11 WHEN period[6] = 'Q' THEN 2 ELSE 0 END"


class BadFilter(ValueError):
    """A filter in the URL that cannot be applied; its message is shown as it is."""


@dataclass(frozen=True)
class Filter:
    indicator: str | None
    geos: list[str] | None = None
    measures: list[str] | None = None
    first: int | None = None  # months since year 0: a row is kept when its whole period lies in [first, last]
    last: int | None = None
    text: str = ""  # as the URL said it, for the `# filter:` line

    def params(self) -> dict:
        return {"i": self.indicator, "g": self.geos, "m": self.measures, "a": self.first, "b": self.last}


def months(period: str, end: bool) -> int:
    match = PERIOD.match(period or "")
    if not match or not 1900 <= int(match[1]) <= 2200:
        raise BadFilter(f"period {period!r} is not YYYY, YYYY-MM or YYYY-Qn between 1900 and 2200")
    year, month, quarter = int(match[1]), match[2], match[3]
    first = int(month) - 1 if month else (int(quarter) - 1) * 3 if quarter else 0
    span = 0 if month else 2 if quarter else 11
    return year * 12 + first + (span if end else 0)


def codes(args, key: str, known: set[str]) -> list[str] | None:
    if not args.get(key):
        return None
    values = [v.strip() for v in args[key].split(",") if v.strip()]
    unknown = [v for v in values if not CODE.match(v) or v not in known]
    if unknown:
        raise BadFilter(f"unknown {key}: {', '.join(repr(v[:40]) for v in unknown[:5])}")
    return values


def parse(indicator: str | None, args) -> Filter:
    """The filter the query string asks for (?geo=CH-ZH,CH-GE&measure=level&from=2025-01&to=2026-07)."""
    published = data.available()
    infos = [published[indicator]] if indicator in published else list(published.values()) if not indicator else []
    first = months(args["from"], end=False) if args.get("from") else None
    last = months(args["to"], end=True) if args.get("to") else None
    text = "; ".join(f"{key}={value}" for key, value in args.items() if key in ("geo", "measure", "from", "to"))
    return Filter(indicator, codes(args, "geo", {g for i in infos for g in i["geos"]}),
                  codes(args, "measure", {m for i in infos for m in i["measures"]}), first, last, text)


WHERE = f"""($i IS NULL OR indicator = $i) AND ($g IS NULL OR list_contains($g, geo))
    AND ($m IS NULL OR list_contains($m, measure)) AND ($a IS NULL OR {MONTH0} >= $a)
    AND ($b IS NULL OR {MONTH0} + {SPAN} <= $b)"""


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """A connection of its own, memory capped: the sort of a whole mart spills to disk instead of growing."""
    con = duckdb.connect(config={"memory_limit": MEMORY, "threads": 1, "temp_directory": tempfile.gettempdir()})
    con.execute("ATTACH ? AS pub (READ_ONLY)", [str(path)])
    con.execute("USE pub")
    return con


def select(con, fmt: str) -> str:
    """The published columns; text cells of a CSV neutralised against spreadsheet formulas."""
    types = dict(con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = 'pub' "
                             "AND schema_name = 'mart' AND table_name = 'indicator_values'").fetchall())
    columns = [c.strip() for c in data.COLUMNS.split(",")]
    return ", ".join(f"{neutral_sql(c)} AS {c}" if fmt == "csv" and types.get(c) == "VARCHAR" else c for c in columns)


def meta(con, where: Filter, lang: str) -> dict[str, str]:
    """The metadata lines: what the rows are, their sources, vintage and flags."""
    vintage, sources, statuses, confidential = con.execute(f"""
        SELECT max(vintage), list(DISTINCT source ORDER BY source), list(DISTINCT obs_status ORDER BY obs_status),
               coalesce(bool_or(conf_status IN ('C', 'D', 'N')), false)
        FROM {world.values()} WHERE {WHERE}""", where.params()).fetchone()
    out = {"title": "LMO, every published indicator", "indicator": "all"}
    if where.indicator:
        item = entry(where.indicator)
        out = {"title": L.indicator_name(where.indicator, lang), "indicator": where.indicator,
               "definition": L.definition(where.indicator, lang), "unit": L.unit(item["unit"], lang),
               "licence": licence(where.indicator)}
    out |= {"source": "; ".join(s for s in sources if s), "vintage": vintage or "", "filter": where.text}
    flags = sorted({s for s in statuses if s and s != "A"} | ({"C"} if confidential else set()))
    return out | {f"flag {code}": L.flag(code, lang) for code in flags}


def header(info: dict[str, str]) -> bytes:
    return "".join(f"# {key}: {header_value(value)}\n" for key, value in info.items() if value).encode()


def write(path: Path, where: Filter, fmt: str, lang: str) -> tuple[bytes, object]:
    """The metadata lines (CSV) and an open, already unlinked file with the rows."""
    con = connect(path)
    try:
        info = meta(con, where, lang)
        handle, name = tempfile.mkstemp(prefix="lmo-download-", suffix="." + fmt)
        os.close(handle)
        try:
            query = f"SELECT {select(con, fmt)} FROM {world.values()} WHERE {WHERE} " \
                    "ORDER BY indicator, geo, period, measure"
            kv = ", ".join(f"'{key}': $k{n}" for n, key in enumerate(info))
            options = "FORMAT csv, HEADER" if fmt == "csv" else f"FORMAT parquet, KV_METADATA {{{kv}}}"
            params = where.params() | ({f"k{n}": str(v) for n, v in enumerate(info.values())} if fmt != "csv" else {})
            con.execute(f"COPY ({query}) TO '{name}' ({options})", params)
            return (header(info) if fmt == "csv" else b""), open(name, "rb")  # noqa: SIM115 - closed with the response
        finally:
            os.unlink(name)
    finally:
        con.close()


def client() -> str:
    """Who asks: the authenticated user where access control says so, else the address."""
    auth, header_name = request.authorization, os.environ.get("LMO_AUTH_HEADER")
    if os.environ.get("LMO_AUTH_USERS") and auth and auth.username:
        return "user:" + auth.username
    if header_name and request.headers.get(header_name):
        return "user:" + request.headers[header_name]
    return "address:" + (request.remote_addr or "")


def download(name: str, fmt: str) -> Response:
    """/download/<indicator or all>.<csv|parquet>?geo=…&measure=…&from=…&to=…&lang=…"""
    indicator = None if name == "all" else name
    try:
        if fmt not in MIMETYPES or (indicator and not entry(indicator)):
            raise LmoError(name)
    except LmoError:
        return Response(f"no such download: {name[:60]}.{fmt[:10]}", 404, mimetype="text/plain")
    try:
        where = parse(indicator, request.args)
    except BadFilter as error:
        return Response(str(error), 400, mimetype="text/plain")
    path = data.published()
    lease = limits.acquire(path.parent / "download-slots", client())
    if isinstance(lease, str):
        busy = "too many downloads at once from you" if lease == "client" else "the server is busy with downloads"
        return Response(f"{busy}; retry in a few seconds", 429 if lease == "client" else 503,
                        headers={"Retry-After": "5"}, mimetype="text/plain")
    try:
        head, body = write(path, where, fmt, L.normalize(request.args.get("lang")))
    except BaseException:
        lease.release()
        raise
    response = Response(limits.held_while(chunks(head, body), lease), mimetype=MIMETYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="lmo-{name}.{fmt}"',
        "Content-Length": str(len(head) + os.fstat(body.fileno()).st_size)})
    response.call_on_close(body.close)
    response.call_on_close(lease.release)
    return response


def chunks(head: bytes, body):
    if head:
        yield head
    while block := body.read(CHUNK):
        yield block
