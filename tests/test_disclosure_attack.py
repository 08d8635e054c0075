"""The attack of tools/attack_disclosure.py on the programme and register counts of the shipped synthetic registers."""

import duckdb
import numpy as np
import pytest

from indicators import linked, register
from indicators.programme_disclosure import COUNTS, programme_ways
from indicators.programmes import compute, protect_values
from kernel.settings import DATA_DIR, published_path
from pipelines.sources import register_programmes, register_spells, register_vacancies
from pipelines.warehouse import SCHEMA_SQL
from tools.attack_disclosure import FLOWS, attack
from tools.attack_disclosure import main as attack_main

KEY = ["dataset", "period", "measure", "geo", "programme", "sex", "age", "cit"]


@pytest.fixture(scope="module")
def published():
    """Programme counts of the shipped Swiss synthetic register as protected today, and their true values."""
    con = duckdb.connect()
    con.execute(SCHEMA_SQL.read_text())
    folder = DATA_DIR / "register/synthetic/ch"
    for name, module in (("spells", register_spells), ("programmes", register_programmes)):
        frame = module.read(folder / f"{name}.csv").drop(columns=["_row"], errors="ignore").assign(vintage="2026-07-31")
        con.register("frame", frame)
        con.execute(f"INSERT INTO core.register_{name} BY NAME SELECT * FROM frame")
        con.unregister("frame")
    compute(con)
    raw = con.execute("SELECT * FROM prog_values").df()
    lmp_of = dict(con.execute("SELECT DISTINCT programme, 'LMP_' || lmp_category FROM prog_parts").fetchall())
    protect_values(con, threshold=5)
    out = con.execute("SELECT * FROM prog_values").df()
    return out[out["measure"].isin(COUNTS)], raw[raw["measure"].isin(COUNTS)], lmp_of


def test_every_relation_the_attack_uses_holds_on_the_true_counts(published):
    _, raw, lmp_of = published

    ways = {"geo": linked.regions, "programme": programme_ways(lmp_of), "sex": linked.breakdown,
            "age": linked.breakdown, "cit": linked.breakdown}
    cells = raw.reset_index(drop=True)
    matrix = linked.relations(cells, ways, FLOWS[1:], ["age"])
    assert matrix.shape[0] > 20000
    assert np.abs(matrix @ cells["value"].to_numpy(dtype=float)).max() == 0


def test_the_attack_recovers_no_withheld_count(published):
    out, raw, lmp_of = published
    found = attack(out, lmp_of)
    recovered = found[found["recovered"].notna()].merge(raw[[*KEY, "value"]], on=KEY, suffixes=("", "_true"))
    assert len(found) > 10000  # many withheld cells to attack
    # every value the attack gives is the register's own: the leak is real
    assert (recovered["recovered"] == recovered["value_true"]).all()
    assert len(recovered) == 0


@pytest.fixture(scope="module")
def register_published(tmp_path_factory):
    """Register stocks and flows of the shipped Swiss synthetic register as protected, and their true values."""
    folder, out = DATA_DIR / "register/synthetic/ch", tmp_path_factory.mktemp("register")
    for name, module in (("spells", register_spells), ("vacancies", register_vacancies)):
        module.read(folder / f"{name}.csv").drop(columns=["_row"], errors="ignore").to_parquet(out / f"{name}.parquet")
    con = duckdb.connect()

    def source(c):
        return register.from_parquet(c, str(out / "spells.parquet"), str(out / "vacancies.parquet"), "2026-07-31")

    source(con)
    raw = register.counts(con).assign(programme="_T", cit="_T")
    protected = register.observations(con, threshold=5, source=source).assign(programme="_T", cit="_T")
    protected = protected[protected["citizenship"] == "_T"] if "citizenship" in protected else protected
    return [frame[frame["measure"].isin(register.FLOW)].reset_index(drop=True) for frame in (protected, raw)]


def test_the_register_s_stock_flow_identity_holds_on_the_true_counts(register_published):
    _, raw = register_published
    cells = raw[raw["period"].str.len() == 7].reset_index(drop=True)
    matrix = linked.relations(cells, register.WAYS, [register.FLOW], ["age"])
    assert np.abs(matrix @ cells["value"].to_numpy(dtype=float)).max() == 0


def test_the_attack_recovers_no_withheld_register_count(register_published):
    out, raw = register_published
    found = attack(out, {})
    recovered = found[found["recovered"].notna()].merge(raw[[*KEY, "value"]], on=KEY, suffixes=("", "_true"))
    assert len(found) > 1000
    assert len(recovered) == 0


def test_the_attack_script_over_the_pipeline_s_publication_recovers_nothing(warehouse, capsys):
    assert attack_main([str(published_path(warehouse))]) == 0
    withheld, recovered = capsys.readouterr().out.split(" withheld monthly counts, ")
    assert int(withheld) > 1000 and recovered.startswith("0 recovered")
