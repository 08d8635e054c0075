"""The International page's figure: one panel per country, one line per statistical concept (a pure function)."""

import pandas as pd

from dashboard.figures_common import PALETTE, empty, figure


def concept_panels(frame: pd.DataFrame, geos: list[str], names: dict[str, str], series: dict[str, str],
                   lang: str, title: str, unit: str, no_series: str) -> dict:
    """`series` maps each indicator to its legend label in drawing order (first solid, others dashed);
    a year without an observation breaks the line instead of being bridged."""
    if frame.empty:
        return empty(no_series, lang)
    gap = 0.02
    width = (1 - gap * (len(geos) - 1)) / len(geos)
    traces, axes, notes, legend = [], {}, [], set()
    for col, geo in enumerate(geos):
        suffix = str(col + 1) if col else ""
        x0 = col * (width + gap)
        axes[f"xaxis{suffix}"] = {"domain": [x0, x0 + width], "anchor": f"y{suffix}"}
        axes[f"yaxis{suffix}"] = {"anchor": f"x{suffix}", "matches": "y" if col else None,
                                  "showticklabels": col == 0, **({} if col else {"title": {"text": unit}})}
        notes.append({"text": names.get(geo, geo), "x": x0 + width / 2, "y": 1, "xref": "paper", "yref": "paper",
                      "yanchor": "bottom", "showarrow": False})
        drawn = [trace(frame, geo, indicator, label, rank, names, suffix, legend)
                 for rank, (indicator, label) in enumerate(series.items())]
        traces += [t for t in drawn if t]
        if not any(drawn):
            notes.append({"text": no_series, "x": x0 + width / 2, "y": 0.5, "xref": "paper", "yref": "paper",
                          "showarrow": False})
    return figure(traces, lang, title, 440, extra_top=30, annotations=notes, **axes)


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
