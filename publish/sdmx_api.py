"""SDMX REST 2.0 read API under /sdmx/: data (SDMX-CSV 2.0, SDMX-JSON 2.0), structures (SDMX-ML 2.1, SDMX-JSON 2.0),
availability; errors as SDMX error messages."""

import json
from functools import lru_cache

from flask import Blueprint, Response, request

from dashboard import limits
from dashboard.downloads import client
from kernel.query import published, reader
from kernel.settings import LmoError, warehouse_path
from publish import sdmx_data as d
from publish import sdmx_query as q
from publish.realm import realm_sql
from publish.sdmx_format import CSV_TYPE, json_chunks, write_csv
from publish.sdmx_http import STRUCTURE_FORMATS, XML_TYPE, Refused, data_format, error, negotiate
from publish.sdmx_json_structure import STRUCTURE_JSON, to_json
from publish.sdmx_structure import AGENCY, ALL, DIMENSIONS, VERSION, build, codes_in_use, select

api = Blueprint("sdmx", __name__)
VERSIONS = (VERSION, "~", "*", "latest", "+")


@api.errorhandler(LmoError)
def bad_request(problem: LmoError):
    return error(400, str(problem))


@api.errorhandler(Refused)
def refused(problem: Refused):
    return error(problem.status, problem.text, problem.headers)


@api.route("/<path:rest>")
def unknown(rest: str):
    return error(404, f"no such SDMX resource: /sdmx/{rest[:80]}")


@lru_cache(maxsize=2)
def structures(_path: str, _mtime: int):
    """The structure message of one published copy (rebuilt when a new copy is published)."""
    with reader() as con:
        columns = {row[0] for row in con.execute("SELECT * FROM mart.indicator_values LIMIT 0").description}
        return build(codes_in_use(con, "mart.indicator_values", realm_sql(columns)))


def current_structures():
    path = published(warehouse_path())
    return structures(str(path), path.stat().st_mtime_ns)


def checked(agency: str, version: str) -> None:
    if agency not in (AGENCY, "*") or version not in VERSIONS:
        raise Refused(404, f"no results: agency {agency[:40]!r}, version {version[:20]!r} (this API has {AGENCY} "
                           f"{VERSION})")


@api.get("/structure/<kind>/<agency>/<resource>", defaults={"version": "~"})
@api.get("/structure/<kind>/<agency>/<resource>/<version>")
def structure(kind: str, agency: str, resource: str, version: str):
    import sdmx

    checked(agency, version)
    if kind not in ("dataflow", "datastructure", "codelist"):
        return error(404, f"no results: structure type {kind[:40]!r}")
    kind_type = negotiate(STRUCTURE_FORMATS, XML_TYPE)
    message = select(current_structures(), kind, resource)
    if not (message.dataflow if kind == "dataflow" else message.structure if kind == "datastructure"
            else message.codelist):
        return error(404, f"no results: {kind} {resource[:60]}")
    body = to_json(message) if kind_type == STRUCTURE_JSON else sdmx.to_xml(message, pretty_print=True)
    return Response(body, content_type=kind_type)


def parsed(flow: str, key: str) -> d.Query:
    """The query the URL asks for (every parameter checked: a malformed one is refused, not ignored)."""
    conditions = q.parse_filters(request.args)
    history = request.args.get("includeHistory", "false").lower()
    if history not in ("true", "false"):
        raise LmoError(f"includeHistory {history[:20]!r} is not true or false")
    return d.Query(q.selection(flow, q.parse_key(key), conditions), conditions,
                   as_of=q.moment(request.args.get("asOf"), "asOf"), history=history == "true",
                   updated_after=q.moment(request.args.get("updatedAfter"), "updatedAfter"),
                   last_n=q.count(request.args.get("lastNObservations"), "lastNObservations"))


