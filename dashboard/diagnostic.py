"""The charts an ILO employment diagnostic opens with, for one country, each as chart_outputs values."""

import pandas as pd

from dashboard import components as C
from dashboard import countries as K
from dashboard import data
from dashboard import figures_common as F
from dashboard import lang as L
from dashboard.meta import chart_meta
from dashboard.shown import measure_unit, shown
from indicators.catalog import entry

SURVEY, MODELLED = "ilo_unemployment_rate", "ilo_unemployment_rate_modelled"
REGISTERED = "registered_unemployment_rate"
REGIONAL = ("registered_unemployed", "jobseekers", "programme_participants")  # register counts kept by region


def ilo_rate(geo: str) -> str:
    """The survey rate where the country has one, else the ILO modelled estimate (Switzerland in data/)."""
    return SURVEY if geo in data.available().get(SURVEY, {}).get("geos", []) else MODELLED


def result(indicator: str, rows: pd.DataFrame, lang: str, title: str, fig_of) -> tuple:
    """chart_outputs values; with no rows, an empty figure whose source line names the chart and says so."""
    if rows.empty:
        return C.empty_result(lang, f"{title}: {L.t('chart.no_data', lang)}")
    unit, decimals = measure_unit(entry(indicator), "level", lang)
    return C.chart_result(fig_of(rows, unit, decimals), rows, chart_meta(indicator, rows, lang, title, unit), lang,
                          decimals)


def over_time(geo: str, indicator: str, dim: str, codes: list[str], lang: str, title_key: str) -> tuple:
    """One annual line per code of a breakdown (sex or age)."""
    frame = data.observations(indicator, [geo], "level", "NSA", "A", dim)
    rows = shown(frame[frame[dim].isin(codes)], indicator, lang, dim)
    rows = rows.assign(series=rows["breakdown"])
    title = L.t(title_key, lang, indicator=L.indicator_name(indicator, lang), country=L.geo_name(geo, lang))
    return result(indicator, rows, lang, title, lambda r, unit, d: F.line(r, lang, title, unit, unit, d))


def by_sex(geo: str, lang: str) -> tuple:
    return over_time(geo, ilo_rate(geo), "sex", ["_T", "F", "M"], lang, "diagnostic.by_sex")


def by_age(geo: str, lang: str) -> tuple:
    return over_time(geo, ilo_rate(geo), "age", ["_T", "Y15-24", "Y_GE25"], lang, "diagnostic.by_age")


def informality(geo: str, lang: str) -> tuple:
    return over_time(geo, "informal_employment_rate", "sex", ["_T", "F", "M"], lang, "diagnostic.informal")


def youth(geo: str, lang: str) -> tuple:
    """Youth unemployment (15-24), each Maghreb country and the one chosen at its latest year."""
    indicator = ilo_rate(geo)
    geos = list(dict.fromkeys([geo, *K.MAGHREB]))
    frame = data.observations(indicator, geos, "level", "NSA", "A", "age")
    rows = K.with_years(shown(K.latest_per_place(frame[frame["age"] == "Y15-24"]), indicator, lang), lang)
    title = L.t("diagnostic.youth", lang, indicator=L.indicator_name(indicator, lang))
    return result(indicator, rows, lang, title, lambda r, unit, d: F.bars(r, lang, title, unit, unit, d))


def registered_vs_survey(geo: str, lang: str) -> tuple:
    """The register's rate beside the ILO rate where both exist: two concepts, two series (of the reader's world)."""
    indicators = (REGISTERED, ilo_rate(geo))
    frames = [shown(data.observations(i, [geo], "level", "NSA", "A"), i, lang) for i in indicators]
    title = L.t("diagnostic.registered", lang, country=L.geo_name(geo, lang))
    if not all(len(f) for f in frames):
        return C.empty_result(lang, L.t("diagnostic.no_register", lang))
    rows = pd.concat([f.assign(series=L.indicator_name(i, lang)) for i, f in zip(indicators, frames)])
    return result(REGISTERED, rows, lang, title, lambda r, unit, d: F.line(r, lang, title, unit, unit, d))


def regions(geo: str, lang: str) -> tuple:
    """A register count by region in its latest month, ranked (no open boundaries to draw a map with)."""
    available = data.available()
    indicator = next((i for i in REGIONAL if any(g.startswith(geo + "-") for g in available.get(i, {}).get("geos", []))),
                     REGIONAL[0])
    places = [g for g in available.get(indicator, {}).get("geos", []) if g.startswith(geo + "-")]
    frame = data.observations(indicator, places, "level", "NSA", "M") if places else pd.DataFrame()
    latest = frame["period"].max() if len(frame) else None
    rows = shown(frame[frame["period"] == latest], indicator, lang) if latest else pd.DataFrame()
    title = L.t("diagnostic.regions", lang, indicator=L.indicator_name(indicator, lang),
                period=L.period_label(latest or "", lang), country=L.geo_name(geo, lang))
    if rows.empty:
        return C.empty_result(lang, L.t("diagnostic.no_regions", lang))
    return result(indicator, rows, lang, title, lambda r, unit, d: F.bars(r, lang, title, unit, unit, d))
