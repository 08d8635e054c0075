"""Compare → Countries: each country's value (its latest year, or one year), ranked against the peer mean;
a dozen countries or fewer as small multiples over time, more as one ranked chart with the ones searched for."""

from dashboard import components as C
from dashboard import countries as K
from dashboard import data
from dashboard import figures_common as F
from dashboard import figures_countries as FK
from dashboard import lang as L
from dashboard.meta import chart_meta
from dashboard.shown import measure_unit, shown
from indicators.catalog import entry


def values(state: dict, lang: str):
    """The peers' values of the period shown, each labelled with its year."""
    indicator = state["indicator"]
    frame = data.observations(indicator, state["peers"], "level", "NSA", state["freq"])
    latest = state["period"] == K.LATEST
    frame = K.latest_per_place(frame) if latest else frame[frame["period"] == state["period"]]
    return K.with_years(shown(frame, indicator, lang), lang)


def ranking(state: dict, lang: str) -> tuple:
    indicator = state["indicator"]
    unit, decimals = measure_unit(entry(indicator), "level", lang)
    rows = values(state, lang)
    mean = float(rows["value"].mean()) if len(rows) else None
    period = L.t("countries.latest", lang) if state["period"] == K.LATEST else L.period_label(state["period"], lang)
    title = L.t("countries.ranking", lang, indicator=L.indicator_name(indicator, lang), period=period,
                group=L.t(f"peer_group.{state['peergroup']}", lang))
    label = f"{L.t('option.peer_mean', lang)} {L.number(mean, lang, decimals)} {unit}"
    if rows.empty:
        fig = F.empty(L.t("chart.no_data", lang), lang)
    elif len(rows) > K.MANY:
        fig = FK.ranked_columns(K.ranked(rows, state["find"]), lang, title, unit, unit, decimals, mean, label)
    else:
        plotted = rows.assign(value=(rows["value"] - mean).round(decimals + 2))
        fig = F.bars(plotted, lang, title, L.t("column.deviation", lang) + f" ({unit})", unit, decimals, 0.0, label)
    rows = rows.assign(reference=mean, deviation=(rows["value"] - mean).round(decimals + 2))
    return C.chart_result(fig, rows, chart_meta(indicator, rows, lang, title, unit), lang, decimals)


def series(state: dict, lang: str) -> tuple:
    """Over time: every peer as a small multiple, or, beyond a dozen, the countries searched for in one chart."""
    indicator = state["indicator"]
    unit, decimals = measure_unit(entry(indicator), "level", lang)
    many = len(state["peers"]) > K.MANY
    geos = state["find"] if many else state["peers"]
    rows = shown(data.observations(indicator, geos, "level", "NSA", state["freq"]), indicator, lang)
    title = L.t("compare.multiples", lang, indicator=L.indicator_name(indicator, lang))
    if rows.empty:
        fig = F.empty(L.t("countries.find_hint" if many else "chart.no_data", lang), lang)
    elif many:
        fig = F.line(rows, lang, title, unit, unit, decimals)
    else:
        fig = F.multiples(rows, lang, title, unit, decimals)
    return C.chart_result(fig, rows, chart_meta(indicator, rows, lang, title, unit), lang, decimals)
