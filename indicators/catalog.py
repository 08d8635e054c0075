"""The indicator catalogue (indicators/catalogue/*.yaml): load, check and look up entries."""

import re
from functools import cache
from pathlib import Path

import yaml

from lmo.settings import LmoError

CATALOGUE_DIR = Path(__file__).with_name("catalogue")
LANGUAGES = ("en", "fr", "de")
REQUIRED = ("id", "name", "definition", "unit", "decimals", "kind", "concept", "frequency",
            "breakdowns", "source", "higher_is_better", "annual")
KINDS = ("count", "rate", "ratio", "amount", "duration", "flag")
# A formula is arithmetic over its named inputs only: never free SQL.
FORMULA = re.compile(r"^[a-z_0-9 .,+\-*/()]+$")


def _check_formula(entry: dict) -> None:
    formula, inputs = entry.get("formula"), entry.get("inputs") or {}
    if formula is None:
        return
    names = set(re.findall(r"[a-z_][a-z_0-9]*", formula)) - {"nullif"}
    if not FORMULA.match(formula) or names - set(inputs):
        raise ValueError(f"catalogue entry {entry['id']!r}: formula {formula!r} uses unknown names "
                         f"{sorted(names - set(inputs))} or characters")


def check_entry(entry: dict) -> dict:
    missing = [key for key in REQUIRED if key not in entry]
    texts = [lang for lang in LANGUAGES for key in ("name", "definition") if not entry.get(key, {}).get(lang)]
    if missing or texts:
        raise ValueError(f"catalogue entry {entry.get('id')!r}: missing {missing + texts}")
    if entry["kind"] not in KINDS:
        raise ValueError(f"catalogue entry {entry['id']!r}: kind {entry['kind']!r} not in {KINDS}")
    if not entry.get("from") and not entry.get("formula"):
        raise ValueError(f"catalogue entry {entry['id']!r}: needs `from` or `formula`")
    _check_formula(entry)
    return entry


@cache
def catalogue() -> tuple[dict, ...]:
    entries = [item for path in sorted(CATALOGUE_DIR.glob("*.yaml"))
               for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []]
    ids = [entry["id"] for entry in entries]
    duplicated = {i for i in ids if ids.count(i) > 1}
    if duplicated:
        raise ValueError(f"catalogue: ids declared twice: {sorted(duplicated)}")
    known = set(ids)
    for item in entries:
        unknown = {ref for ref in (item.get("inputs") or {}).values() if isinstance(ref, str)} - known
        if unknown:
            raise ValueError(f"catalogue entry {item['id']!r}: inputs {sorted(unknown)} are not indicators")
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


def internal_id(item: dict, name: str) -> str:
    """The hidden indicator an input declared with its own `from` list becomes (never published)."""
    return f"_{item['id']}__{name}"


def input_indicators(item: dict) -> dict[str, str]:
    """Formula input name → the indicator id it reads."""
    return {name: internal_id(item, name) if isinstance(ref, dict) else ref
            for name, ref in (item.get("inputs") or {}).items()}


def source_lists() -> dict[str, list[dict]]:
    """Every indicator that reads core directly (catalogue ids and hidden inputs) → its `from` list."""
    lists = {item["id"]: item["from"] for item in catalogue() if item.get("from")}
    for item in catalogue():
        for name, ref in (item.get("inputs") or {}).items():
            if isinstance(ref, dict):
                lists[internal_id(item, name)] = ref["from"]
    return lists


def derivation_order() -> list[dict]:
    """Formula indicators, each after the formula indicators it uses."""
    pending = {item["id"]: item for item in catalogue() if item.get("formula")}
    ordered: list[dict] = []
    while pending:
        ready = [i for i, item in pending.items() if not set(input_indicators(item).values()) & set(pending)]
        if not ready:
            raise ValueError(f"catalogue: formulas depend on each other in a cycle: {sorted(pending)}")
        ordered += [pending.pop(i) for i in sorted(ready)]
    return ordered
