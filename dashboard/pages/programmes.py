"""Programmes page: results chain, targets, exit cohorts and the programmes' net effects."""

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from dashboard import data
from dashboard import figures_programmes as figs
from indicators.catalog import label

dash.register_page(__name__, path="/programmes", name="Programmes", title="LMO · Programmes")

OUTCOMES = {"employed_12m": ("Employed 12 months after registration", "percentage points"),
            "employed_6m": ("Employed 6 months after registration", "percentage points"),
            "earnings_12m": ("Earnings in the 12 months after registration", "local currency"),
            "days_unemployed_12m": ("Days unemployed in the 12 months after registration", "days")}
CHAIN = (("Inputs", ["programme_cost_per_participant", "programme_entrants"]),
         ("Outputs", ["programme_exits", "programme_completion_rate"]),
         ("Outcomes", ["programme_employment_6m", "programme_employment_12m"]))
CAVEAT = ("How to read the impact: the effect compares participants with non-participants who looked alike "
          "before the programme (age, sex, citizenship, education, earnings and unemployment before, region). "
          "It is causal only if nothing else that drives both taking part and finding work is left out "
          "(no unobserved confounding). Employment rates of exiters are gross outcomes, not effects. "
          "The data shown here are SYNTHETIC (lmo synth): invented persons with known true effects, for "
          "testing and demonstration only.")


def programme_options() -> list[dict]:
    frame = data.programme_list()
    return [{"label": f"{row.programme} ({row.geo})", "value": f"{row.geo}|{row.programme}"}
            for row in frame.itertuples()]


def layout(**_query) -> html.Div:
    options = programme_options()
    return html.Div([
        dbc.Alert(CAVEAT, color="warning", id="programmes-caveat", className="small"),
        dbc.Row([
            dbc.Col([html.Label("Programme", htmlFor="programmes-programme"),
                     dcc.Dropdown(id="programmes-programme", options=options, clearable=False,
                                  value=options[0]["value"] if options else None)], md=4),
            dbc.Col([html.Label("Outcome of the impact estimate", htmlFor="programmes-outcome"),
                     dcc.Dropdown(id="programmes-outcome", clearable=False, value="employed_12m",
                                  options=[{"label": v[0], "value": k} for k, v in OUTCOMES.items()])], md=4),
            dbc.Col([html.Label("Method for balance", htmlFor="programmes-method"),
                     dcc.Dropdown(id="programmes-method", clearable=False, value="psm",
                                  options=[{"label": v, "value": k} for k, v in figs.METHOD_NAMES.items()])], md=4),
        ], className="mb-3"),
        html.H5("Results chain"),
        dbc.Row(id="programmes-chain", className="mb-3"),
        dbc.Row([dbc.Col(dcc.Graph(id="programmes-cohorts"), lg=6), dbc.Col(dcc.Graph(id="programmes-targets"), lg=6)]),
        html.H5("Impact: effect on participants against comparable non-participants"),
        dbc.Row([dbc.Col(dcc.Graph(id="programmes-forest"), lg=12)]),
        dbc.Row([dbc.Col(dcc.Graph(id="programmes-balance"), lg=7), dbc.Col(dcc.Graph(id="programmes-overlap"), lg=5)]),
    ])


def _fmt(value, unit: str) -> str:
    if value is None or value != value:  # NaN: withheld by disclosure control
        return "–"
    return f"{value:,.1f} %" if unit == "percent" else f"{value:,.0f} {'' if unit == 'persons' else unit}".strip()


def effects_in_units(frame, outcome: str):
    """Employment effects as percentage points rather than shares."""
    if frame.empty or not outcome.startswith("employed"):
        return frame
    scaled = ["att", "ci_low", "ci_high", "naive_difference"]
    return frame.assign(**{c: frame[c] * 100 for c in scaled})


def chain_cards(annual, effect, unit: str) -> list:
    # the latest year whose 12-month follow-up is observed: later years have too few exits to read
    followed = annual.loc[annual["indicator"] == "programme_employment_12m", "period"] if not annual.empty else []
    year = max(followed) if len(followed) else (annual["period"].max() if not annual.empty else None)
    latest = annual[annual["period"] == year] if not annual.empty else annual
    values = {row.indicator: (row.value, row.unit) for row in latest.itertuples()}
    year = latest["period"].iloc[0] if not latest.empty else ""
    cards = []
    for stage, indicators in CHAIN:
        lines = [html.Div([html.Span(label(i) + ": ", className="text-muted"),
                           html.Strong(_fmt(*values.get(i, (None, ""))))]) for i in indicators]
        cards.append(dbc.Col(dbc.Card(dbc.CardBody([html.H6(f"{stage} {year}"), *lines])), md=3))
    impact = "not estimated (too few participants)" if effect is None else (
        f"{effect.att:+,.1f} [{effect.ci_low:+,.1f}, {effect.ci_high:+,.1f}] {unit}")
    cards.append(dbc.Col(dbc.Card(dbc.CardBody([
        html.H6("Impact (doubly robust)"), html.Div([html.Span("Effect on the treated: ", className="text-muted"),
                                                     html.Strong(impact)])]), color="light"), md=3))
    return cards


@callback(Output("programmes-chain", "children"), Output("programmes-cohorts", "figure"),
          Output("programmes-targets", "figure"),
          Input("programmes-programme", "value"), Input("programmes-outcome", "value"))
def monitoring(choice: str | None, outcome: str):
    if not choice:
        empty = figs.empty_figure("No programme data: run `lmo run` with a register")
        return [], empty, empty
    geo, programme = choice.split("|")
    effects = effects_in_units(data.programme_effects([programme], outcome), outcome)
    dr = effects[effects["method"] == "dr"] if not effects.empty else effects
    effect = next(dr.itertuples(), None)
    cohorts = figs.cohort_figure(data.programme_cohorts(geo, programme), f"Exit cohorts of {programme}: employment after exit")
    targets = data.programme_targets(geo)
    labels = {i: label(i) for i in targets.get("indicator", [])}
    cards = chain_cards(data.programme_annual(geo, programme), effect, OUTCOMES[outcome][1])
    return cards, cohorts, figs.targets_figure(targets, labels)


@callback(Output("programmes-forest", "figure"), Output("programmes-balance", "figure"),
          Output("programmes-overlap", "figure"),
          Input("programmes-programme", "value"), Input("programmes-outcome", "value"),
          Input("programmes-method", "value"))
def impact(choice: str | None, outcome: str, method: str):
    if not choice:
        empty = figs.empty_figure("No programme data")
        return empty, empty, empty
    geo, programme = choice.split("|")
    programmes = [c["value"].split("|")[1] for c in programme_options() if c["value"].startswith(geo + "|")]
    name, unit = OUTCOMES[outcome]
    effects = effects_in_units(data.programme_effects(programmes, outcome), outcome)
    forest = figs.forest_figure(effects, f"{name}: effect with 95 % interval", unit)
    balance = figs.balance_figure(data.programme_balance(programme, method),
                                  f"Balance of {programme}, {figs.METHOD_NAMES[method]}")
    overlap = figs.overlap_figure(data.programme_overlap(programme), f"Overlap of propensity scores, {programme}")
    return forest, balance, overlap
