"""Figures shared by the pages, as pure functions of the data shown (columns: series, period, period_label,
value, flag, source) and already translated texts; the language only sets Plotly's number separators.
Figures are plain dicts (Plotly's figure JSON): building and validating graph objects cost most of a callback's time."""

import textwrap
from functools import cache

import pandas as pd
import plotly.io as pio

from dashboard import lang as L
from dashboard import phone
from dashboard.rtl import mirror
from dashboard.world import watermark

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
TEMPLATE = "plotly_white"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


@cache
def template() -> dict:
    """The Plotly template's layout as plain JSON (plotly.js does not resolve template names); its per-trace
    defaults are left out: they would triple the size of every figure sent."""
    return {"layout": pio.templates[TEMPLATE].to_plotly_json()["layout"]}


def wrapped(title: str, width: int = 42) -> str:
    """A long title on lines of about `width` characters, the first broken after a colon if it has one
    (Plotly does not wrap titles: a long one runs off a phone's screen)."""
    if len(title) <= width:
        return title
    head, colon, tail = title.partition(": ")
    if colon and len(head) < width * 1.5:
        return f"{head}:<br>{wrapped(tail, width)}"
    return "<br>".join(textwrap.wrap(title, width))


# Legends under the plot, measured from the bottom of the figure: they never cover the axis's tick labels.
LEGEND = {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0, "xanchor": "left"}
# A time axis of real dates: months labelled while a tick is less than a year apart, else years only (the
# hover says the month); Plotly picks the tick spacing for the width, so labels never collide on a phone.
DATE_AXIS = {"type": "date", "automargin": True, "ticklabelmode": "period", "tickformatstops": [
    {"dtickrange": [None, "M11"], "value": "%b %Y"}, {"dtickrange": ["M12", None], "value": "%Y"}]}
# west, east, south, north of the cantons: a map shows all of them, Geneva to Graubünden, at any width
SWITZERLAND = [5.95, 10.5, 45.8, 47.81]
YEAR_AXIS = {"type": "linear", "tickformat": "d", "automargin": True}
# Markers of flagged points: a break in the series and provisional values (SDMX OBS_STATUS B and P).
FLAG_MARKERS = {"B": {"symbol": "diamond", "size": 11, "color": "#000000"},
                "P": {"symbol": "circle-open", "size": 10, "color": "#000000"}}


def figure(traces: list[dict], lang: str, title: str, height: int = 420, extra_top: int = 0,
           phone: dict | None = None, **layout) -> dict:
    """A figure's layout; `extra_top`: room under the title (panel labels); `phone`: top-level layout parts
    that replace the figure's on a narrow screen (dashboard/phone.py). In the demo world the synthetic-data
    watermark is one more annotation."""
    fig = drawn(traces, lang, title, height, extra_top, layout)
    if phone:
        small = drawn(traces, lang, title, phone.pop("height", height), extra_top, layout | phone)["layout"]
        fig["layout"]["meta"] = fig["layout"].get("meta", {}) | {
            "narrow": {key: small[key] for key in ("height", *phone)},
            "wide": {key: fig["layout"][key] for key in ("height", *phone)}}
    return fig


def drawn(traces: list[dict], lang: str, title: str, height: int, extra_top: int, layout: dict) -> dict:
    text = wrapped(title)
    layout = layout | {"annotations": [*layout.get("annotations", []), *watermark(lang)]}
    top = (38 + 22 * text.count("<br>") if title else 20) + extra_top  # room for every line of the title
    fig = {"data": traces, "layout": {
        "template": template(), "separators": L.separators(lang), "title": {"text": text, "x": 0.01},
        "height": height + top - 60, "font": {"family": FONT}, "legend": LEGEND,
        "margin": {"l": 10, "r": 10, "t": top + 22, "b": 10}, "hoverlabel": {"namelength": -1}, "colorway": PALETTE,
        **layout}}
    return mirror(fig) if L.direction(lang) == "rtl" else fig


def period_date(period: str) -> str | int:
    """`2026-07` → `2026-07-01`, `2026-Q3` → `2026-07-01`: where a date axis puts it; a year stays a number
    (an annual series has a year axis: months between years would mean nothing)."""
    if len(period) == 4:
        return int(period)
    if "Q" in period:
        return f"{period[:4]}-{3 * int(period[-1]) - 2:02d}-01"
    return f"{period[:7]}-01"


