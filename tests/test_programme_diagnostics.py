"""Overlap diagnostics and sensitivity in the mart and on the Programmes page, in the page's language."""

import duckdb
import pandas as pd

from dashboard import lang as L
from dashboard import programme_diagnostics as PD
from indicators.evaluation import evaluate
from indicators.evaluation.register import EFFECT_COLUMNS, OVERLAP_COLUMNS, effect_row
from tests.test_evaluation_inference import poorly_overlapping


def texts(component) -> list[str]:
    """Every text in a Dash component tree."""
    if isinstance(component, str):
        return [component]
    children = getattr(component, "children", None)
    if isinstance(component, list | tuple):
        return [t for c in component for t in texts(c)]
    return texts(children) if children is not None else []


def test_panel_lists_the_diagnostics_and_words_the_warnings_in_french():
    result = evaluate(poorly_overlapping(1), "treat", "y", ["x1", "x2"], method="psm", trim="crump")
    effects = pd.DataFrame([effect_row("CH_X", "y", "psm", result, "synthetic")], columns=EFFECT_COLUMNS)
    shown = texts(PD.panel(effects, "psm", "fr"))
    dropped = result.overlap_diagnostics["n_treated_off_support"]
    assert "0,1–0,9 (Crump et al. 2009)" in shown
    assert any(t.startswith(f"{dropped} participants sur {result.n_treated} sont hors du support commun") for t in shown)
    assert any("score de propension inférieur à 0,05 ou supérieur à 0,95 (seuil 5 %)" in t for t in shown)
    assert f"{result.e_value:.2f}".replace(".", ",") + " ; " in " ".join(shown)
    assert texts(PD.panel(effects, "dr", "fr")) == [L.t("programmes.no_effects", "fr")]  # no such estimate


def test_the_mart_and_the_page_carry_the_diagnostics(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        effects = con.execute("SELECT * FROM mart.programme_effects").df()
        overlap = con.execute("SELECT * FROM mart.programme_overlap").df()
    assert list(effects.columns[:15]) == EFFECT_COLUMNS[:15] and set(EFFECT_COLUMNS) <= set(effects.columns)
    assert set(OVERLAP_COLUMNS) <= set(overlap.columns) and set(overlap["trim"]) == {"minmax"}
    psm = effects[effects["method"] == "psm"]
    assert psm["ci_method"].str.startswith("Abadie-Imbens (2006)").all() and psm["se"].gt(0).all()
    assert effects["e_value"].ge(1).all() and effects["e_value_ci"].ge(1).all()
    assert ((effects["n_treated_off_support"] > 0) == effects["warnings"].str.contains("off common support")).all()
    one = effects[(effects["programme"] == effects["programme"].iloc[0]) & (effects["outcome"] == "employed_12m")]
    shown = texts(PD.panel(one, "dr", "en"))
    assert "Common support rule" in shown and "min–max (inside the other group's score range)" in shown