def answer(flow: str, key: str) -> tuple[d.Answer, limits.Lease]:
    """The rows of the query, under a lease on one of the client's heavy-request slots (as whole downloads)."""
    flow = ALL if flow in ("*", "all") else flow
    if flow != ALL and flow not in current_structures().dataflow:
        raise Refused(404, f"no results: dataflow {flow[:60]}")
    query = parsed(flow, key)
    lease = limits.acquire(published(warehouse_path()).parent / "download-slots", client())
    if isinstance(lease, str):
        busy = "too many requests at once from you" if lease == "client" else "the server is busy"
        raise Refused(429 if lease == "client" else 503, f"{busy}; retry in a few seconds", {"Retry-After": "5"})
    try:
        rows = d.Answer(query)
    except BaseException:
        lease.release()
        raise
    if not rows.count:
        rows.close()
        lease.release()
        raise Refused(404, "no results: no observations match the query")
    return rows, lease


@api.get("/data/<context>/<agency>/<flow>/<version>/<key>")
@api.get("/data/<context>/<agency>/<flow>/<version>", defaults={"key": "*"}, strict_slashes=False)
@api.get("/data/<context>/<agency>/<flow>", defaults={"version": "~", "key": "*"})
def data(context: str, agency: str, flow: str, version: str, key: str):
    checked(agency, version)
    if context not in ("dataflow", "*"):
        return error(404, f"no results: context {context[:40]!r}")
    kind = data_format()
    rows, lease = answer(flow, key)
    name = ALL if flow in ("*", "all") else flow
    if kind == CSV_TYPE:
        try:
            body = rows.csv_file(lambda con, table, out: write_csv(con, table, name, out))
        except BaseException:
            rows.close()
            lease.release()
            raise
        response = Response(limits.held_while(d.file_chunks(body), lease), headers={"Content-Type": kind})
    else:
        lang = request.args.get("lang", "en")
        response = Response(limits.held_while(rows.pieces(lambda con, table: json_chunks(con, table, name, lang)), lease),
                            headers={"Content-Type": kind})
        response.call_on_close(rows.close)
    response.call_on_close(lease.release)
    return response


@api.get("/availability/<context>/<agency>/<flow>/<version>/<key>")
@api.get("/availability/<context>/<agency>/<flow>/<version>", defaults={"key": "*"}, strict_slashes=False)
@api.get("/availability/<context>/<agency>/<flow>", defaults={"version": "~", "key": "*"})
def availability(context: str, agency: str, flow: str, version: str, key: str):
    """The codes that have data for the query, as an SDMX-JSON 2.0 data constraint (cube region + time range)."""
    checked(agency, version)
    rows, lease = answer(flow, key)
    try:
        with d.capped() as con:
            lists = con.execute("SELECT " + ", ".join(f"list(DISTINCT {c} ORDER BY {c}) FILTER ({c} IS NOT NULL)"
                                                      for c in DIMENSIONS)
                                + f", min(period), max(period) FROM {rows.rows}").fetchone()
    finally:
        rows.close()
        lease.release()
    flow = ALL if flow in ("*", "all") else flow
    values = [{"id": dim, "values": list(codes or [])} for dim, codes in zip(DIMENSIONS.values(), lists)]
    constraint = {"id": f"CC_{flow}", "name": f"Available data of {flow}", "agencyID": AGENCY, "version": VERSION,
                  "role": "Actual",
                  "annotations": [{"id": "obs_count", "title": str(rows.count)}],
                  "constraintAttachment": {"dataflows": [f"urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow="
                                                         f"{AGENCY}:{flow}({VERSION})"]},
                  "cubeRegions": [{"include": True, "keyValues": values + [
                      {"id": "TIME_PERIOD", "timeRange": {"startPeriod": {"period": lists[-2], "isInclusive": True},
                                                          "endPeriod": {"period": lists[-1], "isInclusive": True}}}]}]}
    return Response(json.dumps({"data": {"dataConstraints": [constraint]}}, ensure_ascii=False),
                    headers={"Content-Type": "application/vnd.sdmx.structure+json; version=2.0.0"})
