"""Secondary suppression over linked tables: margins, stock–flow and annual values checked as one linear system."""

from collections.abc import Sequence

import numpy as np
import pandas as pd

from indicators import linked
from indicators.catalog import catalogue
from indicators.disclosure import FREE, SECONDARY, is_total


def annual_of_months(ids: Sequence[str]) -> list[str]:
    """Of `ids`, the catalogue indicators whose annual value is the mean or the sum of their months."""
    return [e["id"] for e in catalogue() if e["id"] in ids and e["aggregation"]["time"] in ("mean", "sum")]


def _years(months: pd.DataFrame, dims: list[str], annual: Sequence[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """Annual cells the engine derives from the months of `annual` measures, and each month's annual cell."""
    key = ["measure", *dims]
    keyed = months[key].assign(period=months["period"].str[:4])
    inside = keyed["measure"].isin(list(annual)).to_numpy()
    years = keyed[inside].drop_duplicates().reset_index(drop=True)
    of_month = np.full(len(months), -1)
    found = keyed[inside].reset_index().merge(years.reset_index(names="_year"), on=["period", *key])
    of_month[found["index"].to_numpy()] = found["_year"].to_numpy()
    return years, of_month


def _cost(frame: pd.DataFrame, n: np.ndarray, dims: list[str]) -> np.ndarray:
    """Hide the fewest persons: small counts first, never an empty cell while another will do, totals last."""
    totals = np.logical_or.reduce([frame[d].map(is_total).to_numpy(dtype=bool) for d in dims])
    return n + np.where(n > 0, 0, 1e9) + totals * 1e6


def _candidate(cells: np.ndarray, hidden: np.ndarray, of_year: dict[int, np.ndarray], cost: np.ndarray) -> int:
    """The cheapest published month among `cells` of a relation (an annual cell stands for its months)."""
    best, best_cost = -1, np.inf
    for cell in cells[~hidden[cells]]:
        for month in of_year.get(int(cell), [cell]):
            if not hidden[month] and cost[month] < best_cost:
                best, best_cost = int(month), cost[month]
    return best


def mirrored(part: pd.DataFrame, flow: tuple[str, str, str], dims: list[str]) -> pd.DataFrame:
    """`part` (column conf_status) with the inflow and outflow of month m withheld wherever the stock of m or
    m−1, or either flow of m, is (an absent flow, a zero, then becomes a withheld row): a change of withheld
    cells that keeps each table's margins (each table's own suppression gives one) then also keeps
    stock(m) = stock(m−1) + in(m) − out(m), so no withheld cell follows from the identity."""
    stock, inflow, outflow = flow
    part = part.assign(_line=part.groupby(dims, sort=False, dropna=False).ngroup().to_numpy(),
                       _month=linked.month_numbers(part["period"]))
    # breakdowns that move (age) have no identity, but a table's way of changing its withheld cells runs
    # through them into the margin, which has one: they are mirrored too
    hid = part[(part["conf_status"] != FREE).to_numpy() & part["measure"].isin(flow).to_numpy()]
    hid = pd.concat([hid, hid[hid["measure"] == stock].assign(_month=lambda f: f["_month"] + 1)])
    need = hid[["_line", "_month"]].drop_duplicates().merge(pd.DataFrame({"measure": [inflow, outflow]}), how="cross")
    have = need.merge(part[["_line", "_month", "measure"]], how="left", indicator=True)["_merge"] == "both"
    missing = need[~have.to_numpy()].merge(part.drop_duplicates("_line").drop(columns=["_month", "measure"]), on="_line")
    missing = missing[missing["_month"] <= part["_month"].max()]
    added = missing.assign(period=pd.PeriodIndex.from_ordinals(missing["_month"], freq="M").astype(str),
                           value=0.0, n=0.0, conf_status=SECONDARY)
    part = pd.concat([part, added[part.columns]], ignore_index=True)
    key = pd.MultiIndex.from_frame(part[["_line", "_month"]]).isin(pd.MultiIndex.from_frame(need[["_line", "_month"]]))
    flows = part["measure"].isin([inflow, outflow]).to_numpy() & (part["conf_status"] == FREE).to_numpy()
    part.loc[flows & key, "conf_status"] = SECONDARY
    return part.drop(columns=["_line", "_month"])


def secure(frame: pd.DataFrame, hidden: np.ndarray, n: np.ndarray, ways: dict[str, linked.Ways],
           flows: Sequence[tuple[str, str, str]] = (), moving: Sequence[str] = (),
           annual: Sequence[str] = ()) -> np.ndarray:
    """`hidden` (monthly cells of one table family) widened until no hidden count of persons follows from the
    published ones by any combination of the relations that hold on the counts `n` (annual values are unknowns
    too, hidden when a month is); a withheld zero that follows from them is published."""
    dims, frame = list(ways), frame.reset_index(drop=True)
    years, of_month = _years(frame, dims, annual)
    cells = pd.concat([frame[["period", "measure", *dims]], years], ignore_index=True)
    matrix = linked.relations(cells, ways, flows, moving, annual)
    # a relation the counts do not obey (a register's opening stock at its first month) tells an outsider nothing
    truth = np.concatenate([n, np.bincount(of_month[of_month >= 0], weights=n[of_month >= 0], minlength=len(years))])
    matrix = matrix[np.abs(matrix @ truth) < 0.5].tocsr()
    columns, months = matrix.tocsc(), len(frame)
    of_year = {months + y: np.flatnonzero(of_month == y) for y in range(len(years))}
    cost = np.concatenate([_cost(frame, n, dims), np.full(len(years), np.inf)])
    hidden, known = hidden.copy(), {}
    while True:
        everything = np.concatenate([hidden, np.bincount(of_month[of_month >= 0], weights=hidden[of_month >= 0],
                                                         minlength=len(years)) > 0])
        # annual cells are unknowns the attacker may solve for, but only the months are what is withheld
        given = linked.determined(matrix, everything, known)[:months]
        found = np.flatnonzero(given & (n > 0))
        if not len(found):
            return hidden & ~given  # a withheld zero the others give away is published: it hides nothing
        touched = np.zeros(matrix.shape[0], dtype=bool)
        for cell in found:
            if touched[columns.indices[columns.indptr[cell]:columns.indptr[cell + 1]]].any():
                continue
            row, pick = _nearest(matrix, columns, cell, everything, of_year, cost)
            hidden[pick] = everything[pick] = touched[row] = True


def _nearest(matrix, columns, cell: int, hidden: np.ndarray, of_year: dict, cost: np.ndarray) -> tuple[int, int]:
    """(relation, published month to hide) nearest to a cell that the relations give away: its own relations
    first, the one with fewest hidden cells first (it gives the cell away most directly), then the relations
    of the hidden cells these share, and so on."""
    frontier, seen = np.array([cell]), np.zeros(matrix.shape[0], dtype=bool)
    while len(frontier):
        rows = np.unique(np.concatenate([columns.indices[columns.indptr[c]:columns.indptr[c + 1]] for c in frontier]))
        rows = rows[~seen[rows]]
        seen[rows] = True
        members = [matrix.indices[matrix.indptr[r]:matrix.indptr[r + 1]] for r in rows]
        for k in np.argsort([hidden[m].sum() for m in members], kind="stable"):
            pick = _candidate(members[k], hidden, of_year, cost)
            if pick >= 0:
                return int(rows[k]), pick
        near = np.unique(np.concatenate(members)) if members else np.array([], dtype=int)
        frontier = near[hidden[near]]
    raise RuntimeError("disclosure control: a withheld cell cannot be protected by any relation")


def protect(frame: pd.DataFrame, ways: dict[str, linked.Ways], flows: Sequence[tuple[str, str, str]] = (),
            moving: Sequence[str] = (), annual: Sequence[str] = (),
            family: Sequence[str] = ("dataset", "country")) -> pd.DataFrame:
    """Counts after per-table suppression (columns conf_status, n) made safe as linked tables, one family of
    tables at a time: the cells this withholds are D, their values NaN (withheld zeros that the published cells
    give away are published)."""
    # the cells withheld must not depend on the order the database returned the rows in
    frame = frame.sort_values([*family, "period", "measure", *ways]).reset_index(drop=True)
    monthly = frame["period"].str.len() == 7
    parts = [frame[~monthly]]
    for _, part in frame[monthly].groupby(list(family), sort=False):
        for flow in flows:
            part = mirrored(part, flow, list(ways))
        hidden = (part["conf_status"] != FREE).to_numpy()
        after = secure(part, hidden, part["n"].to_numpy(dtype=float), ways, flows, moving, annual)
        status = np.where(hidden & ~after, FREE, part["conf_status"])
        # a zero the per-table step withheld and this one publishes shows its value again, never a blank
        value = np.where(hidden & ~after, part["n"], part["value"])
        parts.append(part.assign(conf_status=np.where(after & ~hidden, SECONDARY, status), value=value))
    out = pd.concat(parts, ignore_index=True)
    out.loc[out["conf_status"] != FREE, "value"] = np.nan
    return out
