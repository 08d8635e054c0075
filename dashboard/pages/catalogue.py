"""Catalogue and glossary: every indicator's definition, formula, unit, source, licence and vintage;
the flags; the sources with their licences (data/*/SOURCE.md)."""

import dash
from dash import Input, Output, State, callback, dcc, html

from dashboard import data
from dashboard import lang as L
from dashboard.meta import licence, source_documents
from dashboard.state import encode
from indicators.catalog import catalogue
from indicators.codelists import codelist

dash.register_page(__name__, path="/catalogue", name="Catalogue", title="LMO · Catalogue", order=7)

COLUMNS = ["name", "definition", "formula", "unit", "frequency", "concept", "source", "licence", "vintage"]
# Cells kept as the catalogue and data/*/SOURCE.md write them, in English (marked with lang="en").
ENGLISH = {"formula", "source"}


def layout(lang: str | None = None, q: str | None = None, **_query) -> html.Div:
    lang = L.normalize(lang)
    return html.Div([
        dcc.Location(id="catalogue-url", refresh=False), dcc.Store(id="catalogue-lang", data=lang),
        html.H1(L.t("catalogue.title", lang), className="h3"),
        html.H2(L.t("catalogue.indicators", lang), className="h5"),
        html.Label(L.t("control.indicator", lang), htmlFor="catalogue-filter", className="form-label small"),
        dcc.Input(id="catalogue-filter", type="search", value=q or "", debounce=True, className="form-control mb-2"),
        html.Div(id="catalogue-table", className="table-responsive", tabIndex="0", role="region",
                 **{"aria-label": L.t("catalogue.indicators", lang)}),
        html.H2(L.t("catalogue.flags", lang), className="h5 mt-3"), flags_table(lang),
        html.H2(L.t("catalogue.sources", lang), className="h5 mt-3"),
        html.P(L.t("catalogue.sources_note", lang), className="small text-muted"),
        # the stewards' texts are English: marked so (lang) for screen readers and said so on the page
        *[html.Section([html.P(L.t("catalogue.original", lang), className="small text-muted mb-1", lang=lang),
                        html.Div(dcc.Markdown(text), lang="en")],
                       className="border rounded p-2 mb-2 small lmo-source", id=f"catalogue-source-{name}")
          for name, text in source_documents().items()],
    ])


@callback(Output("catalogue-table", "children"), Output("catalogue-url", "search"),
          Input("catalogue-filter", "value"), State("catalogue-lang", "data"))
def indicator_table(text: str | None, lang: str):
    return indicators_table(text or "", lang), encode({"lang": lang, "q": text})


def indicators_table(text: str, lang: str) -> html.Table:
    """Catalogue entries whose id, name or definition contains the text (any language)."""
    vintages = {i: info["vintage"] for i, info in data.available().items()}
    entries = [e for e in catalogue() if text.lower() in " ".join(  # a language may be left empty (null)
        filter(None, [e["id"], *e["name"].values(), *e["definition"].values()])).lower()]
    rows = [html.Tr([html.Th([L.indicator_name(e["id"], lang), html.Br(), html.Code(e["id"])], scope="row"),
                     *[html.Td(cell, lang="en" if column in ENGLISH else None)
                       for column, cell in zip(COLUMNS[1:], describe(e, lang, vintages))]], id=f"catalogue-row-{e['id']}")
            for e in entries]
    header = html.Thead(html.Tr([html.Th(L.t(f"column.{c}", lang), scope="col") for c in COLUMNS]))
    return html.Table([header, html.Tbody(rows)], className="table table-sm small align-top lmo-catalogue")


def describe(e: dict, lang: str, vintages: dict) -> list:
    formula = e.get("numerator") or ""
    if e.get("denominator"):
        formula = f"{formula} ÷ {e['denominator']}"
    return [L.definition(e["id"], lang), formula, L.unit(e["unit"], lang), L.t(f"option.{e['frequency']}", lang),
            e["concept"], e["source"], licence_cell(e["id"], lang), vintages.get(e["id"], "–")]


def licence_cell(indicator: str, lang: str) -> list:
    """The licences, those quoted from data/*/SOURCE.md marked as English."""
    own = L.t("licence.register", lang)
    parts = licence(indicator, lang).split("; ")
    return [html.Span(part + ("; " if i < len(parts) - 1 else ""), lang=None if part == own else "en")
            for i, part in enumerate(parts)]


def flags_table(lang: str) -> html.Table:
    rows = [html.Tr([html.Td(html.Code(code)), html.Td(L.flag(code, lang))]) for code in codelist("obs_status")["code"]]
    rows.append(html.Tr([html.Td(html.Code("C")), html.Td(L.flag("C", lang))]))
    return html.Table(html.Tbody(rows), className="table table-sm small w-auto")
