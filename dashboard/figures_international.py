"""The International page's figure: one panel per country, one line per statistical concept (a pure function)."""

import math

import pandas as pd

from dashboard import phone
from dashboard.figures_common import PALETTE, empty, figure


def concept_panels(frame: pd.DataFrame, geos: list[str], names: dict[str, str], series: dict[str, str],
                   lang: str, title: str, unit: str, no_series: str) -> dict:
    """`series` maps each indicator to its legend label in drawing order (first solid, others dashed);
    a year without an observation breaks the line instead of being bridged. One row of panels; on a phone two
    columns, titles on two lines (dashboard/phone.py)."""
    if frame.empty:
        return empty(no_series, lang)
    traces, legend, empty_panels = [], set(), []
    for i, geo in enumerate(geos):
        suffix = str(i + 1) if i else ""
        drawn = [trace(frame, geo, indicator, label, rank, names, suffix, legend)
                 for rank, (indicator, label) in enumerate(series.items())]
        traces += [t for t in drawn if t]
        empty_panels += [] if any(drawn) else [i]
    axes, notes = panels(geos, names, unit, len(geos), empty_panels, no_series)
    small_axes, small_notes = panels(geos, names, unit, phone.COLUMNS, empty_panels, no_series, small=True)
    rows = math.ceil(len(geos) / phone.COLUMNS)
    return figure(traces, lang, title, 440, extra_top=30, annotations=notes, **axes,
                  phone={"height": 140 + 240 * rows, "annotations": small_notes, **small_axes})


def panels(geos: list[str], names: dict[str, str], unit: str, columns: int, empty_panels: list[int],
           no_series: str, small: bool = False) -> tuple[dict, list]:
    """Axes and titles of one panel per country on `columns` columns, the value scale shared and shown left."""
    rows = math.ceil(len(geos) / columns)
    gap_x, gap_y = 0.08 if small else 0.02, 0.16 if rows > 1 else 0
    width, height = (1 - gap_x * (columns - 1)) / columns, (1 - gap_y * (rows - 1)) / rows
    axes, notes = {}, []
    for i, geo in enumerate(geos):
        row, col = divmod(i, columns)
        suffix, x0, top = str(i + 1) if i else "", col * (width + gap_x), 1 - row * (height + gap_y)
        axes[f"xaxis{suffix}"] = {"domain": [x0, x0 + width], "anchor": f"y{suffix}", "nticks": 3 if small else 0}
        axes[f"yaxis{suffix}"] = {"domain": [top - height, top], "anchor": f"x{suffix}", "matches": "y" if i else None,
                                  "showticklabels": col == 0, **({} if i else {"title": {"text": unit}})}
        name = names.get(geo, geo)
        notes.append({"text": phone.lines(name, phone.TITLE, hyphens=True) if small else name, "x": x0 + width / 2,
                      "y": top, "xref": "paper", "yref": "paper", "yanchor": "bottom", "showarrow": False})
        if i in empty_panels:
            notes.append({"text": phone.lines(no_series, phone.TITLE) if small else no_series, "x": x0 + width / 2,
                          "y": top - height / 2, "xref": "paper", "yref": "paper", "showarrow": False})
    return axes, notes


def trace(frame: pd.DataFrame, geo: str, indicator: str, label: str, rank: int, names: dict, suffix: str,
          legend: set) -> dict | None:
    rows = frame[(frame["geo"] == geo) & (frame["indicator"] == indicator)]
    if rows.empty:
        return None
    rows = rows.assign(year=rows["period"].astype(int)).set_index("year")
    rows = rows.reindex(range(rows.index.min(), rows.index.max() + 1))
    shown = indicator not in legend
    legend.add(indicator)
    return {"type": "scatter", "x": rows.index.tolist(), "y": rows["value"].tolist(), "name": label,
            "meta": geo, "legendgroup": indicator, "legendrank": rank, "showlegend": shown, "connectgaps": False,
            "xaxis": f"x{suffix}", "yaxis": f"y{suffix}", "mode": "lines+markers" if rank == 0 else "lines",
            "line": {"color": PALETTE[rank], "dash": "solid" if rank == 0 else "dash"},
            "customdata": rows[["obs_status", "source"]].fillna("").values.tolist(),
            "hovertemplate": f"{names.get(geo, geo)} %{{x}}: %{{y:,.1f}}<br>%{{customdata[0]}}"
                             "<br>%{customdata[1]}<extra>" + label + "</extra>"}
