"""Small vector charts for the bulletin: horizontal bars and lines as SVG text (WeasyPrint and browsers draw them)."""

import textwrap
from html import escape

COLOURS = ("#1f4e79", "#c55a11", "#548235", "#7030a0")
SYNTHETIC = "#a6a6a6"
CHAR = 7  # width of a character at 11 px (DejaVu Sans, Amiri), generous: a label must not run off the left edge


def bar_chart(items: list[tuple[str, float, bool]], fmt, rtl: bool = False, width: int = 640) -> str:
    """One bar per (label, value, synthetic) item, longest first; synthetic bars grey and hatched by their label."""
    items = [i for i in items if i[1] is not None]
    if not items:
        return ""
    items.sort(key=lambda i: -i[1])
    label_w, pad = 250, 60
    labels = [lines(label, (label_w - 12) // CHAR) for label, _, _ in items]
    row = 16 + 12 * (max(map(len, labels)) - 1)
    top = max(max(v for _, v, _ in items), 0) or 1
    height = row * len(items) + 10
    plot = width - label_w - pad
    parts = []
    for n, ((_, value, synthetic), label) in enumerate(zip(items, labels)):
        y = 5 + n * row
        length = max(value, 0) / top * plot
        x = width - label_w - length if rtl else label_w
        label_x, anchor = (width - label_w + 6, "start") if rtl else (label_w - 6, "end")
        value_x, value_anchor = (x - 4, "end") if rtl else (x + length + 4, "start")
        colour = SYNTHETIC if synthetic else COLOURS[0]
        first = y + (row - 12 * (len(label) - 1)) / 2 + 4
        text = "".join(f'<tspan x="{label_x}" y="{first + 12 * k:.1f}">{escape(part)}</tspan>' for k, part in enumerate(label))
        parts.append(f'<rect x="{x:.1f}" y="{y + 2}" width="{length:.1f}" height="{row - 4}" fill="{colour}"/>'
                     f'<text text-anchor="{anchor}">{text}</text>'
                     f'<text x="{value_x:.1f}" y="{y + row / 2 + 4:.1f}" text-anchor="{value_anchor}">'
                     f'{escape(fmt(value))}</text>')
    return svg(width, height, parts)


def line_chart(series: dict[str, list[tuple[str, float]]], fmt, period_label, width: int = 640, height: int = 220) -> str:
    """Lines over periods (shared x axis of every period present), with a legend under the plot."""
    periods = sorted({p for points in series.values() for p, v in points if v == v})
    values = [v for points in series.values() for _, v in points if v == v]
    if len(periods) < 2 or not values:
        return ""
    left, right, top, bottom = 70, 40, 10, 40 + 16 * len(series)
    low, high = min(min(values), 0), max(values) or 1
    x = {p: left + i * (width - left - right) / (len(periods) - 1) for i, p in enumerate(periods)}

    def y(v):
        return top + (high - v) / ((high - low) or 1) * (height - top - bottom)

    parts = [f'<line x1="{left}" y1="{y(low):.1f}" x2="{width - right}" y2="{y(low):.1f}" stroke="#555"/>']
    for tick in (low, (low + high) / 2, high):
        parts.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - right}" y2="{y(tick):.1f}" stroke="#ddd"/>'
                     f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{escape(fmt(tick))}</text>')
    for p in periods[::6] + ([periods[-1]] if (len(periods) - 1) % 6 else []):
        parts.append(f'<text x="{x[p]:.1f}" y="{y(low) + 16:.1f}" text-anchor="middle">{escape(period_label(p))}</text>')
    for n, (name, points) in enumerate(series.items()):
        colour = COLOURS[n % len(COLOURS)]
        path = " ".join(f"{x[p]:.1f},{y(v):.1f}" for p, v in points if v == v)
        legend_y = height - bottom + 36 + 16 * n
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
                     f'<rect x="{left}" y="{legend_y - 9}" width="12" height="10" fill="{colour}"/>'
                     f'<text x="{left + 18}" y="{legend_y}">{escape(name)}</text>')
    return svg(width, height, parts)


def lines(label: str, most: int) -> list[str]:
    """A label on at most two lines of `most` characters, the rest cut with an ellipsis."""
    wrapped = textwrap.wrap(label, most) or [""]
    if len(wrapped) <= 2:
        return wrapped
    return [wrapped[0], textwrap.shorten(" ".join(wrapped[1:]), most, placeholder="…")]


def svg(width: int, height: int, parts: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" font-size="11" direction="ltr" role="img">' + "".join(parts) + "</svg>")
