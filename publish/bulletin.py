"""The monthly bulletin: HTML from the published copy (a Jinja template), PDF through WeasyPrint with fonts embedded."""

import datetime as dt
import os
from functools import cache
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from indicators.catalog import entry
from indicators.codelists import codelist
from indicators.export import licence
from kernel.settings import LmoError
from publish import bulletin_data as bd
from publish.svg import bar_chart, line_chart
from publish.texts import direction, text

LOCALES = {"en": "en_CH", "fr": "fr_CH", "de": "de_CH", "it": "it_CH", "ar": "ar"}
TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                        autoescape=select_autoescape(["html"]))


def localized(names: dict, lang: str, fallback: str) -> str:
    return names.get(lang) or names.get("en") or fallback


def indicator_name(indicator: str, lang: str) -> str:
    return localized(entry(indicator)["name"], lang, indicator)


@cache
def code_names(table: str) -> dict[str, dict]:
    """A code list's rows by code (looked up for every cell of the bulletin)."""
    rows = codelist(table)
    key = "code" if "code" in rows.columns else "alpha2"
    return {row[key]: row for row in rows.to_dict("records")}


def code_name(table: str, code: str, lang: str) -> str:
    row = code_names(table).get(code)
    if row is None:
        return code
    return row.get(f"name_{lang}") or row.get("name_en") or code


def place(geo: str, lang: str) -> str:
    name = code_name("geo", geo, lang)
    return code_name("countries", geo, lang) if name == geo else name


def number(value, lang: str, decimals: int = 0, sign: bool = False) -> str:
    if value is None or value != value:
        return "–"
    text_ = format_decimal(round(value, decimals), format="#,##0" + ("." + "0" * decimals if decimals else ""),
                           locale=LOCALES[lang])
    return "+" + text_ if sign and value > 0 else text_


def month_label(period: str, lang: str, pattern: str = "MMMM y") -> str:
    return format_date(dt.date(int(period[:4]), int(period[5:7]), 1), pattern, locale=LOCALES[lang])


def formatter(indicator: str, lang: str, sign: bool = False):
    decimals = entry(indicator)["decimals"]
    return lambda value: number(value, lang, decimals, sign)


def context(month: bd.Month, lang: str, checks: list[dict]) -> dict:
    """Everything the template shows, in one language, from the month's figures (bulletin_data.load)."""
    frame, period = month.frame, month.period
    if frame[(frame["period"] == period) & (frame["geo"] == bd.spec()["geo"])].empty:
        raise LmoError(f"no published values for {bd.spec()['geo']} in {period}")
    themes = [theme_context(month, theme, lang) for theme in bd.spec()["themes"]]
    headline = [dressed(i, lang) for i in bd.headline(month)]
    shown = frame[frame["period"] == period]
    used = sorted(set(frame["indicator"]), key=bd.indicators().index)
    return {"lang": lang, "dir": direction(lang), "t": lambda key, **v: text(key, lang, **v), "period": period,
            "month": month_label(period, lang), "headline": headline,
            "has_sa": any(item["sa"] for item in headline), "themes": themes,
            "definitions": [(indicator_name(i, lang), localized(entry(i)["definition"], lang, "")) for i in used],
            "sources": [(s, licence(s)) for s in sorted(set(shown["source"]))],
            "statuses": [(c, code_name("obs_status", c, lang)) for c in sorted(set(shown["obs_status"]))],
            "realms": sorted(set(shown["realm"])),
            "passed": sum(c["passed"] for c in checks), "failed": sum(not c["passed"] for c in checks),
            "today": format_date(dt.date.today(), "long", locale=LOCALES[lang]), "vintage": shown["vintage"].max()}


def dressed(item: dict | None, lang: str) -> dict | None:
    """A figure with its texts: name, formatted value and changes, place, programme."""
    if item is None:
        return None
    indicator = item["indicator"]
    return item | {"name": indicator_name(indicator, lang), "place": place(item["geo"], lang),
                   "programme_name": programme_name(item["programme"], lang),
                   "shown": formatter(indicator, lang)(item["value"]),
                   "month_shown": formatter(indicator, lang, sign=True)(item["month"]),
                   "year_shown": formatter(indicator, lang, sign=True)(item["year"]),
                   "sa": dressed(item.get("sa"), lang)}


def programme_name(code: str, lang: str) -> str:
    name = code_name("programmes", code, lang)
    return code_name("lmp_categories", code, lang) if name == code else name


def theme_context(month: bd.Month, theme: dict, lang: str) -> dict:
    rows = [{"label": place(r["geo"], lang) if r["programme"] == "_T" else programme_name(r["programme"], lang),
             "cells": [dressed(c, lang) for c in r["cells"]]} for r in bd.theme_table(month, theme)]
    column = theme["table"].index(theme["bar"])
    bars = [(row["label"], cell["value"], cell["realm"] == "synthetic") for row in rows
            if (cell := row["cells"][column]) and (row is not rows[0] or theme["rows"] == "programmes")]
    if not all(synthetic for *_, synthetic in bars):  # realms never mix in a chart
        bars = [bar for bar in bars if not bar[2]]
    lines = {indicator_name(i, lang): points for i, points in bd.line(month.frame, theme["line"], bd.spec()["geo"]).items()}
    realms = {c["realm"] for row in rows for c in row["cells"] if c}
    return {"id": theme["id"], "columns": [indicator_name(i, lang) for i in theme["table"]], "rows": rows,
            "synthetic": "synthetic" in realms, "realms": sorted(realms),
            "bar_name": indicator_name(theme["bar"], lang),
            "bar": Markup(bar_chart(bars, formatter(theme["bar"], lang), rtl=direction(lang) == "rtl")),
            "line": Markup(line_chart(lines, formatter(theme["line"][0], lang),
                                      lambda p: month_label(p, lang, "MMM yy")))}


def render(con, period: str, lang: str, checks: list[dict], month: bd.Month | None = None) -> str:
    """The bulletin's HTML; `month` is the month's figures when already loaded (for several languages)."""
    month = bd.load(con, period) if month is None else month
    return TEMPLATES.get_template("bulletin.html").render(**context(month, lang, checks))


def write(html: str, fmt: str, out: Path) -> Path:
    """The bulletin as an HTML file or as a PDF laid out by WeasyPrint (fonts subset and embedded), written whole
    or not at all (a reader downloading it never gets half a file)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        if fmt == "html":
            partial.write_text(html, encoding="utf-8")
        else:
            from weasyprint import HTML

            HTML(string=html, base_url=str(out.parent)).write_pdf(partial)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return out
