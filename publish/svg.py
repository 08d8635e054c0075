"""Small vector charts for the bulletin: horizontal bars and lines as SVG text (WeasyPrint and browsers draw them)."""

from html import escape

COLOURS = ("#1f4e79", "#c55a11", "#548235", "#7030a0")
SYNTHETIC = "#a6a6a6"


def bar_chart(items: list[tuple[str, float, bool]], fmt, rtl: bool = False, width: int = 640) -> str:
    """One bar per (label, value, synthetic) item, longest first; synthetic bars grey and hatched by their label."""
    items = [i for i in items if i[1] is not None]
    if not items:
        return ""
    items.sort(key=lambda i: -i[1])
    row, label_w, pad = 16, 210, 60
    top = max(max(v for _, v, _ in items), 0) or 1
    height = row * len(items) + 10
    plot = width - label_w - pad
    parts = []
    for n, (label, value, synthetic) in enumerate(items):
        y = 5 + n * row
        length = max(value, 0) / top * plot
        x = width - label_w - length if rtl else label_w
        label_x, anchor = (width - label_w + 6, "start") if rtl else (label_w - 6, "end")
        value_x, value_anchor = (x - 4, "end") if rtl else (x + length + 4, "start")
        colour = SYNTHETIC if synthetic else COLOURS[0]
        parts.append(f'<rect x="{x:.1f}" y="{y + 2}" width="{length:.1f}" height="{row - 4}" fill="{colour}"/>'
                     f'<text x="{label_x}" y="{y + row - 4}" text-anchor="{anchor}">{escape(short(label))}</text>'
                     f'<text x="{value_x:.1f}" y="{y + row - 4}" text-anchor="{value_anchor}">{escape(fmt(value))}</text>')
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


def short(label: str, most: int = 34) -> str:
    return label if len(label) <= most else label[:most - 1] + "…"


def svg(width: int, height: int, parts: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" font-size="11" direction="ltr" role="img">' + "".join(parts) + "</svg>")
