"""Source lines in the page's language: the connectors' phrases through the `source` labels, titles as written."""

import re
from functools import cache

from dash import html

from dashboard import lang as L

PLACEHOLDER = re.compile(r"\{(\w+)\}")
DATASET = re.compile(r"(?P<kind>[a-z_]+?)_(?P<geo>[a-z]{2})")  # synthetic_register_ch: a register and its country


@cache
def phrases() -> tuple[tuple[str, re.Pattern], ...]:
    """Each `source` label with its English text as a pattern (its placeholders as groups), longest first."""
    found = []
    for key, text in L.english("source").items():
        parts = PLACEHOLDER.split(text)
        # a value within a phrase (a table number, a method) never spans a bracket: else a phrase wrapping
        # another (seasonally adjusted {source}) would be read as the inner one with the rest as its value
        pattern = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" if p == "source" else f"(?P<{p}>[^()]+?)"
                          for i, p in enumerate(parts))
        found.append((key, re.compile(pattern)))
    return tuple(sorted(found, key=lambda item: -len(item[1].pattern)))


def fill(template: str, values: dict) -> list:
    """A label with its placeholders replaced by texts or components."""
    parts = PLACEHOLDER.split(template)
    out = [part if i % 2 == 0 else values[part] for i, part in enumerate(parts)]
    return [piece for part in out for piece in (part if isinstance(part, list) else [part]) if piece != ""]


def translated(source: str, lang: str) -> list:
    """One source: a phrase a connector builds, in `lang` (a {source} within it translated in turn, {datasets} by
    name); else a title quoted as its publisher wrote it, marked as English (as connectors and the catalogue do)."""
    for key, pattern in phrases():
        if match := pattern.fullmatch(source):
            values = {name: translated(value, lang) if name == "source" else
                      ", ".join(dataset_name(d, lang) for d in value.split(", ")) if name == "datasets" else value
                      for name, value in match.groupdict().items()}
            return fill(L.t(f"source.{key}", lang), values)
    return [html.Span(source, lang="en")]


def source_parts(sources: str, lang: str) -> list:
    """Sources separated by "; ", each translated."""
    out = []
    for i, source in enumerate(sources.split("; ")):
        out += (["; "] if i else []) + translated(source, lang)
    return out


def dataset_name(dataset: str, lang: str) -> str:
    """A register dataset by name: `synthetic_register_ch` → "synthetic register (Switzerland)"."""
    match = DATASET.fullmatch(dataset)
    if match and L.english(f"dataset.{match['kind']}"):
        return L.t(f"dataset.{match['kind']}", lang, country=L.geo_name(match["geo"].upper(), lang))
    return dataset


def plain(parts) -> str:
    """The text of a source line (components' texts joined)."""
    if isinstance(parts, list):
        return "".join(plain(part) for part in parts)
    return parts if isinstance(parts, str) else plain(parts.children)
