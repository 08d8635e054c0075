"""Validation on `lmo synth` registers: known effects recovered, naive comparisons biased, CLI included (in this
process: tests.cli_in_process)."""

import json

import duckdb
import pandas as pd
import pytest

from indicators.evaluation.register import evaluate_programme, programme_sample, spell_table
from kernel.settings import DATA_DIR
from pipelines.synth.generate import generate
from tests.cli_in_process import lmo_here

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("evaluation_synth")]  # its estimates, once


def spells_of(synth: dict) -> pd.DataFrame:
    con = duckdb.connect()
    con.execute("CREATE SCHEMA core")
    for table, frame in (("register_spells", synth["spells"]), ("register_programmes", synth["programmes"])):
        con.register("frame", frame)
        con.execute(f"CREATE TABLE core.{table} AS SELECT *, '2026-07-31' AS vintage FROM frame")
    return spell_table(con)


@pytest.fixture(scope="module")
def estimates():
    """Every method on every outcome of every programme, on four registers of 4,000 spells."""
    rows = []
    for seed in (11, 12, 13, 14):
        synth = generate("CH", 4000, seed)
        spells, truth = spells_of(synth), synth["metadata"]["true_att"]
        for programme in truth:
            results = evaluate_programme(programme_sample(spells, programme), reps=60, seed=1)
            rows += [{"seed": seed, "programme": programme, "method": m, "outcome": o, "truth": truth[programme]["att"][o],
                      "att": r.att, "low": r.ci_low, "high": r.ci_high, "se": r.se, "naive": r.naive_difference}
                     for (m, o), r in results.items()]
    return pd.DataFrame(rows)


def test_each_method_covers_the_true_effect(estimates):
    estimates["covered"] = (estimates["low"] <= estimates["truth"]) & (estimates["truth"] <= estimates["high"])
    # 48 intervals per method (4 registers × 3 programmes × 4 outcomes); a 95 % interval misses now
    # and then, and the intervals of one register miss together (they share its draws), never often
    coverage = estimates.groupby("method")["covered"].mean()
    assert coverage.ge(0.85).all() and len(estimates) == 3 * 48, coverage


def test_naive_difference_is_biased_and_adjustment_reduces_it(estimates):
    """Errors in standard errors of the estimate, so that employment, earnings and days compare."""
    naive = ((estimates["naive"] - estimates["truth"]) / estimates["se"]).abs()
    adjusted = ((estimates["att"] - estimates["truth"]) / estimates["se"]).abs()
    assert naive.groupby(estimates["outcome"]).mean().gt(1.5).all()
    assert adjusted.groupby(estimates["outcome"]).mean().lt(1.2).all()
    assert adjusted.mean() < naive.mean() / 2


@pytest.mark.parametrize("method", ["psm", "ipw", "dr"])
def test_lmo_evaluate_on_the_shipped_synthetic_register(tmp_path, method):
    folder = DATA_DIR / "register/synthetic/ch"
    truth = json.loads((folder / "synth-metadata.json").read_text())["true_att"]["CH_PVB"]["att"]["employed_6m"]
    files = {name: pd.read_csv(folder / f"{name}.csv", dtype={"occupation": str}, true_values=["yes"], false_values=["no"],
                               parse_dates=["birth_date", "registration_date", "deregistration_date"]
                               if name == "spells" else ["start_date", "end_date"])
             for name in ("spells", "programmes")}
    # temporary employment programmes: the strongest negative selection, so the naive gap lies below
    sample = programme_sample(spells_of(files), "CH_PVB").dropna(subset=["employed_12m"])
    sample.to_csv(tmp_path / "pvb.csv", index=False)
    done = lmo_here("evaluate", "--data", str(tmp_path / "pvb.csv"), "--treatment", "treat", "--outcome", "employed_6m",
               "--covariates", "age,age_group,sex,citizenship,education,prior_unemployment_days,log_prior_earnings,geo",
               "--method", method, "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["ci_low"] <= truth <= result["ci_high"]
    assert result["naive_difference"] < result["att"]
