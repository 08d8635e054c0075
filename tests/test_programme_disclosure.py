"""Disclosure control of the programme indicators: hand-made tables, and an attack on the synthetic register."""

from collections import defaultdict

import duckdb
import numpy as np
import pandas as pd
import pytest

from indicators.programme_disclosure import COUNTS, protect
from indicators.programmes import attainment, compute, protect_values
from kernel.settings import DATA_DIR

LMP_OF = {"CH_KURS": "LMP_2", "CH_PVB": "LMP_6"}
# participants by region and programme; CH_PVB in CH-ZH (3) is the one small cell
PARTICIPANTS = {("CH-ZH", "CH_KURS"): 12, ("CH-ZH", "CH_PVB"): 3, ("CH-GE", "CH_KURS"): 7, ("CH-GE", "CH_PVB"): 9}


def row(geo, programme, measure, value, numerator=None, denominator=None, sex="_T"):
    return {"period": "2025-06", "geo": geo, "programme": programme, "sex": sex, "age": "_T", "cit": "_T",
            "dataset": "synthetic_test", "measure": measure, "value": value, "unit": "persons",
            "numerator": numerator, "denominator": denominator, "conf_status": "F"}


def participants_table() -> pd.DataFrame:
    """The additive table of participants with every margin: regions to CH, codes and LMP categories to _T."""
    cells = dict(PARTICIPANTS)
    for geo in ("CH-ZH", "CH-GE"):
        cells[geo, "_T"] = cells[geo, "CH_KURS"] + cells[geo, "CH_PVB"]
    for programme in ("CH_KURS", "CH_PVB", "_T"):
        cells["CH", programme] = cells["CH-ZH", programme] + cells["CH-GE", programme]
    cells |= {(geo, LMP_OF[p]): n for (geo, p), n in list(cells.items()) if p in LMP_OF}
    cells |= {(geo, "LMP_2-7"): n for (geo, p), n in list(cells.items()) if p == "_T"}  # both in categories 2-7
    return pd.DataFrame([row(g, p, "programme_participants", float(n), n) for (g, p), n in cells.items()])


def test_small_cell_and_the_cells_that_would_give_it_back_are_withheld():
    seekers = {"CH-ZH": 60, "CH-GE": 40, "CH": 100}
    coverage = [row(g, p, "programme_coverage", 100 * n / seekers[g], n, seekers[g])
                for (g, p), n in PARTICIPANTS.items()] + [row("CH", "CH_PVB", "programme_coverage", 12.0, 12, 100)]
    out = protect(pd.concat([participants_table(), pd.DataFrame(coverage)], ignore_index=True), LMP_OF, threshold=5)
    status = out.set_index(["measure", "geo", "programme"])["conf_status"]
    value = out.set_index(["measure", "geo", "programme"])["value"]
    assert status["programme_participants", "CH-ZH", "CH_PVB"] == "C"
    assert status["programme_participants", "CH-ZH", "LMP_6"] == "C"  # the same three persons
    # two regions: hiding ZH × PVB forces the other three regional cells (each line keeps two unknowns);
    # the regional totals stay published, four unknowns under three independent equations
    regional = out[(out["measure"] == "programme_participants") & (out["geo"] != "CH")]
    assert set(zip(regional.loc[regional["value"].isna(), "geo"], regional.loc[regional["value"].isna(), "programme"])) \
        == {(g, p) for g in ("CH-ZH", "CH-GE") for p in ("CH_KURS", "CH_PVB", "LMP_2", "LMP_6")}
    assert value["programme_participants", "CH-ZH", "_T"] == 15 and value["programme_participants", "CH-GE", "_T"] == 16
    assert value["programme_participants", "CH-ZH", "LMP_2-7"] == 15
    assert status["programme_participants", "CH-GE", "CH_KURS"] == "D"
    national = out[(out["measure"] == "programme_participants") & (out["geo"] == "CH")].set_index("programme")["value"]
    assert national.to_dict() == {"CH_KURS": 19.0, "CH_PVB": 12.0, "_T": 31.0, "LMP_2": 19.0, "LMP_6": 12.0,
                                  "LMP_2-7": 31.0}
    # coverage rests on its participants: C with them, D with them, published with them
    assert status["programme_coverage", "CH-ZH", "CH_PVB"] == "C"
    assert status["programme_coverage", "CH-GE", "CH_KURS"] == "D"
    assert value["programme_coverage", "CH", "CH_PVB"] == 12.0


