"""Write data/codelists/countries.csv from the Unicode CLDR data shipped with babel."""

import csv
import sys
from pathlib import Path

from babel import Locale
from babel.core import get_global

OUT = Path(__file__).resolve().parent.parent / "data" / "codelists" / "countries.csv"
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}
# Withdrawn alpha-3 codes CLDR still lists as aliases (France métropolitaine, Zaire, East Timor, Burma).
WITHDRAWN = {"FXX", "ZAR", "TMP", "BUR"}
LANGS = ("en", "fr", "de", "it", "ar")


def main() -> None:
    alpha3 = {targets[0]: code for code, targets in get_global("territory_aliases").items()
              if len(code) == 3 and code.isalpha() and len(targets) == 1 and code not in WITHDRAWN}
    names = {lang: Locale(lang).territories for lang in LANGS}
    codes = sorted(c for c in names["en"] if len(c) == 2 and c.isalpha() and c not in NOT_COUNTRIES and c in alpha3)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["alpha2", "alpha3", *(f"name_{lang}" for lang in LANGS)])
        for code in codes:
            writer.writerow([code, alpha3[code], *(names[lang][code] for lang in LANGS)])
    print(f"{OUT}: {len(codes)} countries", file=sys.stderr)


if __name__ == "__main__":
    main()
