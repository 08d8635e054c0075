"""JSON read strictly: a key given twice in one object is refused, naming the key and where it is."""

import json
from pathlib import Path

from kernel.settings import LmoError
from pipelines.sources import text
from pipelines.sources.validation import ValidationFailed, problem


class Keyed(dict):
    """A JSON object that remembers the keys it was given more than once, with every value given."""

    def __init__(self, pairs):
        super().__init__()
        self.repeated: dict[str, list] = {}
        for key, value in pairs:
            if key in self:
                self.repeated.setdefault(key, [self[key]]).append(value)
            self[key] = value


def repeated_keys(node, path: str = "") -> list[dict]:
    """One problem per key given twice, at the JSON path of its object ('(top level)' for the document)."""
    if isinstance(node, list):
        return [p for i, item in enumerate(node) for p in repeated_keys(item, f"{path}[{i}]")]
    if not isinstance(node, dict):
        return []
    found = [problem(path or "(top level)", key, "duplicate JSON key", values)
             for key, values in getattr(node, "repeated", {}).items()]
    return found + [p for key, value in node.items() for p in repeated_keys(value, f"{path}.{key}" if path else key)]


def load(path: Path):
    """A UTF-8 JSON document; any key given twice in one object rejects the file (a parser would keep one)."""
    text.check_file(path)
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"), object_pairs_hook=Keyed)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise LmoError(f"{path}: not a valid UTF-8 JSON file: {error}") from None
    if found := repeated_keys(document):
        raise ValidationFailed(str(path), found)
    return document
