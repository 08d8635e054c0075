"""Figures of the vacancies page: the Beveridge curve and occupations against the 5 % line (pure functions)."""

import pandas as pd

from dashboard.figures_common import PALETTE, figure
from dashboard.obligation import NEAR, THRESHOLD

STATUS_COLOURS = {"subject": PALETTE[3], "near": PALETTE[1], "below": PALETTE[0]}


def beveridge(points: pd.DataFrame, lang: str, title: str, x_title: str, y_title: str) -> dict:
    """Connected scatter of (unemployment rate, vacancy rate), one point per period, labelled by period."""
    data = points.sort_values("period")
    trace = {"type": "scatter", "x": data["unemployment_rate"].tolist(), "y": data["vacancy_rate"].tolist(),
             "mode": "lines+markers+text", "text": data["period_label"].tolist(), "textposition": "top center",
             "textfont": {"size": 9}, "line": {"color": PALETTE[0]},
             "marker": {"color": list(range(len(data))), "colorscale": "Cividis", "size": 8},
             "hovertemplate": f"%{{text}}<br>{x_title}: %{{x:,.1f}}<br>{y_title}: %{{y:,.2f}}<extra></extra>"}
    # two decimals: Plotly steps a narrow range by 0.05, which one decimal would show as "2.7 2.7 2.8"
    return figure([trace], lang, title, xaxis={"title": {"text": x_title}, "tickformat": ",.2f"},
                  yaxis={"title": {"text": y_title}, "tickformat": ",.2f"})


def occupations(means: pd.DataFrame, lang: str, title: str, axis: str, band: str, line: str) -> dict:
    """Each occupation's mean rate, coloured subject / near the threshold / below, with the 5 % line and band."""
    data = means.sort_values("value")
    trace = {"type": "bar", "x": data["value"].tolist(), "y": data["label"].astype(str).tolist(),
             "orientation": "h", "marker": {"color": [STATUS_COLOURS[s] for s in data["status"]]},
             "hovertemplate": "%{y}: %{x:,.2f} %<extra></extra>"}
    shapes = [{"type": "rect", "x0": THRESHOLD - NEAR, "x1": THRESHOLD, "y0": 0, "y1": 1, "yref": "paper",
               "fillcolor": PALETTE[1], "opacity": 0.15, "line": {"width": 0}},
              {"type": "line", "x0": THRESHOLD, "x1": THRESHOLD, "y0": 0, "y1": 1, "yref": "paper",
               "line": {"color": PALETTE[3], "dash": "dash"}}]
    notes = [{"text": band, "x": THRESHOLD - NEAR, "y": 1, "yref": "paper", "xanchor": "right", "yanchor": "bottom",
              "showarrow": False}, {"text": line, "x": THRESHOLD, "y": 1, "yref": "paper", "xanchor": "left",
                                    "yanchor": "bottom", "showarrow": False}]
    return figure([trace], lang, title, max(320, 20 * len(data) + 120), shapes=shapes, annotations=notes,
                  xaxis={"title": {"text": axis}, "tickformat": ",.1f"}, yaxis={"type": "category", "automargin": True})
