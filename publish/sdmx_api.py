"""SDMX REST 2.0 read API under /sdmx/: data (SDMX-CSV 2.0, SDMX-JSON 2.0), structures (SDMX-ML), availability."""

import json
from functools import lru_cache

from flask import Blueprint, Response, request

from kernel.query import published, reader, vintage_reader
from kernel.settings import LmoError, warehouse_path
from publish import sdmx_query as q
from publish.realm import realm_sql
from publish.sdmx_format import CSV_TYPE, JSON_TYPE, to_csv, to_json
from publish.sdmx_structure import AGENCY, ALL, DIMENSIONS, build, codes_in_use, select

api = Blueprint("sdmx", __name__)
XML_TYPE = "application/vnd.sdmx.structure+xml; version=2.1"
FORMATS = {"csvfile": CSV_TYPE, "csv": CSV_TYPE, "sdmx-csv": CSV_TYPE, "jsondata": JSON_TYPE, "json": JSON_TYPE,
           "sdmx-json": JSON_TYPE}


@api.errorhandler(LmoError)
def bad_request(error: LmoError):
    return Response(str(error) + "\n", status=400, mimetype="text/plain")


def not_found(what: str) -> Response:
    return Response(f"no results: {what}\n", status=404, mimetype="text/plain")


def realm_expr(con, table: str) -> str:
    columns = {row[0] for row in con.execute(f"SELECT * FROM {table} LIMIT 0").description}
    return realm_sql(columns)


@lru_cache(maxsize=2)
def structures(_path: str, _mtime: int):
    """The structure message of one published copy (rebuilt when a new copy is published)."""
    with reader() as con:
        return build(codes_in_use(con, "mart.indicator_values", realm_expr(con, "mart.indicator_values")))


def current_structures():
    path = published(warehouse_path())
    return structures(str(path), path.stat().st_mtime_ns)


@api.get("/structure/<kind>/<agency>/<resource>", defaults={"version": "~"})
@api.get("/structure/<kind>/<agency>/<resource>/<version>")
def structure(kind: str, agency: str, resource: str, version: str):
    import sdmx

    if kind not in ("dataflow", "datastructure", "codelist") or agency not in (AGENCY, "*"):
        return not_found(f"{kind} {agency}")
    message = select(current_structures(), kind, resource)
    if not (message.dataflow if kind == "dataflow" else message.structure if kind == "datastructure"
            else message.codelist):
        return not_found(f"{kind} {resource}")
    return Response(sdmx.to_xml(message, pretty_print=True), mimetype=XML_TYPE.split(";")[0],
                    headers={"Content-Type": XML_TYPE})


def data_format() -> str:
    asked = request.args.get("format")
    if asked:
        if asked not in FORMATS:
            raise LmoError(f"unknown format {asked!r}; one of {', '.join(FORMATS)}")
        return FORMATS[asked]
    accept = request.headers.get("Accept", "")
    return JSON_TYPE if "json" in accept else CSV_TYPE


def query(flow: str, key: str | None):
    """The rows a data or availability query selects, as published now or on `asOf`."""
    chosen = q.selection(flow, q.parse_key(key), conditions := q.parse_filters(request.args))
    as_of = request.args.get("asOf")
    if request.args.get("includeHistory", "false").lower() == "true":
        frame = q.history(versions(chosen, as_of))
    elif as_of:
        with vintage_reader(warehouse_path(), as_of[:10]) as con:
            frame = q.fetch(con, "indicator_values", realm_expr(con, "indicator_values"), chosen)
    else:
        with reader() as con:
            frame = q.fetch(con, "mart.indicator_values", realm_expr(con, "mart.indicator_values"), chosen)
    frame = q.updated_after(q.time_filter(frame, conditions), request.args.get("updatedAfter"))
    n = request.args.get("lastNObservations")
    return q.last_n(frame, int(n) if n and n.isdigit() else None)


def versions(chosen, as_of: str | None):
    """The values as published on each vintage date (up to `asOf`): one engine pass per date."""
    with reader() as con:
        dates = [row[0] for row in con.execute("SELECT DISTINCT vintage FROM core.observations ORDER BY 1").fetchall()]
    out = []
    for date in [d for d in dates if not as_of or d <= as_of[:10]]:
        with vintage_reader(warehouse_path(), date) as con:
            out.append((date, q.fetch(con, "indicator_values", realm_expr(con, "indicator_values"), chosen)))
    return out


@api.get("/data/<context>/<agency>/<flow>/<version>/<key>")
@api.get("/data/<context>/<agency>/<flow>/<version>", defaults={"key": "*"})
@api.get("/data/<context>/<agency>/<flow>", defaults={"version": "~", "key": "*"})
def data(context: str, agency: str, flow: str, version: str, key: str):
    if context not in ("dataflow", "*") or agency not in (AGENCY, "*"):
        return not_found(f"{context} {agency}")
    flow = ALL if flow in ("*", "all") else flow
    if flow != ALL and flow not in current_structures().dataflow:
        return not_found(f"dataflow {flow}")
    frame = query(flow, key)
    if frame.empty:
        return not_found("no observations match the query")
    kind = data_format()
    body = to_json(frame, flow, request.args.get("lang", "en")) if kind == JSON_TYPE else to_csv(frame, flow)
    return Response(body, headers={"Content-Type": kind})


@api.get("/availability/<context>/<agency>/<flow>/<version>/<key>")
@api.get("/availability/<context>/<agency>/<flow>/<version>", defaults={"key": "*"})
@api.get("/availability/<context>/<agency>/<flow>", defaults={"version": "~", "key": "*"})
def availability(context: str, agency: str, flow: str, version: str, key: str):
    """The codes that have data for the query, as an SDMX-JSON 2.0 data constraint (cube region + time range)."""
    flow = ALL if flow in ("*", "all") else flow
    frame = query(flow, key)
    if frame.empty:
        return not_found("no observations match the query")
    values = [{"id": dim, "values": sorted(frame[column].dropna().unique().tolist())} for column, dim in DIMENSIONS.items()]
    periods = sorted(frame["period"])
    constraint = {"id": f"CC_{flow}", "agencyID": AGENCY, "version": "1.0", "role": "Actual",
                  "annotations": [{"id": "obs_count", "title": str(len(frame))}],
                  "constraintAttachment": {"dataflows": [f"urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow="
                                                         f"{AGENCY}:{flow}(1.0)"]},
                  "cubeRegions": [{"include": True, "keyValues": values + [
                      {"id": "TIME_PERIOD", "timeRange": {"startPeriod": {"period": periods[0], "isInclusive": True},
                                                          "endPeriod": {"period": periods[-1], "isInclusive": True}}}]}]}
    return Response(json.dumps({"data": {"dataConstraints": [constraint]}}, ensure_ascii=False),
                    headers={"Content-Type": "application/vnd.sdmx.structure+json; version=2.0.0"})