def test_without_small_cells_nothing_is_withheld():
    out = protect(participants_table(), LMP_OF, threshold=3)
    assert (out["conf_status"] == "F").all() and out["value"].notna().all()


@pytest.mark.parametrize(("numerator", "denominator", "status"), [(3, 10, "C"), (4, 4, "C"), (6, 10, "F"), (0, 8, "F")])
def test_rates_withheld_when_numerator_or_denominator_is_small(numerator, denominator, status):
    rate = row("CH", "CH_KURS", "programme_employment_6m", 100 * numerator / denominator, numerator, denominator)
    [out] = protect(pd.DataFrame([rate]), LMP_OF, threshold=5).to_dict("records")
    assert out["conf_status"] == status
    assert np.isnan(out["value"]) if status == "C" else out["value"] == 100 * numerator / denominator


def protected_register(country: str):
    """A shipped synthetic register, loaded as the warehouse holds it: (connection, files, values before control)."""
    folder = DATA_DIR / f"register/synthetic/{country}"
    dates = {"spells": ["birth_date", "registration_date", "deregistration_date"], "programmes": ["start_date", "end_date"]}
    files = {name: pd.read_csv(folder / f"{name}.csv", dtype={"occupation": str}, true_values=["yes"],
                               false_values=["no"], parse_dates=dates[name]) for name in dates}
    con = duckdb.connect()
    con.execute("CREATE SCHEMA core")
    for name, frame in files.items():
        con.register("frame", frame)
        con.execute(f"CREATE TABLE core.register_{name} AS SELECT *, '2026-07-31' AS vintage FROM frame")
    compute(con)
    raw = con.execute("SELECT * FROM prog_values").df()
    protect_values(con, threshold=5)
    return con, files, raw


@pytest.fixture(scope="module")
def registers():
    """The shipped synthetic registers by country, each computed and protected once for this module's tests."""
    opened = {}

    def protected(country: str):
        if country not in opened:
            opened[country] = protected_register(country)
        return opened[country]

    yield protected
    for con, _, _ in opened.values():
        con.close()


@pytest.fixture(scope="module")
def register(registers):
    """The shipped synthetic Swiss register, programme values computed and protected."""
    return registers("ch")


LMP_OF_SYNTH = {"CH_KURS": "LMP_2", "CH_PVB": "LMP_6", "CH_EAZ": "LMP_4"}
TOTALS = ("_T", "_T", "_T")


def relations(cells: pd.DataFrame) -> list[tuple[list[int], int]]:
    """Every additive relation an outsider knows among one month's count cells, as (members, margin):
    regions add up to the country, programme codes or LMP categories to the total, a category's codes
    to the category, categories 2-7 to LMP_2-7, and the sexes, age groups or citizenships to the cell without breakdown."""
    keys = list(zip(cells["geo"], cells["programme"], cells["sex"], cells["age"], cells["cit"]))
    sums = defaultdict(list)
    for i, (geo, programme, *split) in enumerate(keys):
        if "-" in geo and tuple(split) == TOTALS:
            sums["regions", (geo.split("-")[0], programme, *TOTALS)].append(i)
        if programme in LMP_OF_SYNTH:
            sums["codes", (geo, "_T", *split)].append(i)
            sums["category", (geo, LMP_OF_SYNTH[programme], *split)].append(i)
        elif programme.startswith("LMP_") and programme != "LMP_2-7":
            sums["categories", (geo, "_T", *split)].append(i)
            if 2 <= int(programme[4:]) <= 7:
                sums["measures", (geo, "LMP_2-7", *split)].append(i)
        if sum(v != "_T" for v in split) == 1:
            sums[[v != "_T" for v in split].index(True), (geo, programme, *TOTALS)].append(i)
    index = {key: i for i, key in enumerate(keys)}
    return [(members, index[margin]) for (_, margin), members in sums.items() if margin in index]


