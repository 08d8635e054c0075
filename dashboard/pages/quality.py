"""Data-quality page: check results per dataset, freshness of each source, and quarantined files with their reports."""

import json

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import components as C
from dashboard import lang as L
from kernel import query

dash.register_page(__name__, path="/quality", name="Data quality", title="LMO · Data quality", order=6)

STATUS = {(True, "error"): ("passed", "success"), (True, "warning"): ("passed", "success"),
          (False, "error"): ("failed", "danger"), (False, "warning"): ("warning", "warning")}
CHECK_COLUMNS = ["dataset", "check", "status", "failures", "checked", "checked_at"]
FRESHNESS_COLUMNS = ["dataset", "frequency", "latest", "expected", "status", "vintage"]
REPORT_COLUMNS = ["row", "column", "rule", "value"]


def table(header: list[str], rows: list[list], id_: str, lang: str, label: str, english: tuple[str, ...] = ()) -> html.Div:
    """`english`: columns whose cells are the checks' and loaders' own English texts (marked lang="en")."""
    return C.scrollable(dbc.Table([html.Thead(html.Tr([html.Th(L.t(f"quality.col.{h}", lang), scope="col") for h in header])),
                      html.Tbody([html.Tr([html.Td(c, lang="en" if h in english else None)
                                           for h, c in zip(header, row)]) for row in rows])],
                     id=id_, size="sm", striped=True, bordered=False, className="small"), label)


def details(text: str, rows) -> html.Details:
    return html.Details([html.Summary(text), html.Pre(json.dumps(rows, indent=1, ensure_ascii=False, default=str),
                                                      className="small bg-light p-2")])


def checks_section(lang: str) -> html.Div:
    results = query.quality_results()
    datasets = sorted({r["dataset"] for r in results})
    summary = [[d, f"{sum(r['passed'] for r in results if r['dataset'] == d)}/{sum(r['dataset'] == d for r in results)}",
                sum(not r["passed"] and r["severity"] == "error" for r in results if r["dataset"] == d),
                sum(not r["passed"] and r["severity"] == "warning" for r in results if r["dataset"] == d)]
               for d in datasets]
    rows = []
    for r in (r for r in results if not r["passed"]):
        label, colour = STATUS[(False, r["severity"])]
        found = json.loads(r["details"])
        rows.append([r["dataset"], r["check_name"], dbc.Badge(L.t(f"quality.{label}", lang), color=colour,
                                                                text_color="dark" if colour == "warning" else None),
                     r["failures"], details(r["description"], found) if found else r["description"],
                     str(r["checked_at"])])
    # Passed checks as one text block: hundreds of table rows would make the page slow to build and to read.
    passed = "\n".join(f"{r['dataset']} · {r['check_name']}: {r['description']}" for r in results if r["passed"])
    return html.Div([html.H2(L.t("quality.checks", lang), className="h5"),
                     html.P(L.t("quality.results", lang, count=len(results), failed=len(rows)), id="quality-summary"),
                     table(["dataset", "passed", "errors", "warnings"], summary, "quality-datasets", lang,
                           L.t("quality.checks", lang)),
                     table(CHECK_COLUMNS, rows, "quality-checks", lang, L.t("quality.failed", lang), ("checked",)),
                     html.Details([html.Summary(L.t("quality.passed_list", lang, count=len(results) - len(rows))),
                                   html.Pre(passed, className="small bg-light p-2", lang="en")],
                                  id="quality-passed")])


def freshness_section(lang: str) -> html.Div:
    rows = [[r["dataset"], L.t(f"option.{r['frequency']}", lang), r["latest"], r["expected"],
             dbc.Badge(L.t("quality.up_to_date", lang), color="success") if r["behind"] == 0
             else dbc.Badge(L.t("quality.behind", lang, count=r["behind"]), color="warning", text_color="dark"), r["vintage"]]
            for r in query.freshness()]
    return html.Div([html.H2(L.t("quality.freshness", lang), className="h5"),
                     table(FRESHNESS_COLUMNS, rows, "quality-freshness", lang, L.t("quality.freshness", lang))])


def report_card(report: dict, index: int, lang: str) -> dbc.Card:
    problems = [[p["row"], p["column"], p["rule"], str(p["value"])[:120]] for p in report["problems"][:50]]
    more = report["problem_count"] - len(problems)
    return dbc.Card(dbc.CardBody([
        html.H3(f"{report['file']} ({report['kind']})", className="card-title h6"),
        html.P(L.t("quality.rejected", lang, time=report["time"], problems=report["problem_count"],
                   bytes=report["bytes"], sha=report["sha256"][:16], kept=report["quarantined_as"]),
               className="small text-muted"),
        table(REPORT_COLUMNS, problems, f"quality-report-{index}", lang, report["file"], ("rule", "value")),
        html.P(L.t("quality.more", lang, more=more, report=report["report"]), className="small") if more > 0 else None,
    ]), className="mb-2", id=f"quality-report-card-{index}")


def quarantine_section(lang: str) -> html.Div:
    reports = query.quarantine_reports()
    body = [report_card(r, i, lang) for i, r in enumerate(reports[:20])] or [html.P(L.t("quality.none", lang))]
    return html.Div([html.H2(L.t("quality.quarantine", lang), className="h5"),
                     html.P(L.t("quality.count", lang, count=len(reports)), id="quality-quarantine-count"),
                     html.Div(body, id="quality-quarantine")])


def layout(lang: str | None = None, **_query) -> html.Div:
    lang = L.normalize(lang)
    return html.Div([
        html.H1(L.t("quality.title", lang), className="h3"),
        html.P(L.t("quality.intro", lang), className="text-muted"),
        dbc.Row([dbc.Col(checks_section(lang), lg=7), dbc.Col(freshness_section(lang), lg=5)]),
        quarantine_section(lang),
    ], id="quality-page")
