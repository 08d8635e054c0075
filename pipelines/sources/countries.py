"""Country names (en, fr, es, de) and codes publishers use, mapped to ISO 3166-1 alpha-2; declared aggregates skipped."""

import re
from functools import cache

import pandas as pd
import pandera.pandas as pa
from babel import Locale

from indicators.codelists import codelist
from pipelines.sources.labels import plain

UNKNOWN = ("code list country (ISO 3166, data/codelists/country_aliases.csv; "
           "aggregates and regions are declared in data/codelists/out_of_scope_geo.csv)")


NAME_LANGUAGES = ("fr", "es", "de")  # ILOSTAT publishes in en/fr/es, Eurostat in en/fr/de


def key(values: pd.Series) -> pd.Series:
    """Values as compared: upper case without accents, one kind of dash and apostrophe, single spaces."""
    text = values.astype(str).map(plain).str.upper().str.replace(r"[\u2013\u2014]", "-", regex=True)
    return text.str.replace(r"\s+", " ", regex=True)


def cldr_names(known: set[str]) -> dict[str, str]:
    """Country names in French, Spanish and German from the Unicode CLDR (Babel) -> alpha-2."""
    names = {}
    for language in NAME_LANGUAGES:
        names |= {name: code for code, name in Locale(language).territories.items() if code in known}
    return names


@cache
def alpha2_lookup() -> dict[str, str]:
    """Upper-cased alpha-2, alpha-3, English name or known alias -> alpha-2."""
    countries = codelist("countries")
    cldr = cldr_names(set(countries["alpha2"]))
    keys = dict(zip(key(pd.Series(list(cldr))), cldr.values()))
    for column in ("alpha2", "alpha3", "name_en"):
        keys |= dict(zip(key(countries[column]), countries["alpha2"]))
    aliases = codelist("country_aliases")
    return keys | dict(zip(key(aliases["alias"]), aliases["alpha2"]))


def to_alpha2(values: pd.Series) -> pd.Series:
    """Alpha-2 codes; NA where the value is no country (a region, income group or other aggregate)."""
    return key(values).map(alpha2_lookup())


@cache
def out_of_scope_rules(source: str) -> tuple[dict[str, str], list[tuple[re.Pattern, str]]]:
    """A publisher's declared non-countries: exact codes or labels, and patterns (starting with ^)."""
    rules = codelist("out_of_scope_geo")
    rules = rules[rules["source"] == source]
    exact = rules[~rules["match"].str.startswith("^")]
    patterns = rules[rules["match"].str.startswith("^")]
    return (dict(zip(key(exact["match"]), exact["reason"])),
            [(re.compile(match), reason) for match, reason in zip(patterns["match"], patterns["reason"])])


@cache
def cldr_regions() -> dict[str, str]:
    """World regions and unions by their CLDR names in English, French, Spanish and German -> reason."""
    names = {name for language in ("en", *NAME_LANGUAGES) for code, name in Locale(language).territories.items()
             if code.isdigit() or code in ("EU", "EZ", "UN")}
    return dict.fromkeys(key(pd.Series(sorted(names))), "aggregate of countries (world region, CLDR name)")


def out_of_scope(values: pd.Series, source: str) -> pd.Series:
    """Why each value is left out (an aggregate, a region...), NA for anything not declared."""
    exact, patterns = out_of_scope_rules(source)
    reasons = key(values).map(exact).fillna(key(values).map(cldr_regions()))
    for pattern, reason in patterns:  # codes are matched as written: a mistyped label is no NUTS code
        reasons = reasons.fillna(values.astype(str).str.strip().map(lambda v, p=pattern, r=reason: r if p.match(v) else None))
    return reasons


def known(values: pd.Series, source: str) -> pd.Series:
    return to_alpha2(values).notna() | out_of_scope(values, source).notna()


def country_check(source: str, code=None) -> pa.Check:
    """Each value is a country or a declared aggregate/region (`code` first extracts the code from the cell)."""
    return pa.Check(lambda s: known(s.map(code) if code else s, source), element_wise=False, error=UNKNOWN)


def split_countries(values: pd.Series, source: str) -> tuple[pd.Series, dict[str, int]]:
    """Alpha-2 codes (NA where out of scope) and, per reason, how many rows are left out and which values."""
    codes = to_alpha2(values)
    reasons = out_of_scope(values[codes.isna()], source)
    skipped = {}
    for reason, group in values[codes.isna()].groupby(reasons, sort=True):
        names = sorted(group.unique())
        shown = ", ".join(names[:6]) + (f" … {len(names)} in all" if len(names) > 6 else "")
        skipped[f"{reason}: {shown}"] = len(group)
    return codes, skipped
