"""Disclosure control: small cells withheld, and no withheld cell recoverable from the published ones."""

import numpy as np
import pandas as pd
import pytest

from indicators.disclosure import protect, suppress

REGIONS = ["CH-A", "CH-B", "CH-C", "CH-D"]


def two_way(cells: dict) -> pd.DataFrame:
    """An additive geo × sex table with its margins (`_T`) and the national row."""
    rows = [(g, s, cells[g, s]) for g in REGIONS for s in "MF"]
    rows += [(g, "_T", cells[g, "M"] + cells[g, "F"]) for g in REGIONS]
    rows += [("CH", s, sum(cells[g, s] for g in REGIONS)) for s in "MF"]
    rows += [("CH", "_T", sum(cells.values()))]
    return pd.DataFrame(rows, columns=["geo", "sex", "n"]).assign(value=lambda f: f["n"].astype(float))


def attack_by_subtraction(table: pd.DataFrame, hidden: pd.Series) -> dict:
    """What an outsider recovers: any line with one unknown gives it away; repeat until stuck."""
    known = {(r.geo, r.sex): r.value for r in table[~hidden].itertuples()}
    geos, sexes = table["geo"].unique(), table["sex"].unique()
    recovered = {}
    while True:
        found = False
        for fixed, axis in [(g, "sex") for g in geos] + [(s, "geo") for s in sexes]:
            keys = [(fixed, s) for s in sexes] if axis == "sex" else [(g, fixed) for g in geos]
            total = (fixed, "_T") if axis == "sex" else ("CH", fixed)
            inner = [k for k in keys if k != total]
            unknown = [k for k in keys if k not in known]
            if len(unknown) == 1:
                missing = unknown[0]
                value = (known[total] - sum(known[k] for k in inner if k != missing) if missing != total
                         else sum(known[k] for k in inner))
                known[missing] = recovered[missing] = value
                found = True
        if not found:
            return recovered


def attack_by_algebra(table: pd.DataFrame, hidden: pd.Series) -> list:
    """Hidden cells fixed by the additivity equations: zero in every null-space vector of the system."""
    cells = list(zip(table["geo"], table["sex"]))
    index = {c: i for i, c in enumerate(cells)}
    equations = []
    for g in table["geo"].unique():
        row = np.zeros(len(cells))
        row[index[g, "M"]] = row[index[g, "F"]] = 1
        row[index[g, "_T"]] = -1
        equations.append(row)
    for s in table["sex"].unique():
        row = np.zeros(len(cells))
        for g in REGIONS:
            row[index[g, s]] = 1
        row[index["CH", s]] = -1
        equations.append(row)
    unknown = np.array(equations)[:, hidden.to_numpy()]
    _, singular, vt = np.linalg.svd(unknown)
    rank = int((singular > 1e-9).sum())
    null = vt[rank:]
    names = [c for c, h in zip(cells, hidden) if h]
    return [name for k, name in enumerate(names) if np.allclose(null[:, k], 0)]


def test_small_cells_suppressed_and_not_recoverable():
    cells = {("CH-A", "M"): 3, ("CH-A", "F"): 10, ("CH-B", "M"): 20, ("CH-B", "F"): 30,
             ("CH-C", "M"): 40, ("CH-C", "F"): 2, ("CH-D", "M"): 15, ("CH-D", "F"): 12}
    table = two_way(cells)
    status = suppress(table, "geo", "sex")
    by_cell = dict(zip(zip(table["geo"], table["sex"]), status))
    assert by_cell["CH-A", "M"] == by_cell["CH-C", "F"] == "C"
    assert sum(s == "D" for s in status) >= 2
    hidden = status != "F"
    assert attack_by_subtraction(table, hidden) == {}
    assert attack_by_algebra(table, hidden) == []


def test_without_secondary_suppression_the_attack_succeeds():
    cells = {(g, s): 20 for g in REGIONS for s in "MF"} | {("CH-A", "M"): 3}
    table = two_way(cells)
    primary_only = (table["n"] > 0) & (table["n"] < 5)
    assert attack_by_subtraction(table, primary_only) == {("CH-A", "M"): 3.0}


@pytest.mark.parametrize("seed", range(12))
def test_random_tables_resist_both_attacks(seed):
    rng = np.random.default_rng(seed)
    cells = {(g, s): int(rng.choice([0, 1, 2, 3, 4, 6, 9, 25, 60])) for g in REGIONS for s in "MF"}
    table = two_way(cells)
    hidden = suppress(table, "geo", "sex") != "F"
    assert not (table.loc[~hidden, "n"].between(1, 4)).any()
    assert attack_by_subtraction(table, hidden) == {}
    assert attack_by_algebra(table, hidden) == []


def test_threshold_is_configurable():
    cells = {(g, s): 8 for g in REGIONS for s in "MF"} | {("CH-B", "F"): 30}
    table = two_way(cells)
    assert (suppress(table, "geo", "sex", threshold=5) == "F").all()
    strict = suppress(table, "geo", "sex", threshold=10)
    assert (strict[(table["n"] == 8)] != "F").all()


def test_tables_sharing_margins_are_protected_together():
    """geo × sex and geo × age share their `_T` column: a cell hidden in one stays hidden in the other."""
    rows = []
    for g, (m, f, young, old) in {"CH-A": (3, 9, 2, 10), "CH-B": (20, 25, 15, 30), "CH-C": (14, 11, 12, 13)}.items():
        rows += [(g, "M", "_T", m), (g, "F", "_T", f), (g, "_T", "Y15-24", young), (g, "_T", "Y_GE25", old),
                 (g, "_T", "_T", m + f)]
    frame = pd.DataFrame(rows, columns=["geo", "sex", "age", "n"])
    national = frame.groupby(["sex", "age"], as_index=False)["n"].sum().assign(geo="CH")
    frame = pd.concat([frame, national], ignore_index=True).assign(value=lambda f: f["n"].astype(float), period="2025-01")
    out = protect(frame, [("geo", "sex"), ("geo", "age")], ["period"])
    for dims in (("sex", "age"), ("age", "sex")):
        part = out[out[dims[1]] == "_T"].rename(columns={dims[0]: "sex_"}).drop(columns="sex" if dims[0] != "sex" else [])
        table = part.rename(columns={"sex_": "sex"})[["geo", "sex", "n", "value"]].reset_index(drop=True)
        hidden = part["conf_status"].reset_index(drop=True) != "F"
        assert out.loc[out["n"].between(1, 4), "conf_status"].eq("C").all()
        assert out.loc[out["conf_status"] != "F", "value"].isna().all()
        assert attack_by_subtraction(table, hidden) == {}
