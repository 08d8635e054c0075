"""Seasonal adjustment as official statistics do it: X-13ARIMA-SEATS reproduces SECO's published SA rate, SA rows
for CH and every canton long enough (none for the rest, with the reason), STL only as a labelled fallback."""

import duckdb
import numpy as np
import pandas as pd
import pytest

from indicators.catalog import entry, seasonal_specs
from indicators.seasonal import adjust, latest_span, too_short

TOTALS = "sex = '_T' AND age = '_T' AND citizenship = '_T' AND activity = '_T' AND occupation = '_T' AND programme = '_T'"


@pytest.fixture(scope="module")
def mart(warehouse) -> pd.DataFrame:
    """Monthly total levels of the declared indicators in the shared pipeline warehouse, both adjustments."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(f"""
            SELECT indicator, geo, period, adjustment, measure, value, realm, basis, source
            FROM mart.indicator_values WHERE list_contains($i, indicator) AND frequency = 'M' AND {TOTALS}
              AND measure IN ('level', 'change_prev_pp', 'change_prev_abs')""",
            {"i": list(seasonal_specs())}).df()


def value(mart, indicator, geo, period, adjustment, realm):
    row = mart.query("indicator == @indicator and geo == @geo and period == @period and adjustment == @adjustment"
                     " and measure == 'level' and realm == @realm")
    return row["value"].item()


def test_x13_reproduces_secos_published_seasonally_adjusted_figures(mart):
    published = [(i, p) for i, spec in seasonal_specs().items() for p in spec.get("published", [])]
    assert published  # SECO, March 2025: 2.8 % seasonally adjusted, 2.9 % unadjusted
    for indicator, figure in published:
        decimals = entry(indicator)["decimals"]
        sa = value(mart, indicator, figure["geo"], figure["period"], "SA", "derived")
        nsa = value(mart, indicator, figure["geo"], figure["period"], "NSA", "official")
        assert (round(sa, decimals), round(nsa, decimals)) == (figure["value"], figure["unadjusted"]), figure["source"]


def test_sa_rows_for_ch_and_every_canton_long_enough_and_none_for_the_rest(mart):
    for indicator, spec in seasonal_specs().items():
        rows = mart[mart["indicator"] == indicator]
        unadjusted = rows[(rows["adjustment"] == "NSA") & (rows["measure"] == "level") & (rows["basis"] != "synthetic")]
        adjusted = rows[(rows["adjustment"] == "SA") & (rows["measure"] == "level")]
        assert set(adjusted["realm"]) == {"derived"} and set(adjusted["basis"]) == {"official"}
        assert adjusted["source"].str.endswith("seasonally adjusted by LMO (X-13ARIMA-SEATS)").all()
        for geo, series in unadjusted.sort_values("period").groupby("geo"):
            span = latest_span(series.set_index("period")["value"])
            ours = adjusted[adjusted["geo"] == geo]
            assert sorted(ours["period"]) == ([] if too_short(span, spec) else list(span.index)), (indicator, geo)
    rates = set(mart.query("indicator == 'registered_unemployment_rate' and adjustment == 'SA'")["geo"])
    assert {"CH", "CH-BS", "CH-BL", "CH-ZH", "CH-AG"} <= rates
    changes = mart.query("indicator == 'registered_unemployment_rate' and geo == 'CH' and adjustment == 'SA'"
                         " and measure == 'change_prev_pp'").set_index("period")["value"]
    levels = mart.query("indicator == 'registered_unemployment_rate' and geo == 'CH' and adjustment == 'SA'"
                        " and measure == 'level'").set_index("period")["value"]
    assert changes["2025-03"] == pytest.approx(levels["2025-03"] - levels["2025-02"])


def seasonal(months: int) -> pd.Series:
    t = np.arange(months)
    pattern = np.array([0.6, 0.5, 0.3, 0.0, -0.2, -0.4, -0.4, -0.3, -0.2, 0.0, 0.2, 0.4])
    noise = np.random.default_rng(0).normal(0, 0.03, months)
    return pd.Series(3.0 + 0.01 * t + pattern[t % 12] + noise,
                     index=pd.period_range("2020-01", periods=months, freq="M").strftime("%Y-%m"))


def spread(series: pd.Series) -> float:
    """Range of the month-of-year means of a series less its trend."""
    detrended = series.to_numpy() - 0.01 * np.arange(len(series))
    means = [detrended[month::12].mean() for month in range(12)]
    return max(means) - min(means)


def test_stl_only_where_x13_fails_and_labelled_so():
    spec = seasonal_specs()["registered_unemployment_rate"]
    assert adjust(seasonal(48), spec).method == "x13"
    broken = spec | {"options": {"maxorder": [9, 9]}}  # X-13 refuses ARMA orders above 4
    done = adjust(seasonal(48), broken)
    assert done.label == ("STL, fallback: X-13ARIMA-SEATS failed "
                          "(ERROR:  Regular orders must be less than or equal to 4.)") and done.method == "stl"
    assert spread(seasonal(48)) > 0.9 and spread(done.values) < 0.1  # the seasonal pattern is gone
    with pytest.raises(RuntimeError):
        adjust(seasonal(48), broken | {"fallback": None})


def test_under_three_years_nothing_is_adjusted():
    spec = seasonal_specs()["registered_unemployed"]
    assert too_short(seasonal(35), spec) == "35 consecutive months, x13 needs 36 (3 years)"
    with pytest.raises(ValueError, match="35 consecutive months"):
        adjust(seasonal(35), spec)
    gap = seasonal(60).drop(["2022-05"])
    assert latest_span(gap).index[0] == "2022-06" and too_short(latest_span(gap), spec)


def test_the_explorer_offers_the_sa_series_and_both_side_by_side(app):
    from dashboard import data
    from dashboard.pages import explorer

    info = data.available()["registered_unemployment_rate"]
    assert explorer.adjustments(info) == ["NSA", "SA", "both"]
    fig, payload, *_ = explorer.explorer_chart({"indicator": "registered_unemployment_rate", "geos": "CH",
                                                "adj": "both"}, "en")
    names = {trace["name"] for trace in fig["data"] if "line" in trace}
    assert names == {"Switzerland · Unadjusted", "Switzerland · Seasonally adjusted"}
    march = [row["value"] for row in payload["rows"] if row["period"] == "2025-03" and row["adjustment"] == "SA"]
    assert [round(v, 1) for v in march] == [2.8]


def test_overview_headline_shows_the_sa_value_with_its_change(app):
    from dashboard import data
    from dashboard.pages import overview

    period = data.latest_period("registered_unemployment_rate")
    adjusted = data.headline("registered_unemployment_rate", "CH", period, "SA")
    text = str(overview.card("registered_unemployment_rate", "de"))
    assert "overview-card-registered_unemployment_rate-sa" in text
    assert f"Saisonbereinigt: {overview.L.number(adjusted['level'], 'de', 1)} %" in text
    L = overview.L
    assert f"{L.signed(adjusted['change_prev_pp'], 'de', 2)} {L.t('unit.pp', 'de')} {L.t('overview.vs_prev', 'de')}" in text
    assert "-sa" not in str(overview.card("registered_unemployed", "de"))  # 19 months of SECO's bulletin: no SA


def test_bulletin_headline_shows_sa_level_and_change(warehouse):
    from publish.bulletin import render

    figure = seasonal_specs()["registered_unemployment_rate"]["published"][0]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        html = render(con, figure["period"], "en", [])
    assert "Seasonally adjusted figures are computed by LMO" in html and "not published yet" not in html
    row = html[html.index("<td>Registered unemployment rate</td>"):].split("</tr>")[0]
    cells = [cell.split("</td>")[0] for cell in row.split('<td class="num">')[1:]]
    assert cells[3] == f"{figure['value']:.1f}" and cells[4].startswith(("+", "-", "0"))


def test_an_adjustment_is_run_once_per_series_and_declaration_and_kept_in_the_warehouse(monkeypatch):
    from indicators import seasonal as sa
    from indicators import seasonal_memo

    spec = seasonal_specs()["registered_unemployment_rate"]
    series, changed = seasonal(48), seasonal(48).copy()
    changed.iloc[-1] += 0.1
    memo = sa.Memo()
    first = sa.adjust_all([(series, spec)], memo)[0]
    con = duckdb.connect()
    con.execute("CREATE SCHEMA mart")
    seasonal_memo.note_used(con, memo)
    seasonal_memo.store(con, whole=True)
    kept = seasonal_memo.load(con)
    ran = []
    monkeypatch.setattr(sa, "adjust", lambda s, sp: ran.append(s) or first)
    again, other = sa.adjust_all([(series, spec), (changed, spec)], kept)
    assert ran == [changed] and again.label == first.label and again.method == "x13"
    assert np.array_equal(again.values.to_numpy(), first.values.to_numpy())
    assert list(again.values.index) == list(series.index)
    sa.adjust_all([(series, spec | {"min_years": 4})], kept)  # another declaration: another adjustment
    assert len(ran) == 2 and kept.used == {sa.job_key(s, sp) for s, sp in
                                           [(series, spec), (changed, spec), (series, spec | {"min_years": 4})]}
