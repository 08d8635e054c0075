"""`lmo evaluate` as a user runs it: CSV, Parquet and Stata files, JSON and table output, mistakes. In this process
(tests.cli_in_process): the command's work is tested here, not its process."""

import json

import pytest

from tests.cli_in_process import lmo_here
from tests.test_evaluation import TRUE_EFFECT, selected_sample
from tests.test_evaluation_inference import poorly_overlapping

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
    done = lmo_here("evaluate", "--data", str(tables[kind]), *ARGS, "--method", method, "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["method"] == method
    # one sample: within 3 standard errors (coverage over many samples: test_evaluation_inference.py)
    assert abs(result["att"] - TRUE_EFFECT) < 3 * result["se"] and result["ci_low"] < result["att"] < result["ci_high"]
    assert result["naive_difference"] > result["ci_high"]
    assert result["n_treated"] + result["n_control"] == 1500
    assert {"x1", "region=south"} <= {row["covariate"] for row in result["balance"]}


def test_table_prints_effect_naive_gap_counts_and_balance(tables):
    done = lmo_here("evaluate", "--data", str(tables["csv"]), *ARGS, "--method", "psm")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1].lstrip().startswith("ATT") and "95% CI [" in lines[1]
    assert "naive difference" in lines[2] and "on common support" in lines[3]
    assert any(line.split()[:1] == ["x1"] for line in lines[6:])


def test_did_needs_and_uses_the_baseline(tables):
    done = lmo_here("evaluate", "--data", str(tables["csv"]), "--treatment", "treat", "--outcome", "y_after",
               "--covariates", "x1,x2", "--method", "did", "--baseline", "y_before", "--format", "json")
    result = json.loads(done.stdout)
    assert result["ci_low"] <= TRUE_EFFECT <= result["ci_high"] and result["ci_method"] == "analytic (HC1)"


@pytest.mark.parametrize("args,message", [
    (("--treatment", "x1", "--outcome", "y", "--covariates", "x2"), "must be binary 0/1"),
    (("--treatment", "treat", "--outcome", "y", "--covariates", "x2,nope"), "not in the data: nope"),
    (("--treatment", "treat", "--outcome", "y", "--covariates", "x2", "--method", "did"), "needs the outcome before"),
])
def test_mistakes_are_one_line_exit_1(tables, args, message):
    done = lmo_here("evaluate", "--data", str(tables["csv"]), *args)
    assert done.returncode == 1 and message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_missing_or_unknown_file_is_one_line(tmp_path):
    for path, message in ((tmp_path / "none.csv", "no such file"), (tmp_path / "x.ods", "unknown file type")):
        done = lmo_here("evaluate", "--data", str(path), *ARGS)
        assert done.returncode == 1 and message in done.stderr, done.stderr


def test_overlap_diagnostics_sensitivity_and_warnings_are_printed(tmp_path):
    poorly_overlapping(1).to_csv(tmp_path / "poor.csv", index=False)
    args = ("evaluate", "--data", str(tmp_path / "poor.csv"), "--treatment", "treat", "--outcome", "y",
            "--covariates", "x1,x2", "--method", "psm", "--trim", "crump")
    table = lmo_here(*args)
    assert table.returncode == 0, table.stderr
    assert "Abadie-Imbens (2006) analytic variance" in table.stdout
    assert "common support    crump rule: scores 0.1" in table.stdout
    assert "extreme scores" in table.stdout and "controls' ESS" in table.stdout and "E-value" in table.stdout
    warned = [line for line in table.stdout.splitlines() if line.startswith("warning: ")]
    assert warned[0].endswith("the estimate is the effect on the treated on support, not on all treated")
    assert any("propensity score below 0.05 or above 0.95" in line for line in warned)
    done = lmo_here(*args, "--format", "json")
    result = json.loads(done.stdout)
    assert result["trim"] == "crump" and result["overlap_diagnostics"]["n_treated_off_support"] > 0
    assert result["e_value"] > result["e_value_ci"] > 1 and result["warnings"] == [w[9:] for w in warned]
    assert done.stderr.splitlines() == warned
