"""Transforms on request: index, peer-group deviation, STL seasonal adjustment (never under 3 years)."""

import numpy as np
import pandas as pd
import pytest

from indicators.transforms import deviation_peer, index, sa, seasonally_adjust
from kernel.settings import LmoError

DIMS = {"sex": "_T", "age": "_T", "citizenship": "_T", "activity": "_T", "occupation": "_T", "programme": "_T"}


def levels(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["geo", "period", "value"]).assign(
        indicator="registered_unemployment_rate", unit="percent", adjustment="NSA", measure="level", **DIMS)


def test_index_on_a_base_period():
    out = index(levels([("CH", "2024", 2.0), ("CH", "2025", 2.5), ("CH-ZH", "2025", 3.0)]), "2024")
    assert dict(zip(out["period"], out["value"])) == {"2024": 100.0, "2025": 125.0}  # ZH has no base: dropped
    assert out["unit"].iloc[0] == "index (2024 = 100)"


def test_deviation_from_the_peer_group_mean():
    out = deviation_peer(levels([("CH-GE", "2025", 4.0), ("CH-VD", "2025", 3.0), ("CH-ZH", "2025", 2.0),
                                 ("CH-BE", "2025", 2.4)]), "rate").set_index("geo")["value"]
    assert out["CH-GE"] == pytest.approx(0.5) and out["CH-VD"] == pytest.approx(-0.5)
    assert out["CH-ZH"] == pytest.approx(-0.2) and out["CH-BE"] == pytest.approx(0.2)


def seasonal_series(months: int) -> pd.Series:
    t = np.arange(months)
    pattern = np.array([0.6, 0.5, 0.3, 0.0, -0.2, -0.4, -0.4, -0.3, -0.2, 0.0, 0.2, 0.4])
    periods = pd.period_range("2020-01", periods=months, freq="M").strftime("%Y-%m")
    return pd.Series(3.0 + 0.01 * t + pattern[t % 12], index=periods)


def test_stl_removes_a_known_seasonal_pattern():
    observed = seasonal_series(48)
    adjusted = seasonally_adjust(observed)
    trend = 3.0 + 0.01 * np.arange(48)
    assert np.abs(adjusted.to_numpy() - trend).max() < 0.05
    assert np.abs(observed.to_numpy() - trend).max() > 0.35


def test_seasonal_adjustment_refuses_fewer_than_three_years():
    with pytest.raises(ValueError, match="3 full years"):
        seasonally_adjust(seasonal_series(35))
    short = levels([("CH", p, v) for p, v in seasonal_series(30).items()])
    with pytest.raises(LmoError):
        sa(short)


def test_sa_series_are_labelled_and_unadjusted_kept_apart():
    frame = levels([("CH", p, v) for p, v in seasonal_series(40).items()])
    out = sa(frame)
    assert set(out["adjustment"]) == {"SA"} and len(out) == 40
    assert set(frame["adjustment"]) == {"NSA"}