def test_no_withheld_count_of_the_synthetic_register_can_be_recovered(register):
    con, _, _ = register
    values = con.execute("SELECT * FROM prog_values").df()
    counts = values[values["measure"].isin(COUNTS)]
    assert not counts["value"].between(1, 4).any()
    assert (counts["conf_status"] == "C").sum() > 1000 and (counts["conf_status"] == "D").sum() > 100
    attacked = 0
    for _, cells in counts.groupby(["period", "measure"]):
        cells = cells.reset_index(drop=True)
        hidden = cells["value"].isna().to_numpy()
        if not hidden.any():
            continue
        system = np.zeros((len(found := relations(cells)), len(cells)))
        for row, (members, margin) in enumerate(found):
            system[row, members], system[row, margin] = 1, -1
        unknown = system[:, hidden]
        # V of the SVD is all that is needed: without U (relations × relations), with zero rows so that V is square
        square = np.vstack([unknown, np.zeros((max(0, hidden.sum() - len(unknown)), hidden.sum()))])
        _, singular, vt = np.linalg.svd(square, full_matrices=False)
        null = vt[int((singular > 1e-9).sum()):]
        assert not [k for k in range(hidden.sum()) if np.allclose(null[:, k], 0)], cells[hidden]
        attacked += 1
    assert attacked > 30


def test_a_small_cell_of_the_synthetic_register_counted_by_hand(register):
    con, files, raw = register
    parts, end = files["programmes"], pd.Timestamp("2025-06-30")
    running = parts[(parts.start_date <= end) & (parts.end_date.isna() | (parts.end_date > end))]
    by_cell = running.groupby(["geo", "programme"]).size()
    small, large = by_cell[by_cell.between(1, 4)].index[0], by_cell[by_cell >= 5].index[0]
    got = con.execute("SELECT geo, programme, value, conf_status FROM prog_values WHERE period = '2025-06' AND"
                      " measure = 'programme_participants' AND sex = '_T' AND age = '_T' AND cit = '_T'"
                      " AND programme NOT LIKE 'LMP%' AND programme <> '_T'").df().set_index(["geo", "programme"])
    assert got.loc[small, "conf_status"] == "C" and np.isnan(got.loc[small, "value"])
    before = raw[(raw.period == "2025-06") & (raw.measure == "programme_participants") & (raw.geo == small[0])
                 & (raw.programme == small[1]) & (raw.sex == "_T") & (raw.age == "_T") & (raw.cit == "_T")]
    assert before["value"].tolist() == [by_cell[small]]
    assert got.loc[large, "value"] == by_cell[large] or got.loc[large, "conf_status"] == "D"
    coverage = con.execute("SELECT conf_status, value FROM prog_values WHERE period = '2025-06' AND"
                           " measure = 'programme_coverage' AND geo = ? AND programme = ? AND sex = '_T'"
                           " AND age = '_T' AND cit = '_T'", list(small)).fetchall()
    assert coverage == [("C", None)]


def test_attainment_of_a_withheld_value_is_withheld(register):
    con, _, _ = register
    [(geo, programme)] = con.execute(
        "SELECT geo, programme FROM prog_values WHERE conf_status = 'C' AND sex = '_T' AND age = '_T' AND cit = '_T'"
        " AND measure = 'programme_employment_6m' AND period = '2025' ORDER BY ALL LIMIT 1").fetchall()
    targets = pd.DataFrame([{"indicator": "programme_employment_6m", "programme": p, "geo": g, "period": "2025",
                             "baseline": 30.0, "target": 40.0} for g, p in ((geo, programme), ("CH", "_T"))])
    got = {(r["geo"], r["programme"]): r for r in attainment(con, targets)}
    withheld, published = got[geo, programme], got["CH", "_T"]
    assert withheld["conf_status"] == "C" and withheld["actual"] is None and withheld["attainment"] is None
    assert published["conf_status"] == "F" and 0 < published["actual"] < 100
    assert published["attainment"] == pytest.approx(100 * (published["actual"] - 30) / 10)


@pytest.mark.parametrize("country", ["ch", "ma", "tn", "mr"])
def test_every_count_published_free_shows_its_value(registers, country):
    """A zero withheld by its table and published by the linked step (it hides nothing) shows 0, not a blank."""
    counts = registers(country)[0].execute("SELECT * FROM prog_values").df().query("measure in @COUNTS")
    free = counts[counts["conf_status"] == "F"]
    assert free["value"].notna().all(), free[free["value"].isna()].head()
    assert (counts["value"].isna() == (counts["conf_status"] != "F")).all()
