"""SDMX-JSON 2.0 structure messages (dataflows, the data structure, code lists with names in every language)."""

import json
from datetime import UTC, datetime

from publish.sdmx_structure import AGENCY, VERSION

STRUCTURE_JSON = "application/vnd.sdmx.structure+json; version=2.0.0; charset=utf-8"
SCHEMA = "https://raw.githubusercontent.com/sdmx-twg/sdmx-json/v2.0.0/structure-message/tools/schemas/2.0.0/" \
         "sdmx-json-structure-schema.json"
URN = "urn:sdmx:org.sdmx.infomodel."
CONCEPTS = "CS_LMO"  # every component's concept: one scheme, concepts named as the components


def urn(kind: str, item) -> str:
    return f"{URN}{kind}={AGENCY}:{item.id}({item.version})"


def named(item) -> dict:
    """id, name (English) and names (every language) of an identifiable item."""
    names = dict(item.name.localizations)
    return {"id": item.id, "name": names.get("en") or next(iter(names.values()), item.id), "names": names}


def maintained(item) -> dict:
    return named(item) | {"agencyID": AGENCY, "version": item.version}


def component(item) -> dict:
    """A component with its concept and, where coded, its code list."""
    out = {"id": item.id, "conceptIdentity": f"{URN}conceptscheme.Concept={AGENCY}:{CONCEPTS}({VERSION}).{item.id}"}
    representation = item.local_representation
    if representation is None or representation.enumerated is None:
        return out
    return out | {"localRepresentation": {"enumeration": urn("codelist.Codelist", representation.enumerated)}}


def data_structure(dsd) -> dict:
    dimensions = [component(d) | {"position": d.order} for d in dsd.dimensions if d.__class__.__name__ != "TimeDimension"]
    times = [component(d) | {"position": d.order} for d in dsd.dimensions if d.__class__.__name__ == "TimeDimension"]
    attributes = [component(a) | {"usage": "optional", "attributeRelationship": {"observation": {}}}
                  for a in dsd.attributes]
    return maintained(dsd) | {"dataStructureComponents": {
        "dimensionList": {"id": "DimensionDescriptor", "dimensions": dimensions, "timeDimensions": times},
        "measureList": {"id": "MeasureDescriptor", "measures": [component(m) for m in dsd.measures]},
        "attributeList": {"id": "AttributeDescriptor", "attributes": attributes}}}


def concept_scheme(dsds) -> dict:
    ids = [c.id for dsd in dsds for c in [*dsd.dimensions, *dsd.measures, *dsd.attributes]]
    return {"id": CONCEPTS, "name": "LMO concepts", "agencyID": AGENCY, "version": VERSION,
            "concepts": [{"id": i, "name": i} for i in dict.fromkeys(ids)]}


def to_json(message) -> str:
    """The structure message of sdmx_structure.build/select as SDMX-JSON 2.0."""
    data = {"dataflows": [maintained(f) | {"structure": urn("datastructure.DataStructure", f.structure)}
                          for f in message.dataflow.values()],
            "dataStructures": [data_structure(d) for d in message.structure.values()],
            "conceptSchemes": [concept_scheme(message.structure.values())] if message.structure else [],
            "codelists": [maintained(cl) | {"codes": [named(code) for code in cl]} for cl in message.codelist.values()]}
    languages = sorted({lang for cl in data["codelists"] for code in cl["codes"] for lang in code["names"]})
    meta = {"schema": SCHEMA, "id": f"LMO-{datetime.now(UTC):%Y%m%dT%H%M%S}", "test": False,
            "prepared": datetime.now(UTC).isoformat(timespec="seconds"), "contentLanguages": languages or ["en"],
            "sender": {"id": AGENCY}}
    return json.dumps({"meta": meta, "data": {k: v for k, v in data.items() if v}}, ensure_ascii=False)
