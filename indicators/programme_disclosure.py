"""Disclosure control of the programme monitoring indicators: small cells C, cells that would give them back D."""

import numpy as np
import pandas as pd

from indicators import linked, linked_protection
from indicators.disclosure import FREE, PRIMARY, SECONDARY, min_cell, protect_parts
from indicators.model import TOTAL

COUNTS = ("programme_participants", "programme_entrants", "programme_exits")
# stock(m) = stock(m−1) + entrants(m) − exits(m): the stock and its flows are one linked table
FLOW = ("programme_participants", "programme_entrants", "programme_exits")
# Rates on the participants of their cell: with the job seekers (published) they give the count back.
ON_PARTICIPANTS = ("programme_coverage", "programme_representation")
BREAKDOWNS = ("sex", "age", "cit")
ACTIVATION, MEASURES = "LMP_2-7", [f"LMP_{k}" for k in range(2, 8)]  # Eurostat's "measures", categories 2-7
RANK = {FREE: 0, SECONDARY: 1, PRIMARY: 2}


def _partitions(programme: np.ndarray, lmp_of: dict[str, str]) -> list[tuple[np.ndarray, str]]:
    """The ways the programme column adds up: codes to `_T`, LMP categories to `_T`, each category's
    codes to the category, categories 2–7 to LMP_2-7 (rows in the partition, its margin)."""
    categories = sorted(set(lmp_of.values()))
    is_total = programme == TOTAL
    ways = [(is_total | np.isin(programme, list(lmp_of)), TOTAL), (is_total | np.isin(programme, categories), TOTAL),
            (np.isin(programme, [*MEASURES, ACTIVATION]), ACTIVATION)]
    for category in categories:
        codes = [code for code, c in lmp_of.items() if c == category]
        ways.append((np.isin(programme, [*codes, category]), category))
    return ways


def programme_ways(lmp_of: dict[str, str]) -> linked.Ways:
    """How the programme codes add up (`lmp_of` gives each code's LMP category), as `_partitions` does."""
    def ways(codes: list[str]) -> list[tuple[str, list[str]]]:
        categories = sorted({c for c in codes if c.startswith("LMP_") and c != ACTIVATION})
        out = [(TOTAL, [c for c in codes if c in lmp_of]), (TOTAL, categories),
               (ACTIVATION, [c for c in categories if c in MEASURES])]
        return out + [(k, [c for c in codes if lmp_of.get(c) == k]) for k in categories]
    return ways


def linked_ways(lmp_of: dict[str, str]) -> dict[str, linked.Ways]:
    """Every dimension's ways of adding up: places to their country, programmes, breakdowns to `_T`."""
    return {"geo": linked.regions, "programme": programme_ways(lmp_of),
            **{b: linked.breakdown for b in BREAKDOWNS}}


def table_parts(cells: pd.DataFrame, lmp_of: dict[str, str]) -> list[tuple]:
    """The additive tables of the count cells: geo × programme without breakdown, and at country
    level each breakdown (sex, age, citizenship) × programme, for every way the programmes add up."""
    at_total = {b: cells[b].to_numpy(dtype=object) == TOTAL for b in BREAKDOWNS}
    national = (cells["geo"] == cells["country"]).to_numpy()
    parts = []
    for in_way, margin in _partitions(cells["programme"].to_numpy(dtype=object), lmp_of):
        parts.append((in_way & np.logical_and.reduce(list(at_total.values())), "geo", "programme", (None, margin)))
        for b in BREAKDOWNS:
            others = np.logical_and.reduce([at_total[o] for o in BREAKDOWNS if o != b])
            parts.append((in_way & national & others, b, "programme", (TOTAL, margin)))
    return parts


def _small(values: pd.Series, threshold: int) -> np.ndarray:
    return ((values > 0) & (values < threshold)).to_numpy()


def _worst(*statuses: np.ndarray) -> np.ndarray:
    ranks = np.stack([pd.Series(s).fillna(FREE).map(RANK).to_numpy() for s in statuses])
    return np.array([PRIMARY if r == 2 else SECONDARY if r == 1 else FREE for r in ranks.max(axis=0)], dtype=object)


def _inherited(rates: pd.DataFrame, cells: pd.DataFrame) -> np.ndarray:
    """Status of the participants a coverage or representation rests on: its own cell and, for the
    representation (relative to all participants of the programme), the cell without breakdown."""
    keys = ["dataset", "period", "geo", "programme", "sex", "age", "cit"]
    participants = cells.loc[cells["measure"] == "programme_participants", [*keys, "conf_status"]]
    own = rates[keys].merge(participants, on=keys, how="left")["conf_status"]
    whole = participants[participants[list(BREAKDOWNS)].eq(TOTAL).all(axis=1)].drop(columns=list(BREAKDOWNS))
    programme = rates[keys[:4]].merge(whole, on=keys[:4], how="left")["conf_status"]
    on_cell, relative = rates["measure"].isin(ON_PARTICIPANTS), rates["measure"] == "programme_representation"
    return _worst(own.where(on_cell.to_numpy()), programme.where(relative.to_numpy()))


def protect(values: pd.DataFrame, lmp_of: dict[str, str], threshold: int | None = None) -> pd.DataFrame:
    """prog_values with conf_status set and withheld values NaN: person counts below the threshold C and
    their secondary cells D (per table, then over the linked tables: stock–flow, annual values); coverage
    and representation as the participants they rest on; every rate or mean whose numerator or denominator
    is below the threshold C."""
    threshold = min_cell() if threshold is None else threshold
    values = values.reset_index(drop=True).assign(country=lambda f: f["geo"].str.split("-").str[0])
    counts = values["measure"].isin(COUNTS).to_numpy()
    cells = protect_parts(values[counts].assign(n=values.loc[counts, "value"]), table_parts(values[counts], lmp_of),
                          ["dataset", "country", "period", "measure"], threshold)
    cells = linked_protection.protect(cells, linked_ways(lmp_of), [FLOW], ["age"],
                                      linked_protection.annual_of_months(COUNTS))
    rates = values[~counts].reset_index(drop=True)
    small = _small(rates["numerator"], threshold) | _small(rates["denominator"], threshold)
    rates["conf_status"] = _worst(np.where(small, PRIMARY, FREE), _inherited(rates, cells))
    rates.loc[rates["conf_status"] != FREE, "value"] = np.nan
    return pd.concat([cells.drop(columns="n"), rates], ignore_index=True).drop(columns="country")
