"""Languages: labels from dashboard/i18n/*.yaml and the catalogue, numbers and dates through Babel."""

import datetime as dt
import json
from functools import cache
from pathlib import Path

import yaml
from babel import Locale
from babel.dates import format_date, get_day_names, get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol, parse_pattern

from indicators.catalog import entry
from indicators.codelists import codelist
from kernel.vocabulary import LANGS

DEFAULT = "en"
# Arabic numbers as CLDR writes them for Morocco and Tunisia (Latin digits, 1.234,5; identical for ar_TN and
# ar_DZ); month names in Modern Standard Arabic (`ar`), not the Moroccan or Tunisian month names (README).
LOCALES = {"en": "en", "fr": "fr_CH", "de": "de_CH", "it": "it_CH", "ar": "ar_MA"}
DATE_LOCALES = LOCALES | {"ar": "ar"}
I18N = Path(__file__).with_name("i18n")


def normalize(lang) -> str:
    """A supported language; anything else (callback values are user input, of any JSON type) the default."""
    return lang if isinstance(lang, str) and lang in LANGS else DEFAULT


def direction(lang: str | None) -> str:
    """`rtl` for a language written right to left (CLDR's character order), else `ltr`."""
    return "rtl" if Locale.parse(LOCALES[normalize(lang)]).character_order == "right-to-left" else "ltr"


@cache
def _strings(lang: str) -> dict:
    return yaml.safe_load((I18N / f"{lang}.yaml").read_text(encoding="utf-8"))


def lookup(tree: dict, key: str):
    """The value at a dotted key of nested dicts, None where a part is missing."""
    for part in key.split("."):
        if not isinstance(tree, dict) or part not in tree:
            return None
        tree = tree[part]
    return tree


def english(key: str):
    """The English label (or section of labels) at `key`, None where there is none."""
    return lookup(_strings(DEFAULT), key)


def t(key: str, lang: str, **values) -> str:
    """The label `key` (dotted path) in `lang`, falling back to English, then to the key itself."""
    text = lookup(_strings(normalize(lang)), key) or lookup(_strings(DEFAULT), key) or key
    return text.format(**values) if values else text


def number(value, lang: str, decimals: int = 1) -> str:
    if value is None or value != value:
        return "–"
    pattern, locale = number_format(normalize(lang), decimals)
    return pattern.apply(value, locale)


@cache
def number_format(lang: str, decimals: int):
    """Babel's parsed pattern and locale (parsing them for each number cost most of a table's time)."""
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals > 0 else "")), Locale.parse(LOCALES[lang])


def signed(value, lang: str, decimals: int = 1) -> str:
    text = number(value, lang, decimals)
    return text if text == "–" or text.startswith("-") else "+" + text


def separators(lang: str) -> str:
    """Plotly's layout.separators: decimal mark then thousands separator, from the Babel locale."""
    locale = LOCALES[normalize(lang)]
    return get_decimal_symbol(locale) + get_group_symbol(locale)


@cache
def period_label(period: str, lang: str) -> str:
    """`2026-07` → `juil. 2026` / `Juli 2026`; quarters, years and impossible months (year 0) unchanged."""
    if len(period) == 7 and period[4] == "-" and period[:4].isdigit() and period[5:].isdigit():
        try:
            month = dt.date(int(period[:4]), int(period[5:]), 1)
        except ValueError:
            return period
        return format_date(month, "MMM y", locale=DATE_LOCALES[normalize(lang)])
    return period


def indicator_name(indicator: str, lang: str) -> str:
    names = entry(indicator)["name"]
    return names.get(normalize(lang)) or names["en"]


def definition(indicator: str, lang: str) -> str:
    texts = entry(indicator)["definition"]
    return texts.get(normalize(lang)) or texts["en"]


def geo_name(code: str, lang: str) -> str:
    return geo_names(normalize(lang)).get(code, code)


