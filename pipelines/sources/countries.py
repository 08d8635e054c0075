"""Country names and codes publishers use, mapped to ISO 3166-1 alpha-2 (data/codelists)."""

from functools import cache

import pandas as pd

from indicators.codelists import codelist


@cache
def alpha2_lookup() -> dict[str, str]:
    """Upper-cased alpha-2, alpha-3, English name or known alias -> alpha-2."""
    countries = codelist("countries")
    keys = {}
    for column in ("alpha2", "alpha3", "name_en"):
        keys |= dict(zip(countries[column].str.upper(), countries["alpha2"]))
    aliases = codelist("country_aliases")
    return keys | dict(zip(aliases["alias"].str.upper(), aliases["alpha2"]))


def to_alpha2(values: pd.Series) -> pd.Series:
    """Alpha-2 codes; NA where the value is no country (a region, income group or other aggregate)."""
    return values.astype(str).str.strip().str.upper().map(alpha2_lookup())


def skipped_aggregates(values: pd.Series, codes: pd.Series) -> dict[str, int]:
    """How many rows each non-country value had (for the load summary)."""
    return values[codes.isna()].value_counts().sort_index().to_dict()
