"""SDMX-CSV 2.0 and SDMX-JSON 2.0 data messages from a frame of published values."""

import json
from datetime import UTC, datetime

import pandas as pd

from indicators.export import sdmx_obs_values
from publish.sdmx_structure import AGENCY, ATTRIBUTES, DIMENSIONS, VERSION, names

CSV_TYPE = "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8"
JSON_TYPE = "application/vnd.sdmx.data+json; version=2.0.0; charset=utf-8"
JSON_SCHEMA = "https://json.sdmx.org/2.0.0/sdmx-json-data-schema.json"
HISTORY = {"valid_from": "VALID_FROM", "valid_to": "VALID_TO"}


def flow_urn(flow: str) -> str:
    return f"{AGENCY}:{flow}({VERSION})"


def attributes(frame: pd.DataFrame) -> dict[str, str]:
    return {c: a for c, a in (ATTRIBUTES | HISTORY).items() if c in frame or c in ATTRIBUTES}


def to_csv(frame: pd.DataFrame, flow: str) -> str:
    """SDMX-CSV 2.0: STRUCTURE, STRUCTURE_ID, ACTION, the dimensions, TIME_PERIOD, OBS_VALUE, the attributes."""
    body = frame.reindex(columns=[*DIMENSIONS, "period", "value", *attributes(frame)])
    body = body.rename(columns=DIMENSIONS | {"period": "TIME_PERIOD", "value": "OBS_VALUE"} | attributes(frame))
    body["OBS_VALUE"] = sdmx_obs_values(body["OBS_VALUE"])
    body.insert(0, "ACTION", "I")
    body.insert(0, "STRUCTURE_ID", flow_urn(flow))
    body.insert(0, "STRUCTURE", "dataflow")
    return body.to_csv(index=False)


def component(column: str, sdmx_id: str, codes: list, lang: str, position: int | None = None) -> dict:
    known = names(column) if column in DIMENSIONS or column in ("obs_status", "conf_status") else {}
    values = [{"id": str(code), "name": (known.get(code) or {}).get(lang) or (known.get(code) or {}).get("en")
               or str(code)} for code in codes]
    out = {"id": sdmx_id, "name": sdmx_id, "values": values}
    return out if position is None else out | {"keyPosition": position}


def to_json(frame: pd.DataFrame, flow: str, lang: str = "en") -> str:
    """SDMX-JSON 2.0 data message: series keyed by dimension value indices, observations by period index."""
    frame = frame.reset_index(drop=True)
    dims = list(DIMENSIONS)
    series_codes = {c: sorted(frame[c].dropna().unique().tolist()) for c in dims}
    periods = sorted(frame["period"].unique().tolist())
    attrs = attributes(frame)
    attr_codes = {c: sorted(frame[c].dropna().astype(str).unique().tolist()) if c in frame else [] for c in attrs}
    position = {c: {code: i for i, code in enumerate(codes)} for c, codes in {**series_codes, **attr_codes}.items()}
    slot = {period: str(i) for i, period in enumerate(periods)}
    series: dict[str, dict] = {}
    for row in frame.itertuples(index=False):
        record = row._asdict()
        key = ":".join(str(position[c][record[c]]) for c in dims)
        observations = series.setdefault(key, {"attributes": [], "observations": {}})["observations"]
        value = None if pd.isna(record["value"]) else float(record["value"])
        observations[slot[record["period"]]] = [value] + [
            None if c not in record or pd.isna(record[c]) else position[c][str(record[c])] for c in attrs]
    structure = {
        "links": [{"urn": f"urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow={flow_urn(flow)}", "rel": "dataflow"}],
        "dimensions": {"dataSet": [], "series": [component(c, DIMENSIONS[c], series_codes[c], lang, i)
                                                 for i, c in enumerate(dims)],
                       "observation": [component("period", "TIME_PERIOD", periods, lang, len(dims))]},
        "attributes": {"dataSet": [], "series": [], "observation": [component(c, a, attr_codes[c], lang)
                                                                    for c, a in attrs.items()]},
        "measures": {"observation": [{"id": "OBS_VALUE", "name": "Observation value"}]}}
    message = {"meta": {"schema": JSON_SCHEMA, "id": f"LMO-{datetime.now(UTC):%Y%m%dT%H%M%S}", "test": False,
                        "prepared": datetime.now(UTC).isoformat(timespec="seconds"),
                        "contentLanguages": [lang], "sender": {"id": AGENCY}},
               "data": {"structures": [structure],
                        "dataSets": [{"structure": 0, "action": "Information", "series": series}]}}
    return json.dumps(message, ensure_ascii=False)
