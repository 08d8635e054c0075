"""Data-quality page: check results per dataset, freshness of each source, and quarantined files with their reports."""

import json

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import data

dash.register_page(__name__, path="/quality", name="Data quality", title="LMO · Data quality")

STATUS = {(True, "error"): ("passed", "success"), (True, "warning"): ("passed", "success"),
          (False, "error"): ("failed", "danger"), (False, "warning"): ("warning", "warning")}


def table(header: list[str], rows: list[list], id_: str) -> dbc.Table:
    return dbc.Table([html.Thead(html.Tr([html.Th(h) for h in header])),
                      html.Tbody([html.Tr([html.Td(c) for c in row]) for row in rows])],
                     id=id_, size="sm", striped=True, bordered=False, className="small")


def details(text: str, rows) -> html.Details:
    return html.Details([html.Summary(text), html.Pre(json.dumps(rows, indent=1, ensure_ascii=False, default=str),
                                                      className="small bg-light p-2")])


def checks_section() -> html.Div:
    results = data.quality_results()
    rows = []
    for r in results:
        label, colour = STATUS[(bool(r["passed"]), r["severity"])]
        found = json.loads(r["details"])
        rows.append([r["dataset"], r["check_name"], dbc.Badge(label, color=colour), r["failures"],
                     details(r["description"], found) if found else r["description"], str(r["checked_at"])])
    failed = sum(1 for r in results if not r["passed"])
    return html.Div([html.H4("Checks"), html.P(f"{len(results)} results, {failed} not passed", id="quality-summary"),
                     table(["dataset", "check", "status", "failures", "what is checked", "checked at"], rows,
                           "quality-checks")])


def freshness_section() -> html.Div:
    rows = [[r["dataset"], r["frequency"], r["latest"], r["expected"],
             dbc.Badge("up to date", color="success") if r["behind"] == 0
             else dbc.Badge(f"{r['behind']} period(s) behind", color="warning"), r["vintage"]]
            for r in data.freshness()]
    return html.Div([html.H4("Freshness"),
                     table(["dataset", "frequency", "latest period", "expected", "status", "vintage"], rows,
                           "quality-freshness")])


def report_card(report: dict, index: int) -> dbc.Card:
    problems = [[p["row"], p["column"], p["rule"], str(p["value"])[:120]] for p in report["problems"][:50]]
    more = report["problem_count"] - len(problems)
    return dbc.Card(dbc.CardBody([
        html.H6(f"{report['file']} ({report['kind']})", className="card-title"),
        html.P(f"rejected {report['time']} · {report['problem_count']} problem(s) · {report['bytes']} bytes · "
               f"sha256 {report['sha256'][:16]}… · kept as {report['quarantined_as']}", className="small text-muted"),
        table(["row", "column", "rule", "value"], problems, f"quality-report-{index}"),
        html.P(f"… and {more} more in the JSON report {report['report']}", className="small") if more > 0 else None,
    ]), className="mb-2", id=f"quality-report-card-{index}")


def quarantine_section() -> html.Div:
    reports = data.quarantine_reports()
    body = [report_card(r, i) for i, r in enumerate(reports[:20])] or [html.P("No file has been rejected.")]
    return html.Div([html.H4("Quarantined files"),
                     html.P(f"{len(reports)} rejected file(s), newest first", id="quality-quarantine-count"),
                     html.Div(body, id="quality-quarantine")])


def layout(**_query) -> html.Div:
    return html.Div([
        html.H3("Data quality"),
        html.P("Every load is validated; a rejected file changes nothing and is kept in quarantine with its report. "
               "Checks run on the whole warehouse after each run.", className="text-muted"),
        dbc.Row([dbc.Col(checks_section(), lg=7), dbc.Col(freshness_section(), lg=5)]),
        quarantine_section(),
    ], id="quality-page")
