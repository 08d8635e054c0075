"""Impact estimators on simulated data with selection on observables and a known effect."""

import numpy as np
import pandas as pd
import pytest

from indicators.evaluation import EvaluationError, evaluate

TRUE_EFFECT = 2.0


def selected_sample(seed: int, n: int = 2000) -> pd.DataFrame:
    """Participation rises with age and prior earnings, which also raise the outcome."""
    rng = np.random.default_rng(seed)
    x1 = rng.normal(size=n)
    x2 = rng.uniform(size=n)
    region = rng.choice(["north", "south", "east"], size=n)
    shift = pd.Series(region).map({"north": 0.5, "south": -0.3, "east": 0.0}).to_numpy()
    treat = rng.uniform(size=n) < 1 / (1 + np.exp(-(x1 + x2 - 0.5 + shift)))
    fixed = rng.normal(size=n)
    before = 1.0 + 3.0 * x1 + 1.5 * x2 + 2.0 * shift + fixed + rng.normal(size=n)
    after = before + 0.5 + TRUE_EFFECT * treat + rng.normal(size=n)
    return pd.DataFrame({"treat": treat.astype(int), "x1": x1, "x2": x2, "region": region,
                         "y": after - fixed, "y_before": before, "y_after": after})


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("method", ["psm", "ipw", "dr"])
def test_interval_covers_the_true_effect_and_the_naive_difference_is_biased(method, seed):
    result = evaluate(selected_sample(seed), "treat", "y", ["x1", "x2", "region"], method=method,
                      reps=100, seed=seed)
    assert result.ci_low <= TRUE_EFFECT <= result.ci_high
    assert result.ci_high - result.ci_low < 0.6
    assert result.naive_difference > TRUE_EFFECT + 2.0  # selection on x1 inflates the raw gap
    assert result.naive_difference > result.ci_high


def test_weighting_and_matching_restore_balance():
    result = evaluate(selected_sample(4), "treat", "y", ["x1", "x2", "region"], method="psm", reps=50)
    rows = {r["covariate"]: r for r in result.balance}
    assert set(rows) == {"x1", "x2", "region=north", "region=south"}
    assert rows["x1"]["smd_before"] > 0.7
    assert all(abs(r["smd_after"]) < 0.1 for r in rows.values())
    assert result.n_treated + result.n_control == 2000
    assert result.n_on_support + result.n_off_support == 2000
    assert 0 < result.n_treated_used <= result.n_treated_on_support <= result.n_treated


def test_overlap_histogram_counts_every_unit():
    result = evaluate(selected_sample(5), "treat", "y", ["x1", "x2"], method="ipw", reps=30)
    counts = pd.DataFrame(result.overlap).groupby("group")["count"].sum()
    assert counts["treated"] == result.n_treated and counts["control"] == result.n_control


def test_difference_in_differences_removes_an_unobserved_fixed_effect():
    # fixed effects correlated with nothing observed, but the outcome level differs by x1 which
    # drives selection: the change removes it, the covariates handle trends by x1.
    data = selected_sample(6)
    result = evaluate(data, "treat", "y_after", ["x1", "x2", "region"], method="did", baseline="y_before")
    assert result.ci_method == "analytic (HC1)"
    assert result.ci_low <= TRUE_EFFECT <= result.ci_high
    assert result.naive_difference > TRUE_EFFECT + 2.0


def test_psm_caliper_tighter_uses_fewer_treated():
    data = selected_sample(7)
    wide = evaluate(data, "treat", "y", ["x1", "x2"], method="psm", reps=20, caliper_sd=1.0)
    tight = evaluate(data, "treat", "y", ["x1", "x2"], method="psm", reps=20, caliper_sd=0.001)
    assert tight.n_treated_used < wide.n_treated_used


@pytest.mark.parametrize("change,message", [
    (lambda d: d.assign(treat=d["x1"]), "must be binary 0/1"),
    (lambda d: d.assign(treat=0), "no treated units"),
    (lambda d: d.assign(treat=1), "no control units"),
    (lambda d: d.drop(columns="x2"), "column(s) not in the data: x2"),
    (lambda d: d.assign(y="high"), "outcome column 'y' must be numeric"),
])
def test_user_mistakes_raise_a_clear_error(change, message):
    with pytest.raises(EvaluationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        evaluate(change(selected_sample(8, n=200)), "treat", "y", ["x1", "x2"], reps=20)


def test_treatment_may_be_true_false_text():
    data = selected_sample(9, n=500)
    data["treat"] = data["treat"].map({1: "TRUE", 0: "false"})
    assert evaluate(data, "treat", "y", ["x1"], method="ipw", reps=20).n_treated > 100
