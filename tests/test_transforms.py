"""Transforms on request: index, peer-group deviation, seasonal adjustment (the mart's own, else X-13; never under 3 years)."""

import numpy as np
import pandas as pd
import pytest

from indicators.transforms import deviation_peer, index, sa
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


def monthly(months: int, realm: str = "official") -> pd.DataFrame:
    return levels([("CH", p, v) for p, v in seasonal_series(months).items()]).assign(
        realm=realm, basis="synthetic" if realm == "synthetic" else realm, source="SECO", vintage="2026-08-29")


def test_seasonal_adjustment_refuses_fewer_than_three_years():
    with pytest.raises(LmoError):
        sa(monthly(30))


def test_sa_series_are_labelled_and_unadjusted_kept_apart():
    frame = monthly(40)
    out = sa(frame)
    assert set(out["adjustment"]) == {"SA"} and len(out) == 40
    assert set(out["realm"]) == {"derived"} and out["source"].str.contains("X-13ARIMA-SEATS").all()
    assert set(frame["adjustment"]) == {"NSA"}
    assert set(sa(monthly(40, "synthetic"))["realm"]) == {"synthetic"}  # the demo world stays synthetic


def test_a_series_the_mart_adjusts_is_not_adjusted_again():
    frame = monthly(40)
    stored = frame.assign(adjustment="SA", realm="derived", value=frame["value"] + 100, source="mart")
    out = sa(pd.concat([frame, stored]))
    assert len(out) == 40 and set(out["source"]) == {"mart"}
