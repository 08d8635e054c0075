"""The bulletin's and the bundle's own texts, one YAML file per language in publish/i18n (English when missing)."""

from functools import cache
from pathlib import Path

import yaml

from dashboard.lang import lookup

RTL = frozenset({"ar"})
I18N = Path(__file__).with_name("i18n")


@cache
def strings(lang: str) -> dict:
    path = I18N / f"{lang}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


def text(key: str, lang: str, **values) -> str:
    """The text `key` (dotted) in `lang`, else in English, else the key itself."""
    found = lookup(strings(lang), key) or lookup(strings("en"), key) or key
    return found.format(**values) if values else found


def direction(lang: str) -> str:
    return "rtl" if lang in RTL else "ltr"
