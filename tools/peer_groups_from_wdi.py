"""Write data/codelists/peer_groups.csv: the places' own comparison groups, then the World Bank's MENA region
and income groups read from the WDI country metadata shipped in data/worldbank (see data/codelists/SOURCE.md)."""

import csv
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
OUT = DATA / "codelists" / "peer_groups.csv"
METADATA = next((DATA / "worldbank").glob("Metadata_Country_*.csv"))
WDI = "World Bank, WDI country metadata (CLASS), " + METADATA.name
CANTONS = "LMO: language regions of the cantons (Latin: French- and Italian-speaking, Art. 70 Cst.)"
AMU = "Treaty establishing the Arab Maghreb Union, Marrakesh, 17 February 1989 (DZ, LY, MA, MR, TN)"
MAGHREB = ["MA", "TN", "MR", "DZ", "LY"]
GROUPS = {"Middle East & North Africa": "MENA", "High income": "INCOME_HIGH", "Upper middle income": "INCOME_UPPER_MIDDLE",
          "Lower middle income": "INCOME_LOWER_MIDDLE", "Low income": "INCOME_LOW"}


def alpha2() -> dict[str, str]:
    codes = {}
    for name in ("countries", "country_aliases"):
        with (DATA / "codelists" / f"{name}.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                codes[row.get("alpha3") or row["alias"]] = row["alpha2"]
    return codes


def main() -> None:
    with OUT.open(encoding="utf-8") as handle:
        cantons = [row for row in csv.DictReader(handle) if row["geo"].startswith("CH-")]
    rows = [(row["geo"], row["peer_group"], CANTONS) for row in cantons] + [(geo, "MAGHREB", AMU) for geo in MAGHREB]
    codes = alpha2()
    with METADATA.open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            for field in ("Region", "IncomeGroup"):
                if row[field] in GROUPS and row["Country Code"] in codes:
                    rows.append((codes[row["Country Code"]], GROUPS[row[field]], WDI))
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["geo", "peer_group", "source"])
        writer.writerows(rows)
    print(f"{OUT}: {len(rows)} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
