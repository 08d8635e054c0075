"""Valid inference and honest warnings: Abadie-Imbens intervals cover, poor overlap is reported, E-values."""

import numpy as np
import pandas as pd
import pytest

from indicators.evaluation import EvaluationError, evaluate
from indicators.evaluation.sensitivity import e_value_of_ratio, risk_ratio
from indicators.evaluation.support import effective_sample_size
from tests.test_evaluation import TRUE_EFFECT, selected_sample

COVARIATES = ["x1", "x2", "region"]


def poorly_overlapping(seed: int, n: int = 1500) -> pd.DataFrame:
    """Participation almost decided by x1: many scores near 0 or 1."""
    rng = np.random.default_rng(seed)
    x1, x2 = rng.normal(size=n), rng.uniform(size=n)
    treat = rng.uniform(size=n) < 1 / (1 + np.exp(-(4.0 * x1 - 1.0)))
    y = 1.0 + 3.0 * x1 + x2 + TRUE_EFFECT * treat + rng.normal(size=n)
    return pd.DataFrame({"treat": treat.astype(int), "x1": x1, "x2": x2, "y": y})


def test_abadie_imbens_intervals_cover_at_about_the_nominal_rate():
    results = [evaluate(selected_sample(seed, n=1000), "treat", "y", COVARIATES, method="psm")
               for seed in range(100, 160)]
    covered = np.mean([r.ci_low <= TRUE_EFFECT <= r.ci_high for r in results])
    spread = np.std([r.att for r in results], ddof=1)
    assert 0.88 <= covered <= 1.0, covered  # 95 % nominal; 60 samples
    assert 0.8 < np.mean([r.se for r in results]) / spread < 1.3  # the SE is the estimator's actual spread
    assert results[0].ci_method.startswith("Abadie-Imbens (2006) analytic variance")
    assert "bootstrap is not valid" in results[0].ci_method


def test_poor_overlap_warns_and_says_the_estimand_changed():
    result = evaluate(poorly_overlapping(1), "treat", "y", ["x1", "x2"], method="ipw", reps=30)
    found = result.overlap_diagnostics
    assert found["share_extreme"] > 0.3 and found["n_treated_extreme"] > 100
    assert any("propensity score below 0.05 or above 0.95" in w for w in result.warnings)
    assert any("the weighted controls are worth" in w for w in result.warnings)
    assert found["ess_control_share"] < 0.10
    dropped = found["n_treated_off_support"]
    assert dropped > 100 and result.n_treated_used == result.n_treated - dropped
    assert result.warnings[0] == (f"{dropped} of {result.n_treated} treated units are off common support (minmax"
                                  " rule) and dropped: the estimate is the effect on the treated on support,"
                                  " not on all treated")
    balanced = evaluate(selected_sample(3, n=1000), "treat", "y", COVARIATES, method="ipw", reps=30)
    assert not any("propensity score below" in w for w in balanced.warnings)


def test_crump_trimming_is_a_choice_and_reported():
    data = poorly_overlapping(2)
    minmax = evaluate(data, "treat", "y", ["x1", "x2"], method="psm")
    crump = evaluate(data, "treat", "y", ["x1", "x2"], method="psm", trim="crump")
    assert (minmax.trim, crump.trim) == ("minmax", "crump")
    assert crump.n_on_support < minmax.n_on_support
    assert crump.overlap_diagnostics["support_low"] >= 0.1 and crump.overlap_diagnostics["support_high"] <= 0.9
    dropped = crump.overlap_diagnostics["n_treated_off_support"]
    assert dropped > 0 and crump.warnings[0].startswith(f"{dropped} of {crump.n_treated} treated units are off")
    with pytest.raises(EvaluationError, match="unknown trimming rule 'tails'"):
        evaluate(data, "treat", "y", ["x1"], trim="tails")


def test_e_value_reproduces_vanderweele_and_ding():
    assert e_value_of_ratio(3.9) == pytest.approx(7.26, abs=0.005)  # their worked example
    assert e_value_of_ratio(1 / 3.9) == pytest.approx(7.26, abs=0.005)
    assert e_value_of_ratio(1.0) == 1.0
    y, treated = np.array([1.0, 1, 1, 0, 1, 0, 0, 0]), np.array([True, True, True, True, False, False, False, False])
    assert risk_ratio(0.25, y, treated) == pytest.approx(0.75 / 0.5)


def test_each_estimate_carries_its_e_values():
    result = evaluate(selected_sample(5, n=1000), "treat", "y", COVARIATES, method="dr", reps=30)
    assert result.e_value > result.e_value_ci > 1.0  # an interval away from 0: confounding must be strong
    weak = evaluate(selected_sample(5, n=1000).assign(y=lambda d: d["y"] - TRUE_EFFECT * d["treat"]),
                    "treat", "y", COVARIATES, method="dr", reps=30)
    assert weak.ci_low <= 0 <= weak.ci_high and weak.e_value_ci == 1.0


def test_effective_sample_size():
    assert effective_sample_size(np.array([1.0, 1, 1, 1, 0])) == 4
    assert effective_sample_size(np.array([10.0, 1, 1])) == pytest.approx(144 / 102)
