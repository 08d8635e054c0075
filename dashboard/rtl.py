"""Right to left: the page's language, direction and Bootstrap stylesheet from the URL, and figures mirrored."""

import re

import dash
from flask import has_request_context, request

from dashboard import lang as L

LTR_CSS, RTL_CSS = "bootstrap.min.css", "bootstrap.rtl.min.css"
ARABIC = re.compile("[\u0600-\u06ff]")
RLE, PDF = "\u202b", "\u202c"  # right-to-left embedding: plots stay LTR (assets/lmo-arabic.css), their texts not
LRI, PDI = "\u2066", "\u2069"  # a number range (15-24) isolated left to right, never read as 24-15
RANGE = re.compile(r"\d+(?:[-–]\d+)+")
ASSETS_IGNORE = re.escape(RTL_CSS)  # linked by hand: only right-to-left pages load it


def localised_index(page: str, lang: str) -> str:
    """The index HTML with `<html lang dir>` and, right to left, Bootstrap's RTL build instead of the LTR one,
    so the first paint is already laid out in the page's direction."""
    direction = L.direction(lang)
    page = page.replace("<html>", f'<html lang="{lang}" dir="{direction}">', 1)
    return page.replace(f"/{LTR_CSS}", f"/{RTL_CSS}") if direction == "rtl" else page


class Dash(dash.Dash):
    """dash.Dash whose index page follows the `lang` of the URL (the language switch later changes it in the
    browser: dashboard/assets/lmo.js)."""

    def interpolate_index(self, **kwargs) -> str:
        page = super().interpolate_index(**kwargs)
        lang = L.normalize(request.args.get("lang")) if has_request_context() else L.DEFAULT
        return localised_index(page, lang)


def embedded(text):
    """An Arabic text embedded right to left, line by line (`يوليو 2026` reads month then year); else as is."""
    if not isinstance(text, str) or not ARABIC.search(text):
        return text
    text = RANGE.sub(lambda m: f"{LRI}{m.group()}{PDI}", text)
    return RLE + text.replace("<br>", f"{PDF}<br>{RLE}") + PDF


def embed_texts(fig: dict) -> None:
    """Every text plotly.js draws from the figure: titles, notes, trace names, category labels."""
    layout = fig["layout"]
    for key, part in list(layout.items()):
        if isinstance(part, dict) and isinstance(part.get("title"), dict):
            layout[key] = part | {"title": part["title"] | {"text": embedded(part["title"].get("text"))}}
        if key.startswith(("xaxis", "yaxis")) and isinstance(part, dict) and "categoryarray" in part:
            layout[key]["categoryarray"] = [embedded(c) for c in part["categoryarray"]]
    layout["title"] = layout["title"] | {"text": embedded(layout["title"].get("text"))}
    layout["annotations"] = [note | {"text": embedded(note.get("text")), "x": embedded(note.get("x"))}
                             for note in layout.get("annotations", [])]
    fig["data"] = [trace | {**({"name": embedded(trace["name"])} if "name" in trace else {}),
                            **{axis: [embedded(v) for v in trace[axis]] for axis in ("x", "y")
                               if isinstance(trace.get(axis), list)}} for trace in fig["data"]]


def mirrored_note(note: dict) -> dict:
    """A note placed on the paper at the mirror position, anchored on its other side."""
    flipped = {"x": round(1 - note["x"], 6)}
    if note.get("xanchor") in ("left", "right"):
        flipped["xanchor"] = "left" if note["xanchor"] == "right" else "right"
    return note | flipped


def mirror(fig: dict) -> dict:
    """A figure laid out as Arabic statistical publications do: title, legend and value axis on the right,
    panels ordered from the right, horizontal bars growing leftwards from labels on the right. Time still runs
    left to right (as in the charts of HCP, INS and ANSADE: years are read as numbers, left to right)."""
    layout = fig["layout"]
    layout["title"] = {**layout.get("title", {}), "x": 0.99, "xanchor": "right"}
    layout["legend"] = {**layout.get("legend", {}), "x": 1, "xanchor": "right", "traceorder": "reversed"}
    layout["hoverlabel"] = {**layout.get("hoverlabel", {}), "align": "right"}
    layout["font"] = {**layout.get("font", {}), "family": f"'Noto Naskh Arabic', {layout.get('font', {}).get('family', '')}"}
    horizontal = any(trace.get("orientation") == "h" for trace in fig["data"])
    for key, axis in list(layout.items()):
        if not isinstance(axis, dict) or not key.startswith(("xaxis", "yaxis")):
            continue
        layout[key] = axis = dict(axis)  # callers may pass shared dicts: never change them
        if key.startswith("yaxis"):
            axis.setdefault("side", "right")
        if key.startswith("xaxis"):
            if "domain" in axis:
                axis["domain"] = [round(1 - axis["domain"][1], 6), round(1 - axis["domain"][0], 6)]
            if horizontal:
                axis["autorange"] = "reversed"
    layout["annotations"] = [mirrored_note(note) if note.get("xref") == "paper" else note
                              for note in layout.get("annotations", [])]
    embed_texts(fig)
    return fig
