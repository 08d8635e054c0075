"""Code lists kept as CSV files in data/codelists, read once per process."""

import csv
from functools import cache

from kernel.settings import DATA_DIR

CODELISTS = DATA_DIR / "codelists"


@cache
def codelist(name: str):
    """The code list as a DataFrame of text (empty cells stay empty strings)."""
    import pandas as pd

    return pd.read_csv(CODELISTS / f"{name}.csv", dtype=str, keep_default_na=False)


@cache
def column(name: str, field: str) -> tuple[str, ...]:
    """One column of a code list, read without pandas (the CLI checks codes before it needs pandas)."""
    with open(CODELISTS / f"{name}.csv", encoding="utf-8", newline="") as file:
        return tuple(row[field] for row in csv.DictReader(file))


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
    return frozenset(column("geo", "code"))


@cache
def regions() -> frozenset[str]:
    """ISO 3166-2 codes of the first-level regions of Morocco, Tunisia and Mauritania (regions.csv)."""
    return frozenset(column("regions", "code"))


@cache
def listed_countries() -> frozenset[str]:
    """Countries whose subdivisions a code list holds: any other subdivision of theirs is unknown."""
    return frozenset({"CH"} | set(column("regions", "country")))


def known_geo(code: str) -> bool:
    """A country, or a subdivision: those of Switzerland and the Maghreb countries must be in their code list."""
    country, _, sub = str(code).partition("-")
    if country not in countries():
        return False
    return not sub or country not in listed_countries() or code in swiss_geos() | regions()


def region_names(country: str, lang: str = "en") -> dict[str, str]:
    """Region code → name in `lang` (fr, ar or en) for one country, in code order."""
    listed = codelist("regions")
    rows = listed[listed["country"] == country]
    return dict(zip(rows["code"], rows.get(f"name_{lang}", rows["name_en"])))
