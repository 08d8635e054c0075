"""The indicator catalogue (indicators/catalogue/*.yaml): load, check and look up entries."""

import difflib
import re
from functools import cache
from pathlib import Path

import yaml

from indicators import aggregation
from kernel.settings import LmoError
from kernel.vocabulary import SA_METHODS as METHODS

CATALOGUE_DIR = Path(__file__).with_name("catalogue")
LANGUAGES = ("en", "fr", "de")
# Languages a name or definition may have; any other key is a YAML slip (an unquoted comma in `{en: a, b}`).
TEXT_LANGUAGES = ("en", "fr", "de", "it", "ar")
REQUIRED = ("id", "name", "definition", "unit", "decimals", "kind", "concept", "frequency",
            "breakdowns", "source", "higher_is_better", "aggregation")
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
    stray = [key for field in ("name", "definition") for key in entry[field] if key not in TEXT_LANGUAGES]
    if stray:
        raise ValueError(f"catalogue entry {entry['id']!r}: name or definition keys {stray} are not languages "
                         "(quote texts that contain a comma)")
    if entry["kind"] not in KINDS:
        raise ValueError(f"catalogue entry {entry['id']!r}: kind {entry['kind']!r} not in {KINDS}")
    if not entry.get("from") and not entry.get("formula"):
        raise ValueError(f"catalogue entry {entry['id']!r}: needs `from` or `formula`")
    _check_formula(entry)
    _check_seasonal(entry)
    aggregation.check(entry)
    return entry


def _check_seasonal(entry: dict) -> None:
    spec = entry.get("seasonal_adjustment")
    if spec is None:
        return
    methods = [spec.get("method"), *([spec["fallback"].get("method")] if spec.get("fallback") else [])]
    if any(m not in METHODS for m in methods) or not spec.get("min_years") or not spec.get("country"):
        raise ValueError(f"catalogue entry {entry['id']!r}: seasonal_adjustment needs a method and fallback in "
                         f"{sorted(METHODS)}, min_years and country")


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
    checked = tuple(check_entry(entry) for entry in entries)
    aggregation.check_ratio_inputs(checked)
    _check_unique_names(checked)
    return checked


def _check_unique_names(entries) -> None:
    """Two indicators with one name in a language could not be told apart in any list."""
    for lang in TEXT_LANGUAGES:
        names = [e["name"][lang] for e in entries if e["name"].get(lang)]
        shared = sorted({n for n in names if names.count(n) > 1})
        if shared:
            raise ValueError(f"catalogue: names shared by several indicators in {lang!r}: {shared}")


# Plausible values by unit where an entry declares no `range: [low, high]`: percentages of a whole, counts.
UNIT_RANGES = {"percent": (0.0, 100.0), "persons": (0.0, None), "positions": (0.0, None), "days": (0.0, None)}


def value_range(item: dict) -> tuple[float | None, float | None]:
    """The interval a level of this indicator must lie in (None: unbounded on that side)."""
    if "range" in item:
        low, high = item["range"]
        return low, high
    return UNIT_RANGES.get(item["unit"], (None, None))


def entry(indicator: str) -> dict:
    for item in catalogue():
        if item["id"] == indicator:
            return item
    ids = [item["id"] for item in catalogue()]
    close = difflib.get_close_matches(str(indicator), ids, n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(map(repr, close))}?" if close else f"known: {', '.join(ids)}"
    raise LmoError(f"unknown indicator {indicator!r}; {hint}")


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


def seasonal_specs() -> dict[str, dict]:
    """Indicator → its `seasonal_adjustment` declaration: the only series LMO adjusts (indicators/seasonal.py)."""
    return {item["id"]: item["seasonal_adjustment"] for item in catalogue() if item.get("seasonal_adjustment")}


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
