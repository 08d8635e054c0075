"""`lmo evaluate` as a user runs it: CSV, Parquet and Stata files, JSON and table output, mistakes."""

import json

import pytest

from tests.test_cli import lmo
from tests.test_evaluation import TRUE_EFFECT, selected_sample

ARGS = ("--treatment", "treat", "--outcome", "y", "--covariates", "x1,x2,region", "--reps", "40")


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    folder = tmp_path_factory.mktemp("eval")
    data = selected_sample(11, n=1500)
    paths = {"csv": folder / "d.csv", "parquet": folder / "d.parquet", "dta": folder / "d.dta"}
    data.to_csv(paths["csv"], index=False)
    data.to_parquet(paths["parquet"])
    data.to_stata(paths["dta"], write_index=False)
    return paths


@pytest.mark.parametrize("kind,method", [("csv", "psm"), ("parquet", "ipw"), ("dta", "dr")])
def test_json_has_the_effect_interval_and_counts(tables, kind, method):
    done = lmo("evaluate", "--data", str(tables[kind]), *ARGS, "--method", method, "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["method"] == method
    assert result["ci_low"] <= TRUE_EFFECT <= result["ci_high"]
    assert result["naive_difference"] > result["ci_high"]
    assert result["n_treated"] + result["n_control"] == 1500
    assert {"x1", "region=south"} <= {row["covariate"] for row in result["balance"]}


def test_table_prints_effect_naive_gap_counts_and_balance(tables):
    done = lmo("evaluate", "--data", str(tables["csv"]), *ARGS, "--method", "psm")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1].lstrip().startswith("ATT") and "95% CI [" in lines[1]
    assert "naive difference" in lines[2] and "on common support" in lines[3]
    assert any(line.split()[:1] == ["x1"] for line in lines[6:])


def test_did_needs_and_uses_the_baseline(tables):
    done = lmo("evaluate", "--data", str(tables["csv"]), "--treatment", "treat", "--outcome", "y_after",
               "--covariates", "x1,x2", "--method", "did", "--baseline", "y_before", "--format", "json")
    result = json.loads(done.stdout)
    assert result["ci_low"] <= TRUE_EFFECT <= result["ci_high"] and result["ci_method"] == "analytic (HC1)"


@pytest.mark.parametrize("args,message", [
    (("--treatment", "x1", "--outcome", "y", "--covariates", "x2"), "must be binary 0/1"),
    (("--treatment", "treat", "--outcome", "y", "--covariates", "x2,nope"), "not in the data: nope"),
    (("--treatment", "treat", "--outcome", "y", "--covariates", "x2", "--method", "did"), "needs the outcome before"),
])
def test_mistakes_are_one_line_exit_1(tables, args, message):
    done = lmo("evaluate", "--data", str(tables["csv"]), *args)
    assert done.returncode == 1 and message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_missing_or_unknown_file_is_one_line(tmp_path):
    for path, message in ((tmp_path / "none.csv", "no such file"), (tmp_path / "x.xlsx", "unknown file type")):
        done = lmo("evaluate", "--data", str(path), *ARGS)
        assert done.returncode == 1 and message in done.stderr, done.stderr
