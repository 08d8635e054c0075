"""Aggregation declarations: every entry has one, a wrong one is refused, the engine applies it, the docs list it."""

import pandas as pd
import pytest

from indicators.catalog import catalogue, check_entry, entry
from indicators.engine import compute
from indicators.model import ObservationSchema, with_defaults
from kernel.settings import DATA_DIR
from pipelines.warehouse import connect
from tools import indicator_table


def test_every_entry_declares_type_time_and_places():
    declared = {item["id"]: item["aggregation"] for item in catalogue()}
    assert all({"type", "time", "places"} <= set(agg) for agg in declared.values())
    assert declared["vacancies_open_subject"]["type"] == "stock" and declared["vacancies_notified_subject"]["type"] == "flow"
    assert declared["short_time_work_applied"]["time"] == "mean"
    assert declared["long_term_unemployment_share"]["of"] == ["long_term_unemployed", "registered_unemployed"]
    without = {key: value for key, value in entry("inflows").items() if key != "aggregation"}
    with pytest.raises(ValueError, match=r"missing \['aggregation'\]"):
        check_entry(without)


@pytest.mark.parametrize("change,message", [
    ({"aggregation": None}, "must be a mapping"),
    ({"aggregation": {"type": "stock", "time": "sum", "places": "sum"}}, "must cite its `basis`"),
    ({"aggregation": {"type": "stock", "time": "average", "places": "sum"}}, "time in"),
    ({"aggregation": {"type": "ratio", "time": "ratio", "places": "ratio"}}, "needs `of"),
    ({"aggregation": {"type": "stock", "time": "mean", "places": "none"}}, "share_of_national needs places `sum`"),
    ({"aggregation": {"type": "ratio", "time": "mean", "places": "sum", "basis": "b"}}, "does not fit a ratio"),
    ({"aggregation": {"type": "stock", "time": "formula", "places": "sum"}}, "exactly for an entry with a formula"),
])
def test_an_incomplete_or_inconsistent_declaration_is_refused(change, message):
    item = dict(entry("registered_unemployed"))
    with pytest.raises(ValueError, match=message):
        check_entry(item | change)


def test_engine_applies_each_declaration():
    """Basel-Stadt 2025 from table 8980's own months: a stock's mean, and the share as the ratio of the means."""
    table = pd.read_csv(DATA_DIR / "statabs" / "8980.tsv", sep="\t")
    table.columns = ["period", "registered_unemployed", "long_term_unemployed", "long_term_unemployment_share"]
    year = table[table["period"].str.startswith("2025")]
    long = year.melt(id_vars="period", var_name="measure", value_name="value")
    share = long["measure"].eq("long_term_unemployment_share")
    long["value"] = long["value"].astype(float).where(~share, long["value"] * 100)
    frame = ObservationSchema.validate(with_defaults(
        long.assign(geo="CH-BS", dataset="statabs_8980", unit=share.map({True: "percent", False: "persons"})),
        concept="SECO_registered",
        source="Statistisches Amt Basel-Stadt", vintage="2026-08-01", realm="official"))
    con = connect(":memory:")
    con.register("f", frame)
    con.execute("INSERT INTO core.observations SELECT * FROM f")
    annual = dict(compute(con).filter("measure = 'level' AND period = '2025'").project("indicator, value").fetchall())
    assert annual["long_term_unemployed"] == pytest.approx(794.75)
    assert annual["long_term_unemployment_share"] == pytest.approx(100 * 794.75 / year["registered_unemployed"].mean())
    assert annual["long_term_unemployment_share"] != pytest.approx(year["long_term_unemployment_share"].mean() * 100)


def test_docs_table_is_current():
    text = indicator_table.DOC.read_text(encoding="utf-8")
    assert text == indicator_table.current(text), "run: python -m tools.indicator_table"
    assert text.count("\n| `") == len(catalogue())


def test_a_ratio_reads_a_numerator_and_denominator_that_add_up_over_time():
    from indicators.aggregation import check_ratio_inputs

    share = entry("long_term_unemployment_share")
    wrong = share | {"aggregation": share["aggregation"] | {"of": ["long_term_unemployed", "occupation_unemployment_rate"]}}
    with pytest.raises(ValueError, match="aggregated by mean or sum"):
        check_ratio_inputs((*catalogue(), wrong))
