"""Code lists kept as CSV files in data/codelists, read once per process."""

from functools import cache

import pandas as pd

from kernel.settings import DATA_DIR

CODELISTS = DATA_DIR / "codelists"


@cache
def codelist(name: str) -> pd.DataFrame:
    return pd.read_csv(CODELISTS / f"{name}.csv", dtype=str, keep_default_na=False)


def canton_abbreviations() -> list[str]:
    geo = codelist("geo")
    return geo.loc[geo["level"] == "canton", "abbreviation"].tolist()


def cantons() -> list[str]:
    """ISO 3166-2 codes of the 26 cantons, in FSO order."""
    geo = codelist("geo")
    return geo.loc[geo["level"] == "canton", "code"].tolist()


def geo_name(code: str, lang: str = "en") -> str:
    geo = codelist("geo").set_index("code")
    return geo.at[code, f"name_{lang}"] if code in geo.index else code


@cache
def countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes (from babel's CLDR territories; XK Kosovo and EU included, ZZ not)."""
    from babel import Locale

    return frozenset(k for k in Locale("en").territories if len(k) == 2 and k.isalpha() and k != "ZZ")


@cache
def swiss_geos() -> frozenset[str]:
    return frozenset(codelist("geo")["code"])


def known_geo(code: str) -> bool:
    """A country, or a subdivision: Swiss ones must be cantons of the code list."""
    country, _, sub = str(code).partition("-")
    if country not in countries():
        return False
    return not sub or country != "CH" or code in swiss_geos()
