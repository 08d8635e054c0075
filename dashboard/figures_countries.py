"""Figures for many countries at once: one ranked chart of fixed height, the places searched for labelled."""

import pandas as pd

from dashboard.figures_common import PALETTE, custom, figure, hover

LABELLED_TICKS = 40  # up to this many bars every name is written under its bar


def ranked_columns(rows: pd.DataFrame, lang: str, title: str, axis: str, unit: str, decimals: int,
                   reference: float | None = None, reference_label: str = "") -> dict:
    """Columns from the highest value down (rows from countries.ranked); the highlighted ones in orange and
    named above their column, every one named in its tooltip."""
    colours = [PALETTE[1] if chosen else PALETTE[0] for chosen in rows["highlighted"]]
    names = rows["series"].tolist()
    trace = {"type": "bar", "x": names, "y": rows["value"].tolist(), "marker": {"color": colours},
             "customdata": custom(rows), "hovertemplate": hover(unit, decimals)}
    notes = [{"x": name, "y": value, "text": name, "showarrow": True, "arrowhead": 0, "ax": 0, "ay": -30,
              "font": {"color": PALETTE[3]}}
             for name, value, chosen in zip(names, rows["value"], rows["highlighted"]) if chosen]
    shapes = []
    if reference is not None:
        shapes = [{"type": "line", "x0": 0, "x1": 1, "xref": "paper", "y0": reference, "y1": reference,
                   "line": {"dash": "dash", "color": PALETTE[3]}}]
        notes.append({"text": reference_label, "x": 1, "xref": "paper", "xanchor": "right", "y": reference,
                      "yanchor": "bottom", "showarrow": False, "font": {"color": PALETTE[3]}})
    many = len(rows) > LABELLED_TICKS
    return figure([trace], lang, title, 460, shapes=shapes, annotations=notes, bargap=0.1 if many else 0.3,
                  xaxis={"type": "category", "categoryorder": "array", "categoryarray": names,
                         "showticklabels": not many},
                  yaxis={"title": {"text": axis}, "tickformat": f",.{decimals}f"})
