"""The Programmes page's charts: each as chart_outputs values (figure, data shown with metadata, source, table)."""

import pandas as pd

from dashboard import components as C
from dashboard import data
from dashboard import figures_programmes as FP
from dashboard import lang as L
from dashboard import programme_labels as PL
from dashboard.meta import chart_meta


def effects_in_units(frame: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """Employment effects as percentage points rather than shares."""
    if frame.empty or not outcome.startswith("employed"):
        return frame
    scaled = ["att", "ci_low", "ci_high", "naive_difference"]
    return frame.assign(**{c: frame[c] * 100 for c in scaled})


def cohort_chart(geo: str, programme: str, lang: str) -> tuple:
    frame = data.programme_cohorts(geo, programme)
    shown = frame.assign(horizon=frame.get("indicator", pd.Series(dtype=str)).map(
        lambda i: L.t(f"programmes.horizons.{i}", lang)), period_label=frame.get("period", pd.Series(dtype=str)).map(
        lambda p: L.period_label(p, lang)), status=frame.get("obs_status"))
    title = L.t("programmes.cohorts", lang, programme=L.code_label("programme", programme, lang))
    meta = chart_meta("programme_employment_12m", shown, lang, title, "%")
    table = shown.drop(columns=["obs_status"], errors="ignore")
    return C.chart_result(FP.cohorts(shown, lang, title), table, meta, lang, 1)


def target_chart(geo: str, lang: str) -> tuple:
    frame = data.programme_targets(geo)
    programmes, indicators = frame.get("programme", pd.Series(dtype=str)), frame.get("indicator", pd.Series(dtype=str))
    shown = frame.assign(name=programmes.map(lambda code: PL.programme(code, lang)) + " · "
                         + indicators.map(lambda i: L.indicator_name(i, lang)),
                         attainment=frame.get("attainment", pd.Series(dtype=float)).round(1))
    title = L.t("programmes.targets", lang)
    meta = chart_meta("programme_target_attainment", shown, lang, title, L.unit("percent_of_target", lang))
    return C.chart_result(FP.targets(shown, lang, title), shown, meta, lang, 1)

def evaluation_meta(key: str, title: str, unit: str, definition: str, datasets, lang: str) -> dict:
    """Metadata of a chart of estimates (no catalogue indicator): what the CSV header and source line say."""
    names = sorted(set(datasets))
    return {"title": title, "indicator": key, "definition": definition, "unit": unit, "licence": "", "vintage": "",
            "source": L.t("source.estimates", "en", datasets=", ".join(names)), "flags": {},
            "synthetic": any("synthetic" in name for name in names)}


def effect_chart(geo: str, outcome: str, lang: str) -> tuple:
    """The effects of every programme of the country on one outcome, with the naive difference."""
    programmes = data.programme_list()
    codes = programmes.loc[programmes["geo"] == geo, "programme"].tolist() if len(programmes) else []
    frame = effects_in_units(data.programme_effects(codes, outcome), outcome)
    unit = L.t(f"programmes.outcome_units.{outcome}", lang)
    title = L.t("programmes.forest", lang, outcome=L.t(f"programmes.outcomes.{outcome}", lang))
    # each method its own interval: Abadie-Imbens for matching, the bootstrap for weighting
    ci = "; ".join(f"{L.t(f'programmes.methods.{m}', lang)}: {c}"
                   for m, c in frame[["method", "ci_method"]].drop_duplicates("method").values) if len(frame) else ""
    meta = evaluation_meta(f"programme_effect_{outcome}", title, unit,
                           L.t("programmes.effect_definition", lang, ci=ci), frame.get("dataset", []), lang)
    columns = ["programme", "method", "att", "ci_low", "ci_high", "naive_difference", "n_treated", "n_control",
               "n_off_support", "trim", "n_treated_off_support", "ess_control", "e_value", "e_value_ci"]
    shown = PL.named(frame.reindex(columns=columns).round(3), lang)
    return C.chart_result(FP.forest(PL.named(frame, lang, ["programme"]), lang, title, unit), shown, meta, lang)


def balance_chart(programme: str, method: str, lang: str) -> tuple:
    frame = data.programme_balance(programme, method)
    title = L.t("programmes.balance", lang, programme=L.code_label("programme", programme, lang),
                method=L.t(f"programmes.methods.{method}", lang))
    meta = evaluation_meta(f"programme_balance_{programme}", title, "SMD", L.t("programmes.balance_definition", lang),
                           data.programme_datasets([programme]), lang)
    shown = PL.named(frame.reindex(columns=["covariate", "smd_before", "smd_after", "mean_treated", "mean_control"])
                     .round(3), lang)
    return C.chart_result(FP.balance(PL.named(frame, lang), lang, title), shown, meta, lang)


def overlap_chart(programme: str, lang: str) -> tuple:
    frame = data.programme_overlap(programme)
    title = L.t("programmes.overlap", lang, programme=L.code_label("programme", programme, lang))
    meta = evaluation_meta(f"programme_overlap_{programme}", title, "%", L.t("programmes.overlap_definition", lang),
                           data.programme_datasets([programme]), lang)
    columns = ["group", "bin_low", "bin_high", "count", "trim", "support_low", "support_high"]
    shown = PL.named(frame.reindex(columns=columns).round(3), lang)
    return C.chart_result(FP.overlap(frame, lang, title), shown, meta, lang)
