"""An outsider's attack on withheld register counts: every linear relation among the published ones, solved."""

import argparse
import sys

import duckdb
import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linprog
from scipy.sparse.linalg import lsqr

from indicators import linked
from indicators.programme_disclosure import programme_ways
from kernel.settings import DATA_DIR

# (stock, inflow, outflow): stock(m) = stock(m−1) + inflow(m) − outflow(m), per cell of a constant breakdown
FLOWS = [("registered_unemployed", "inflows", "outflows"),
         ("programme_participants", "programme_entrants", "programme_exits")]
DIMS = ["geo", "programme", "sex", "age", "cit"]


def _annual(cells: pd.DataFrame, annual: pd.DataFrame) -> sparse.csr_matrix:
    """Published annual values: the sum of the months for flows, 12 × the mean of the months for stocks."""
    stocks = {f[0] for f in FLOWS}
    months = cells.assign(year=cells["period"].str[:4], _cell=np.arange(len(cells)))
    rows, cols, coef, rhs = [], [], [], []
    for r, year in enumerate(annual.itertuples(index=False)):
        key = (months["year"] == year.period) & (months["measure"] == year.measure)
        for d in DIMS:
            key &= months[d] == getattr(year, d)
        members = months.loc[key, "_cell"].to_numpy()
        rows += [r] * len(members)
        cols += list(members)
        coef += [1.0] * len(members)
        rhs.append(year.value * (12 if year.measure in stocks else 1))
    return sparse.csr_matrix((coef, (rows, cols)), shape=(len(annual), len(cells))), np.array(rhs)


def attack(published: pd.DataFrame, lmp_of: dict[str, str], lp_cells: int = 0) -> pd.DataFrame:
    """Withheld monthly counts (value NaN) that the published figures determine, with the value they give:
    by subtraction along single relations, then by solving every relation at once (margins of each
    breakdown, regions to the country, programme codes and categories, stock–flow month after month,
    annual totals and means); with `lp_cells`, the first that many withheld cells also get bounds by
    linear programming (counts are not negative). One family (dataset, country) at a time."""
    frame = published.assign(country=published["geo"].str.split("-").str[0])
    out = []
    for _, family in frame.groupby(["dataset", "country"]):
        monthly = family[family["period"].str.len() == 7].reset_index(drop=True)
        annual = family[(family["period"].str.len() == 4) & family["value"].notna()]
        ways = {"geo": linked.regions, "programme": programme_ways(lmp_of), "sex": linked.breakdown,
                "age": linked.breakdown, "cit": linked.breakdown}
        margins = linked.relations(monthly, ways, [f for f in FLOWS if f[0] in set(monthly["measure"])], ["age"])
        years, totals = _annual(monthly, annual)
        matrix = sparse.vstack([margins, years]).tocsr()
        rhs = np.concatenate([np.zeros(margins.shape[0]), totals])
        out.append(_solve(monthly, matrix, rhs, lp_cells))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame()


def _solve(cells: pd.DataFrame, matrix: sparse.csr_matrix, rhs: np.ndarray, lp_cells: int) -> pd.DataFrame:
    """matrix @ x = rhs with the published x known: the withheld x it fixes (and LP bounds for some)."""
    hidden = cells["value"].isna().to_numpy()
    known = np.where(hidden, 0, cells["value"].fillna(0).to_numpy(dtype=float))
    b = rhs - matrix @ known
    fixed = linked.determined(matrix, hidden)
    sub = matrix[:, np.flatnonzero(hidden)]
    x = lsqr(sub, b, atol=1e-14, btol=1e-14, iter_lim=20 * sum(sub.shape))[0] if fixed.any() else np.zeros(int(hidden.sum()))
    result = cells[hidden].assign(recovered=np.where(fixed[hidden], np.round(x, 6), np.nan), low=np.nan, high=np.nan)
    for k in range(min(lp_cells, int(hidden.sum()))):
        c = np.zeros(sub.shape[1])
        c[k] = 1
        bounds = [linprog(s * c, A_eq=sub, b_eq=b, bounds=(0, None), method="highs") for s in (1, -1)]
        if all(r.status == 0 for r in bounds):
            result.iloc[k, result.columns.get_loc("low")] = bounds[0].fun
            result.iloc[k, result.columns.get_loc("high")] = -bounds[1].fun
    return result


def published_counts(path: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """The levels of register and programme counts in a published copy (what `/download/*.csv` serves), one
    family per realm, and the programme categories from the code list."""
    measures = sorted({m for f in FLOWS for m in f})
    with duckdb.connect(path, read_only=True) as con:
        frame = con.execute(
            "SELECT realm AS dataset, geo, period, coalesce(programme, '_T') AS programme, sex, age,"
            " citizenship AS cit, indicator AS measure, value FROM mart.indicator_values WHERE measure = 'level'"
            " AND adjustment = 'NSA' AND indicator IN (SELECT unnest(?)) AND realm <> 'official'", [measures]).df()
    codes = pd.read_csv(DATA_DIR / "codelists" / "programmes.csv", dtype=str)
    return frame, dict(zip(codes["code"], "LMP_" + codes["lmp_category"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("published", help="the published DuckDB copy (var/published.duckdb)")
    args = parser.parse_args(argv)
    frame, lmp_of = published_counts(args.published)
    found = attack(frame, lmp_of)
    recovered = found[found["recovered"].notna()]
    print(f"{len(found)} withheld monthly counts, {len(recovered)} recovered exactly")
    print(recovered.groupby(["dataset", "measure"]).size().to_string() if len(recovered) else "")
    return 1 if len(recovered) else 0


if __name__ == "__main__":
    sys.exit(main())
