"""Code lists kept as CSV files in data/codelists, read once per process."""

from functools import cache

import pandas as pd

from lmo.settings import DATA_DIR

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
