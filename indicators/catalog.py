"""The indicator catalogue (indicators/catalogue/*.yaml): load, check and look up entries."""

from functools import cache
from pathlib import Path

import yaml

from lmo.settings import LmoError

CATALOGUE_DIR = Path(__file__).with_name("catalogue")
LANGUAGES = ("en", "fr", "de")
REQUIRED = ("id", "name", "definition", "unit", "decimals", "kind", "concept", "frequency",
            "breakdowns", "source", "higher_is_better", "annual")
KINDS = ("count", "rate", "ratio", "amount", "duration")


def check_entry(entry: dict) -> dict:
    missing = [key for key in REQUIRED if key not in entry]
    texts = [lang for lang in LANGUAGES for key in ("name", "definition") if not entry.get(key, {}).get(lang)]
    if missing or texts:
        raise ValueError(f"catalogue entry {entry.get('id')!r}: missing {missing + texts}")
    if entry["kind"] not in KINDS:
        raise ValueError(f"catalogue entry {entry['id']!r}: kind {entry['kind']!r} not in {KINDS}")
    return entry


@cache
def catalogue() -> tuple[dict, ...]:
    entries = [item for path in sorted(CATALOGUE_DIR.glob("*.yaml"))
               for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []]
    ids = [entry["id"] for entry in entries]
    duplicated = {i for i in ids if ids.count(i) > 1}
    if duplicated:
        raise ValueError(f"catalogue: ids declared twice: {sorted(duplicated)}")
    return tuple(check_entry(entry) for entry in entries)


def entry(indicator: str) -> dict:
    for item in catalogue():
        if item["id"] == indicator:
            return item
    known = ", ".join(item["id"] for item in catalogue())
    raise LmoError(f"unknown indicator {indicator!r}; known: {known}")


def label(indicator: str, lang: str = "en") -> str:
    names = entry(indicator)["name"]
    return names.get(lang) or names["en"]
