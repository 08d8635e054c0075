"""SDMX-CSV 2.0 and SDMX-JSON 2.0 data messages written from a table of rows, in bounded memory."""

import json
from datetime import UTC, datetime

from publish.sdmx_structure import AGENCY, ATTRIBUTES, DIMENSIONS, VERSION, names

CSV_TYPE = "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8"
JSON_TYPE = "application/vnd.sdmx.data+json; version=2.0.0; charset=utf-8"
JSON_SCHEMA = "https://json.sdmx.org/2.0.0/sdmx-json-data-schema.json"
HISTORY = {"valid_from": "VALID_FROM", "valid_to": "VALID_TO"}
CODED_ATTRIBUTES = ("obs_status", "conf_status")
BATCH = 5000


def flow_urn(flow: str) -> str:
    return f"{AGENCY}:{flow}({VERSION})"


def attributes(columns: set[str]) -> dict[str, str]:
    return {c: a for c, a in (ATTRIBUTES | HISTORY).items() if c in columns}


def order(columns: set[str]) -> str:
    return ", ".join([*DIMENSIONS, "period", *(["valid_from"] if "valid_from" in columns else [])])


def write_csv(con, rows: str, flow: str, out: str) -> None:
    """SDMX-CSV 2.0 into `out`: STRUCTURE, STRUCTURE_ID, ACTION, the dimensions, TIME_PERIOD, OBS_VALUE, the
    attributes; a withheld value (CONF_STATUS C) is SDMX's NaN, not an empty cell readers cannot type as a number."""
    columns = {row[0] for row in con.execute(f"SELECT * FROM {rows} LIMIT 0").description}
    select = ", ".join([*(f"{c} AS {d}" for c, d in DIMENSIONS.items()), "period AS TIME_PERIOD",
                        "coalesce(CAST(value AS VARCHAR), 'NaN') AS OBS_VALUE",
                        *(f"{c} AS {a}" for c, a in attributes(columns).items())])
    con.execute(f"COPY (SELECT 'dataflow' AS STRUCTURE, $urn AS STRUCTURE_ID, 'I' AS ACTION, {select} FROM {rows} "
                f"ORDER BY {order(columns)}) TO '{out}' (FORMAT csv, HEADER)", {"urn": flow_urn(flow)})


def component(column: str, sdmx_id: str, codes: list, lang: str, position: int | None = None) -> dict:
    """A dimension or attribute of the message's structure with its values: coded ones by id and name in `lang`,
    free-text attributes (unit, source, vintage, …) by value."""
    if column not in DIMENSIONS and column not in CODED_ATTRIBUTES and column != "period":
        return {"id": sdmx_id, "name": sdmx_id, "relationship": {"observation": {}},
                "values": [{"value": str(code)} for code in codes]}
    known = names(column) if column != "period" else {}
    values = [{"id": str(code), "name": (known.get(code) or {}).get(lang) or (known.get(code) or {}).get("en")
               or str(code)} for code in codes]
    out = {"id": sdmx_id, "name": sdmx_id, "values": values}
    if column in CODED_ATTRIBUTES:
        return out | {"relationship": {"observation": {}}}
    return out if position is None else out | {"keyPosition": position}


def json_chunks(con, rows: str, flow: str, lang: str = "en"):
    """SDMX-JSON 2.0 data message, in pieces: series keyed by dimension value indices, observations by period
    index; the rows are read from `con` in batches, never all at once."""
    columns = {row[0] for row in con.execute(f"SELECT * FROM {rows} LIMIT 0").description}
    attrs = attributes(columns)
    coded = {**{c: c for c in DIMENSIONS}, "period": "period", **{c: f"CAST({c} AS VARCHAR)" for c in attrs}}
    lists = con.execute("SELECT " + ", ".join(f"list(DISTINCT {e} ORDER BY {e}) FILTER ({e} IS NOT NULL)"
                                              for e in coded.values()) + f" FROM {rows}").fetchall()[0]
    codes = {c: list(v or []) for c, v in zip(coded, lists)}
    # SDMX-JSON requires a component's values to be non-empty: an attribute null throughout is left out
    attrs = {c: a for c, a in attrs.items() if codes[c]}
    links = [{"urn": f"urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow={flow_urn(flow)}", "rel": "dataflow"}]
    structure = {
        "links": links,
        "dimensions": {"dataSet": [], "series": [component(c, DIMENSIONS[c], codes[c], lang, i)
                                                 for i, c in enumerate(DIMENSIONS)],
                       "observation": [component("period", "TIME_PERIOD", codes["period"], lang, len(DIMENSIONS))]},
        "attributes": {"dataSet": [], "series": [], "observation": [component(c, a, codes[c], lang)
                                                                    for c, a in attrs.items()]},
        "measures": {"observation": [{"id": "OBS_VALUE", "name": "Observation value"}]}}
    meta = {"schema": JSON_SCHEMA, "id": f"LMO-{datetime.now(UTC):%Y%m%dT%H%M%S}", "test": False,
            "prepared": datetime.now(UTC).isoformat(timespec="seconds"), "contentLanguages": [lang],
            "sender": {"id": AGENCY}}
    head = json.dumps({"meta": meta, "data": {"structures": [structure]}}, ensure_ascii=False)
    yield head[:-2] + ', "dataSets": [{"structure": 0, "action": "Information", "links": ' + json.dumps(links) \
        + ', "series": {'
    at = {c: f"list_position($l_{c}, {e}) - 1" for c, e in coded.items()}  # 0-based index in the code list
    key = " || ':' || ".join(f"CAST({at[c]} AS VARCHAR)" for c in DIMENSIONS)
    cells = "".join(f", {at[c]}" for c in attrs)
    result = con.execute(f"SELECT {key} AS key, {at['period']} AS slot, value{cells} FROM {rows} ORDER BY key, slot",
                         {f"l_{c}": codes[c] for c in [*DIMENSIONS, "period", *attrs]})
    current, observations, first = None, {}, True
    while batch := result.fetchmany(BATCH):
        pieces = []
        for series, slot, value, *cell in batch:
            if series != current and current is not None:
                pieces.append(("" if first else ",") + json.dumps(current) + ':{"attributes":[],"observations":'
                              + json.dumps(observations) + "}")
                first, observations = False, {}
            current = series
            observations[str(slot)] = [None if value != value else value, *cell]  # NaN: null
        yield "".join(pieces)
    if current is not None:
        yield ("" if first else ",") + json.dumps(current) + ':{"attributes":[],"observations":' \
            + json.dumps(observations) + "}"
    yield "}}]}}"
