"""The offline bundle: a static site of one release (pages, charts, tables, CSV) that opens from file:// with no server."""

import html
import shutil
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from kernel.vocabulary import LANGS
from publish.bulletin import indicator_name, localized, place
from publish.release import resolve
from publish.texts import direction, text

PLOTLY_JS = Path(pio.__file__).parent.parent / "package_data" / "plotly.min.js"
TOTALS = ("sex", "age", "citizenship", "activity", "occupation", "programme")
MAX_GEOS = 6


def write_bundle(releases: Path, name: str, out: Path) -> list[Path]:
    """Every indicator of the release as a page per language, its level values as CSV, plotly.js beside them."""
    from indicators.catalog import entry

    folder = resolve(releases, name)
    values = pd.read_parquet(folder / "indicator_values.parquet")
    levels = values[values["measure"] == "level"]
    out.mkdir(parents=True, exist_ok=True)
    (out / "assets").mkdir(exist_ok=True)
    shutil.copyfile(PLOTLY_JS, out / "assets" / "plotly.min.js")
    (out / "csv").mkdir(exist_ok=True)
    indicators = sorted(levels["indicator"].unique())
    written = []
    for indicator in indicators:
        rows = levels[levels["indicator"] == indicator]
        rows.to_csv(out / "csv" / f"{indicator}.csv", index=False)
        for lang in LANGS:
            page = indicator_page(rows, indicator, lang, folder.name, entry(indicator))
            written.append(write(out / lang / f"{indicator}.html", page))
    for lang in LANGS:
        written.append(write(out / lang / "index.html", index_page(indicators, lang, folder.name)))
    written.append(write(out / "index.html", index_page(indicators, "en", folder.name, root=True)))
    return written


def write(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def shell(lang: str, title: str, body: str, depth: int = 1) -> str:
    up = "../" * depth
    langs = " · ".join(f'<a href="{up}{code}/index.html" lang="{code}">{code.upper()}</a>' for code in LANGS)
    return (f'<!doctype html><html lang="{lang}" dir="{direction(lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(title)}</title>'
            '<style>body{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}'
            'table{border-collapse:collapse}td,th{border-bottom:1px solid #ccc;padding:2px 8px;text-align:start}'
            '.synthetic{color:#777;font-style:italic}.warning{border:2px solid #c00;color:#c00;padding:.5em}</style>'
            f'<script src="{up}assets/plotly.min.js"></script></head><body>'
            f'<nav>{html.escape(text("bundle.language", lang))}: {langs}</nav><h1>{html.escape(title)}</h1>{body}'
            '</body></html>')


def index_page(indicators: list[str], lang: str, release: str, root: bool = False) -> str:
    prefix = f"{lang}/" if root else ""
    items = "".join(f'<li><a href="{prefix}{i}.html">{html.escape(indicator_name(i, lang))}</a></li>' for i in indicators)
    body = (f"<p>{html.escape(text('bundle.intro', lang))}</p><h2>{html.escape(text('bundle.indicators', lang))}</h2>"
            f"<ul>{items}</ul>")
    return shell(lang, text("bundle.title", lang, release=release), body, depth=0 if root else 1)


def chart_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Totals of the most frequent frequency for the places with most values, unadjusted."""
    totals = rows[(rows[list(TOTALS)] == "_T").all(axis=1) & (rows["adjustment"] == "NSA")]
    freq = totals["period"].str.len().mode()
    totals = totals[totals["period"].str.len() == freq.iloc[0]] if len(freq) else totals
    geos = totals["geo"].value_counts().sort_index().sort_values(ascending=False, kind="stable").index[:MAX_GEOS]
    return totals[totals["geo"].isin(geos)].sort_values(["geo", "realm", "period"])


def figure(rows: pd.DataFrame, lang: str) -> go.Figure:
    """One line per place and realm; synthetic lines dashed and grey-labelled so they never pass for real ones."""
    fig = go.Figure()
    for (geo, realm), part in rows.groupby(["geo", "realm"], sort=False):
        synthetic = realm == "synthetic"
        fig.add_scatter(x=part["period"], y=part["value"], mode="lines" if len(part) > 2 else "lines+markers",
                        name=f"{place(geo, lang)} ({text('realm_short.' + realm, lang)})",
                        line={"dash": "dot" if synthetic else "solid"})
    fig.update_layout(margin={"l": 50, "r": 50, "t": 10, "b": 40}, height=420, legend={"orientation": "h"})
    # Periods are categories (2025, 2025-Q1, 2025-01), not dates; plotly draws left to right, so Arabic mirrors by hand.
    rtl = direction(lang) == "rtl"
    fig.update_xaxes(type="category", autorange="reversed" if rtl else True)
    fig.update_yaxes(side="right" if rtl else "left")
    return fig


def indicator_page(rows: pd.DataFrame, indicator: str, lang: str, release: str, item: dict) -> str:
    shown = chart_rows(rows)
    latest = shown[shown["period"] == shown["period"].max()]
    table = "".join(f'<tr class="{r.realm}"><td>{html.escape(place(r.geo, lang))}</td><td>{r.period}</td>'
                    f'<td>{"–" if pd.isna(r.value) else round(r.value, item["decimals"])}</td><td>{r.obs_status}</td>'
                    f'<td>{html.escape(text("realm_short." + r.realm, lang))}</td></tr>' for r in latest.itertuples())
    head = "".join(f"<th>{html.escape(text(k, lang))}</th>" for k in ("place", "period", "value", "flags_col",
                                                                        "realm_col"))
    chart = pio.to_html(figure(shown, lang), include_plotlyjs=False, full_html=False,
                        config={"displaylogo": False}, div_id=f"chart-{indicator}") if len(shown) else ""
    warning = (f'<p class="warning">{html.escape(text("synthetic_warning", lang))}</p>'
               if (rows["realm"] == "synthetic").any() else "")
    body = (f'<p>{html.escape(localized(item["definition"], lang, ""))}</p>{warning}{chart}'
            f'<table><thead><tr>{head}</tr></thead><tbody>{table}</tbody></table>'
            f'<p><a href="../csv/{indicator}.csv" download>{html.escape(text("bundle.download", lang))}</a> · '
            f'{html.escape("; ".join(sorted(rows["source"].unique())))}</p>'
            f'<p><a href="index.html">{html.escape(text("bundle.home", lang))}</a></p>')
    return shell(lang, indicator_name(indicator, lang), body)
