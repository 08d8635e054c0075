"""Phone layouts: what a figure changes below NARROW px wide (assets/lmo.js relayouts it), for labels to stay
readable at 390 px: small multiples on two columns, long bar labels and axis titles on two lines."""

import math
import textwrap

NARROW = 576  # px of the chart's width: Bootstrap's `sm` breakpoint
COLUMNS = 2
LABEL = 16  # characters a line of a label holds at 390 px (11 px type beside a bar)
TITLE = 11  # characters a line of a small multiple's title holds at 390 px (panels ~75 px apart)
YEARS = 5  # year ticks an annual axis fits at 390 px without slanting them


def lines(text: str, width: int = LABEL, hyphens: bool = False) -> str:
    """A label on lines of about `width` characters (Plotly does not wrap labels), broken at spaces, and with
    `hyphens` after hyphens too ("Basel-" above "Landschaft")."""
    return "<br>".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=hyphens)) or text


def beside(note: dict, values) -> dict:
    """A reference line's label on a phone: on lines, running from the line towards the middle of the axis, so
    that it stays inside the chart."""
    low, high = min(0, min(values, default=0)), max(0, max(values, default=0))
    right = high > low and (note["x"] - low) / (high - low) > 0.5
    text = note["text"].replace(" %", "\u00a0%")  # the unit stays beside its number
    return note | {"text": lines(text), "xanchor": "right" if right else "left"}


def grid(names: list[str], columns: int, decimals: int, small: bool = False) -> tuple[dict, list, int]:
    """Axes and panel titles of small multiples on `columns` columns, and the plot's height: one time axis and
    one value scale shared by all, values left of the first column, dates under the bottom row; `small` (a phone,
    where the bottom row is screens away): dates under every row and titles on two lines."""
    rows = math.ceil(len(names) / columns)
    gap_x, gap_y = 0.03 if columns > 2 else 0.08, (0.45 if small else 0.35) / rows
    width, height = (1 - gap_x * (columns - 1)) / columns, (1 - gap_y * (rows - 1)) / rows
    axes, notes = {}, []
    for i, name in enumerate(names):
        row, col = divmod(i, columns)
        suffix = str(i + 1) if i else ""
        x0, top = col * (width + gap_x), 1 - row * (height + gap_y)
        axes[f"xaxis{suffix}"] = {"type": "date", "tickformat": "%Y", "nticks": 4 if columns > 2 else 3,
                                  "domain": [x0, x0 + width], "anchor": f"y{suffix}", "matches": "x" if i else None,
                                  "showticklabels": small or i + columns >= len(names)}
        axes[f"yaxis{suffix}"] = {"domain": [top - height, top], "anchor": f"x{suffix}", "matches": "y" if i else None,
                                  "showticklabels": col == 0, "tickformat": f",.{decimals}f",
                                  "nticks": 4 if small else 0}  # a panel ~90 px high on a phone: 3 or 4 values
        notes.append({"text": lines(name, TITLE, hyphens=True) if small else name, "x": x0 + width / 2, "y": top, "xref": "paper",
                      "yref": "paper", "yanchor": "bottom", "showarrow": False, "font": {"size": 11}})
    return axes, notes, (170 if small else 140) * rows + 100
