"""Figures shared by the pages, as pure functions of the data shown (columns: series, period, period_label,
value, flag, source) and already translated texts; the language only sets Plotly's number separators.
Figures are plain dicts (Plotly's figure JSON): building and validating graph objects cost most of a callback's time."""

import math
from functools import cache

import pandas as pd
import plotly.io as pio

from dashboard import lang as L

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
TEMPLATE = "plotly_white"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


@cache
def template() -> dict:
    """The Plotly template's layout as plain JSON (plotly.js does not resolve template names); its per-trace
    defaults are left out: they would triple the size of every figure sent."""
    return {"layout": pio.templates[TEMPLATE].to_plotly_json()["layout"]}


def wrapped(title: str, width: int = 60) -> str:
    """A long title on two lines, broken after its first colon (Plotly does not wrap titles)."""
    head, colon, tail = title.partition(": ")
    return f"{head}:<br>{tail}" if len(title) > width and colon else title


def figure(traces: list[dict], lang: str, title: str, height: int = 420, **layout) -> dict:
    return {"data": traces, "layout": {
        "template": template(), "separators": L.separators(lang), "title": {"text": wrapped(title), "x": 0.01},
        "height": height, "font": {"family": FONT}, "legend": {"orientation": "h", "y": -0.15},
        "margin": {"l": 10, "r": 10, "t": 60, "b": 10}, "hoverlabel": {"namelength": -1}, "colorway": PALETTE,
        **layout}}


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
    """(name, period labels, values, customdata) of each series in order of appearance, periods sorted."""
    ordered = shown.sort_values("period", kind="stable")
    labels, values, extra = ordered["period_label"].tolist(), ordered["value"].tolist(), custom(ordered)
    groups = ordered.groupby("series", sort=False).indices
    for name in dict.fromkeys(ordered["series"]):
        rows = groups[name]
        yield name, [labels[i] for i in rows], [values[i] for i in rows], [extra[i] for i in rows]


def line(shown: pd.DataFrame, lang: str, title: str, yaxis: str, unit: str, decimals: int) -> dict:
    traces = [{"type": "scatter", "x": x, "y": y, "name": name, "mode": "lines+markers", "marker": {"symbol": i % 8},
               "customdata": extra, "hovertemplate": hover(unit, decimals)}
              for i, (name, x, y, extra) in enumerate(by_series(shown))]
    categories = shown.sort_values("period").drop_duplicates("period")["period_label"].tolist()
    return figure(traces, lang, title, xaxis={"type": "category", "categoryorder": "array",
                                              "categoryarray": categories},
                  yaxis={"title": {"text": yaxis}, "tickformat": f",.{decimals}f"})


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
    return figure([trace], lang, title, max(320, 22 * len(data) + 120), shapes=shapes, annotations=notes,
                  xaxis={"title": {"text": axis}, "tickformat": f",.{decimals}f"}, yaxis={"type": "category"})


def choropleth(shown: pd.DataFrame, geojson: dict | str, lang: str, title: str, unit: str, decimals: int) -> dict:
    # A MapLibre map on a blank style: no tiles and no topojson fetched from a CDN.
    trace = {"type": "choroplethmap", "geojson": geojson, "locations": shown["geo"].tolist(),
             "z": shown["value"].tolist(), "featureidkey": "id", "colorscale": "Cividis",
             "marker": {"line": {"color": "white"}}, "colorbar": {"title": {"text": unit},
                                                                  "tickformat": f",.{decimals}f"},
             "customdata": custom(shown), "hovertemplate": hover(unit, decimals, "z")}
    return figure([trace], lang, title, 460,
                  map={"style": "white-bg", "center": {"lat": 46.8, "lon": 8.23}, "zoom": 6.0})


def multiples(shown: pd.DataFrame, lang: str, title: str, unit: str, decimals: int, columns: int = 4) -> dict:
    """One small chart per series on a shared y scale, laid out on a grid of `columns`."""
    names = list(dict.fromkeys(shown["series"]))
    rows = math.ceil(len(names) / columns)
    gap_x, gap_y = 0.03, 0.35 / rows
    width, height = (1 - gap_x * (columns - 1)) / columns, (1 - gap_y * (rows - 1)) / rows
    traces, axes, notes = [], {}, []
    for i, (name, x, y, extra) in enumerate(by_series(shown)):
        row, col = divmod(i, columns)
        suffix = str(i + 1) if i else ""
        x0, top = col * (width + gap_x), 1 - row * (height + gap_y)
        traces.append({"type": "scatter", "mode": "lines", "x": x, "y": y, "name": name, "xaxis": f"x{suffix}",
                       "yaxis": f"y{suffix}", "line": {"color": PALETTE[0]}, "showlegend": False, "customdata": extra,
                       "hovertemplate": hover(unit, decimals)})
        axes[f"xaxis{suffix}"] = {"domain": [x0, x0 + width], "anchor": f"y{suffix}", "type": "category",
                                  "showticklabels": False}
        axes[f"yaxis{suffix}"] = {"domain": [top - height, top], "anchor": f"x{suffix}", "matches": "y" if i else None,
                                  "showticklabels": col == 0, "tickformat": f",.{decimals}f"}
        notes.append({"text": name, "x": x0 + width / 2, "y": top, "xref": "paper", "yref": "paper",
                      "yanchor": "bottom", "showarrow": False, "font": {"size": 11}})
    return figure(traces, lang, title, 140 * rows + 100, annotations=notes, **axes)
