"""The HTTP side of the SDMX API: formats by `?format=` or the Accept header, and SDMX error messages."""

import json

from flask import Response, request
from markupsafe import escape

from kernel.settings import LmoError
from publish.sdmx_format import CSV_TYPE, JSON_TYPE
from publish.sdmx_json_structure import STRUCTURE_JSON

XML_TYPE = "application/vnd.sdmx.structure+xml; version=2.1"
FORMATS = {"csvfile": CSV_TYPE, "csv": CSV_TYPE, "sdmx-csv": CSV_TYPE, "jsondata": JSON_TYPE, "json": JSON_TYPE,
           "sdmx-json": JSON_TYPE}
STRUCTURE_FORMATS = {"xml": XML_TYPE, "sdmx-ml": XML_TYPE, "structure": XML_TYPE, "json": STRUCTURE_JSON,
                     "sdmx-json": STRUCTURE_JSON, "structure-json": STRUCTURE_JSON}
ERROR_XML = ('<?xml version="1.0" encoding="UTF-8"?>\n<mes:Error xmlns:mes="http://www.sdmx.org/resources/sdmxml/'
             'schemas/v2_1/message" xmlns:com="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common">'
             '<mes:ErrorMessage code="{code}"><com:Text xml:lang="en">{text}</com:Text></mes:ErrorMessage>'
             '</mes:Error>\n')


class Refused(Exception):
    def __init__(self, status: int, text: str, headers: dict | None = None):
        super().__init__(text)
        self.status, self.text, self.headers = status, text, headers or {}


def error(status: int, text: str, headers: dict | None = None) -> Response:
    """An SDMX error message: SDMX-JSON where JSON was asked for, else SDMX-ML 2.1."""
    if "json" in request.headers.get("Accept", "") + request.args.get("format", ""):
        body = json.dumps({"errors": [{"code": status, "title": text}]}, ensure_ascii=False)
        return Response(body, status, headers=headers, mimetype="application/json")
    return Response(ERROR_XML.format(code=status, text=escape(text)), status, headers=headers,
                    mimetype="application/xml")


def negotiate(offers: dict[str, str], default: str) -> str:
    """The format `?format=` names, else the first of the Accept header's types (by quality) on offer."""
    if asked := request.args.get("format"):
        if asked not in offers:
            raise LmoError(f"unknown format {asked!r}; one of {', '.join(offers)}")
        return offers[asked]
    media = {v.split(";")[0]: v for v in offers.values()} | {"application/xml": XML_TYPE, "text/xml": XML_TYPE,
                                                             "application/json": STRUCTURE_JSON}
    for value, _ in request.accept_mimetypes:
        base = value.split(";")[0].strip().lower()
        if base in media and media[base] in offers.values():
            return media[base]
        if base in ("*/*", "application/*"):
            return default
    if request.accept_mimetypes:
        raise Refused(406, "not acceptable; this resource is available as " + ", ".join(sorted(set(offers.values()))))
    return default


def data_format() -> str:
    """SDMX-JSON where `?format=` or the Accept header asks for JSON, else SDMX-CSV (for any other type too)."""
    if request.args.get("format"):
        return negotiate(FORMATS, CSV_TYPE)
    return JSON_TYPE if "json" in request.headers.get("Accept", "") else CSV_TYPE