def empty(message: str, lang: str, height: int = 300) -> dict:
    return figure([], lang, "", height, xaxis={"visible": False}, yaxis={"visible": False}, annotations=[
        {"text": message, "showarrow": False, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper"}])


def hover(unit: str, decimals: int, axis: str = "y") -> str:
    """Tooltip: place, period, value with unit, flag and source (customdata = series, label, flag, source)."""
    return (f"<b>%{{customdata[0]}}</b><br>%{{customdata[1]}}: %{{{axis}:,.{decimals}f}} {unit}"
            "<br>%{customdata[2]}<br><i>%{customdata[3]}</i><extra></extra>")


def custom(frame: pd.DataFrame) -> list:
    return frame[["series", "period_label", "flag", "source"]].fillna("").values.tolist()


def by_series(shown: pd.DataFrame):
    """(name, dates, values, customdata) of each series in order of appearance, periods sorted."""
    ordered = shown.sort_values("period", kind="stable")
    dates, values, extra = ordered["period"].map(period_date).tolist(), ordered["value"].tolist(), custom(ordered)
    groups = ordered.groupby("series", sort=False).indices
    for name in dict.fromkeys(ordered["series"]):
        rows = groups[name]
        yield name, [dates[i] for i in rows], [values[i] for i in rows], [extra[i] for i in rows]


def flagged(shown: pd.DataFrame, lang: str, unit: str, decimals: int) -> list[dict]:
    """One marker trace per flag shown (break, provisional), named in the legend with the flag's meaning."""
    traces = []
    for code, marker in FLAG_MARKERS.items():
        points = shown[shown.get("status", pd.Series(dtype=str)) == code].sort_values("period")
        if len(points):
            traces.append({"type": "scatter", "mode": "markers", "x": points["period"].map(period_date).tolist(),
                           "y": points["value"].tolist(), "name": f"{code}: {L.flag(code, lang)}", "marker": marker,
                           "customdata": custom(points), "hovertemplate": hover(unit, decimals)})
    return traces


def line(shown: pd.DataFrame, lang: str, title: str, yaxis: str, unit: str, decimals: int) -> dict:
    """Series over time on a date axis, seasonally adjusted ones (an `adjustment` column says SA) dashed; flagged
    points marked."""
    dashed = set(shown.loc[shown["adjustment"] == "SA", "series"]) if "adjustment" in shown else set()
    traces = [{"type": "scatter", "x": x, "y": y, "name": name, "mode": "lines+markers" if len(x) < 40 else "lines",
               "marker": {"symbol": i % 8}, "line": {"dash": "dash" if name in dashed else "solid"},
               "customdata": extra, "hovertemplate": hover(unit, decimals)}
              for i, (name, x, y, extra) in enumerate(by_series(shown))]
    # an annual axis has at most one tick a year (no 2025.5), and half as many on a phone (no slanted years)
    years = shown["period"].nunique() if shown["period"].str.len().eq(4).all() else 0
    axis = YEAR_AXIS | {"nticks": min(years, 10)} if years else DATE_AXIS
    return figure(traces + flagged(shown, lang, unit, decimals), lang, title, xaxis=axis,
                  yaxis={"title": {"text": yaxis}, "tickformat": f",.{decimals}f", "automargin": True},
                  phone={"xaxis": axis | {"nticks": min(years, phone.YEARS)}} if years else None)


def bars(shown: pd.DataFrame, lang: str, title: str, axis: str, unit: str, decimals: int,
         reference: float | None = None, reference_label: str = "") -> dict:
    data = shown.sort_values("value")
    colours = [PALETTE[1] if geo in ("CH", "MA", "TN", "MR") else PALETTE[0] for geo in data["geo"]]
    trace = {"type": "bar", "x": data["value"].tolist(), "y": data["series"].tolist(), "orientation": "h",
             "marker": {"color": colours}, "customdata": custom(data), "hovertemplate": hover(unit, decimals, "x")}
    shapes, notes = [], []
    if reference is not None:
        shapes = [{"type": "line", "x0": reference, "x1": reference, "y0": 0, "y1": 1, "yref": "paper",
                   "line": {"dash": "dash", "color": PALETTE[3]}}]
        notes = [{"text": reference_label or L.number(reference, lang, decimals), "x": reference, "y": 1,
                  "yref": "paper", "yanchor": "bottom", "showarrow": False, "font": {"color": PALETTE[3]}}]
    names = data["series"].tolist()
    xaxis, yaxis = {"title": {"text": axis}, "tickformat": f",.{decimals}f"}, {"type": "category"}
    small = [phone.lines(name) for name in names]  # on a phone a long place name takes two lines
    return figure([trace], lang, title, max(320, 22 * len(data) + 120), shapes=shapes, annotations=notes,
                  xaxis=xaxis, yaxis=yaxis, phone={
                      "height": max(320, (34 if small != names else 22) * len(data) + 140),
                      "annotations": [phone.beside(note, data["value"].dropna()) for note in notes],
                      "xaxis": xaxis | {"title": {"text": phone.lines(axis, 34)}},
                      "yaxis": yaxis | {"tickmode": "array", "tickvals": names, "ticktext": small}})


def choropleth(shown: pd.DataFrame, geojson: dict | str, lang: str, title: str, unit: str, decimals: int) -> dict:
    # A MapLibre map on a blank style: no tiles and no topojson fetched from a CDN.
    trace = {"type": "choroplethmap", "geojson": geojson, "locations": shown["geo"].tolist(),
             "z": shown["value"].tolist(), "featureidkey": "id", "colorscale": "Cividis",
             "marker": {"line": {"color": "white"}}, "colorbar": {"title": {"text": unit},
                                                                  "tickformat": f",.{decimals}f"},
             "customdata": custom(shown), "hovertemplate": hover(unit, decimals, "z")}
    return figure([trace], lang, title, 460,
                  map={"style": "white-bg", "center": {"lat": 46.8, "lon": 8.23}, "zoom": 6.0},
                  meta={"fit": SWITZERLAND})  # assets/lmo.js zooms to these bounds at any width


def multiples(shown: pd.DataFrame, lang: str, title: str, unit: str, decimals: int, columns: int = 4) -> dict:
    """One small chart per series on a shared y scale and one time axis (same span), on a grid of `columns`
    (two on a phone); the bottom row's dates are labelled."""
    traces = [{"type": "scatter", "mode": "lines", "x": x, "y": y, "name": name, "xaxis": f"x{i + 1 if i else ''}",
               "yaxis": f"y{i + 1 if i else ''}", "line": {"color": PALETTE[0]}, "showlegend": False,
               "customdata": extra, "hovertemplate": hover(unit, decimals)}
              for i, (name, x, y, extra) in enumerate(by_series(shown))]
    names = [trace["name"] for trace in traces]
    axes, notes, height = phone.grid(names, columns, decimals)
    small_axes, small_notes, small_height = phone.grid(names, phone.COLUMNS, decimals, small=True)
    return figure(traces, lang, title, height, annotations=notes, **axes,
                  phone={"height": small_height, "annotations": small_notes, **small_axes})