@cache
def geo_names(lang: str) -> dict[str, str]:
    """Countries in the language (CLDR through Babel), then the code lists' own names (cantons, regions)."""
    names = {code: name for code, name in Locale.parse(LOCALES[lang]).territories.items() if len(code) == 2}
    for listed in ("geo", "regions"):
        geo = codelist(listed)
        column = f"name_{lang}" if f"name_{lang}" in geo.columns else "name_en"
        names.update(zip(geo["code"], geo[column]))
    return names


def unit(indicator_unit: str, lang: str) -> str:
    """The catalogue's unit (`persons`, `local currency`) in words of `lang`; an unknown unit as written."""
    key = f"unit.{indicator_unit.replace(' ', '_')}"
    return t(key, lang) if lookup(_strings(DEFAULT), key) else indicator_unit


@cache
def programme_names(lang: str) -> dict[str, str]:
    """Programme and LMP-category codes → names (data/codelists/programmes.csv, lmp_categories.csv)."""
    names = {}
    for name in ("lmp_categories", "programmes"):
        codes = codelist(name)
        column = f"name_{lang}" if f"name_{lang}" in codes.columns else "name_en"
        names.update(zip(codes["code"], codes[column]))
    return names


@cache
def occupation_names(lang: str) -> dict[str, str]:
    """ISCO-08 / CH-ISCO-19 codes (`96`, `ISCO08_96`) → names (data/codelists)."""
    names = {}
    for name in ("isco08", "ch_isco19"):
        codes = codelist(name)
        names.update((code, local or english) for code, local, english in
                     zip(codes["code"], codes.get(f"name_{lang}", codes["name_en"]), codes["name_en"]))
    return names


def code_label(dimension: str, code: str, lang: str) -> str:
    """A breakdown code (sex F, age Y15-24, a programme ...) in words where a code list or dashboard/i18n
    has them, else the code."""
    if dimension == "programme" and code in programme_names(normalize(lang)):
        return programme_names(normalize(lang))[code]
    if dimension == "occupation" and code in occupation_names(normalize(lang)):
        return f"{code.removeprefix('ISCO08_')} {occupation_names(normalize(lang))[code]}"
    key = f"code.{dimension}.{code}"
    return t(key, lang) if lookup(_strings(DEFAULT), key) else code


def flag(code: str, lang: str) -> str:
    return t(f"flag.{code}", lang)


def _names(kind, width: str, locale: str) -> list[str]:
    return [name for _, name in sorted(kind(width, "stand-alone", locale).items())]


def plotly_dates(lang: str) -> dict:
    """Month and day names for Plotly's date axes (`%b %Y` → `juil. 2026`), from Babel (days: Sunday first)."""
    locale = LOCALES[lang]
    days, short_days = _names(get_day_names, "wide", locale), _names(get_day_names, "abbreviated", locale)
    # every key of a Plotly locale format (the extra ones too): a partial one breaks plotly.js's date ticks
    return {"months": _names(get_month_names, "wide", locale),
            "shortMonths": _names(get_month_names, "abbreviated", locale),
            "days": days[-1:] + days[:-1], "shortDays": short_days[-1:] + short_days[:-1],
            "periods": ["AM", "PM"], "dateTime": "%x %X", "date": "%d.%m.%Y", "time": "%H:%M:%S",
            "decimal": get_decimal_symbol(locale), "thousands": get_group_symbol(locale), "grouping": [3],
            "currency": ["", ""], "year": "%Y", "month": "%b %Y", "dayMonth": "%-d %b", "dayMonthYear": "%-d %b %Y"}


def plotly_locales() -> str:
    """A script registering the `plotly` texts of each language as Plotly locales (read by plotly.js at load)."""
    locales = [{"moduleType": "locale", "name": lang, "dictionary": _strings(lang).get("plotly", {}),
                "format": plotly_dates(lang)} for lang in LANGS]
    return f"window.PlotlyLocales = (window.PlotlyLocales || []).concat({json.dumps(locales, ensure_ascii=False)});"


def pager_labels() -> str:
    """A script naming the DataTable pager's buttons in each language (it draws them as bare icons):
    assets/lmo.js gives them these names as aria-label."""
    labels = {lang: _strings(lang).get("pager", {}) for lang in LANGS}
    return f"window.LMO_PAGER = {json.dumps(labels, ensure_ascii=False)};"
