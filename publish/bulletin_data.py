"""The figures of one month's bulletin, read from the published copy: values, changes, realms and flags."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from indicators.catalog import entry
from indicators.codelists import cantons
from publish.realm import REALMS, realm_sql

SPEC_FILE = Path(__file__).with_name("bulletin.yaml")
CHANGES = {"count": ("change_prev_abs", "change_year_abs"), "rate": ("change_prev_pp", "change_year_pp")}
DIMS = ("sex", "citizenship", "activity", "occupation")
MONTHS_SHOWN = 25


@cache
def spec() -> dict:
    return yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))


def indicators() -> list[str]:
    themes = spec()["themes"]
    ids = [*spec()["headline"], *(i for t in themes for i in [*t["table"], t["bar"], *t["line"]])]
    return list(dict.fromkeys(ids))


def first_month(period: str, months: int = MONTHS_SHOWN) -> str:
    year, month = int(period[:4]), int(period[5:7])
    index = year * 12 + month - 1 - (months - 1)
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass(frozen=True)
class Month:
    """A bulletin's figures: the months shown (frame) and the reported month's rows by KEY (records)."""
    period: str
    frame: pd.DataFrame
    rows: dict[tuple, list[dict]]


def load(con, period: str) -> Month:
    """Monthly values of the bulletin's indicators over the months shown, totals of every breakdown but programmes.

    An indicator defined on one age group (the young, 50 and over) has its values under that age code.
    """
    columns = {row[0] for row in con.execute("SELECT * FROM mart.indicator_values LIMIT 0").description}
    totals = " AND ".join(f"{d} = '_T'" for d in DIMS)
    frame = con.execute(f"""
        SELECT indicator, geo, period, age, programme, measure, adjustment, value, unit, obs_status, conf_status,
               source, vintage, {realm_sql(columns)} AS realm
        FROM mart.indicator_values
        WHERE list_contains($ids, indicator) AND length(period) = 7 AND period BETWEEN $start AND $end
          AND {totals}""",
        {"ids": indicators(), "start": first_month(period), "end": period}).df()
    with_total = set(frame.loc[frame["age"] == "_T", "indicator"])
    frame = one_realm(frame[(frame["age"] == "_T") | ~frame["indicator"].isin(with_total)])
    return Month(period, frame, of_month(frame, period))


def one_realm(frame: pd.DataFrame) -> pd.DataFrame:
    """Where a value exists in several realms, the one with the strongest standing (official first, synthetic last)."""
    rank = frame["realm"].map({realm: i for i, realm in enumerate(REALMS)})
    key = ["indicator", "geo", "period", "programme", "measure", "adjustment"]
    return frame.assign(_rank=rank).sort_values("_rank").drop_duplicates(key).drop(columns="_rank")


KEY = ["indicator", "geo", "programme", "adjustment"]


def of_month(frame: pd.DataFrame, period: str) -> dict[tuple, list[dict]]:
    """The rows of one month by indicator, geo, programme and adjustment, as records (looked up hundreds of
    times: a dictionary, not a frame filtered each time)."""
    month = {}
    for row in frame[frame["period"] == period].to_dict("records"):
        month.setdefault(tuple(row[k] for k in KEY), []).append(row)
    return month


def figure(month: Month, indicator: str, geo: str, programme: str = "_T",
           adjustment: str = "NSA") -> dict | None:
    """Level, change on the month and on the year, realm and flags of one value; None when absent."""
    rows = month.rows.get((indicator, geo, programme, adjustment), [])
    first = next((r for r in rows if r["measure"] == "level"), None)
    if first is None:
        return None
    month_change, year_change = CHANGES.get(entry(indicator)["kind"], CHANGES["count"])
    change = {m: next((r["value"] for r in rows if r["measure"] == m), None) for m in (month_change, year_change)}
    return {"indicator": indicator, "geo": geo, "programme": programme, "value": shown(first),
            "unit": first["unit"], "month": change[month_change], "year": change[year_change],
            "realm": first["realm"], "obs_status": first["obs_status"], "conf_status": first["conf_status"],
            "source": first["source"], "vintage": first["vintage"]}


def shown(row) -> float | None:
    """A value withheld by disclosure control is never shown."""
    return None if row["conf_status"] in ("C", "D", "N") or pd.isna(row["value"]) else float(row["value"])


def headline(month: Month) -> list[dict]:
    geo = spec()["geo"]
    out = []
    for indicator in spec()["headline"]:
        item = figure(month, indicator, geo)
        if item:
            item["sa"] = figure(month, indicator, geo, adjustment="SA")
            out.append(item)
    return out


def row_keys(frame: pd.DataFrame, theme: dict, period: str) -> list[tuple[str, str]]:
    """(geo, programme) of the table's rows: the country, then cantons or programmes with a value this month."""
    geo = spec()["geo"]
    present = frame[(frame["period"] == period) & frame["indicator"].isin(theme["table"])
                    & (frame["measure"] == "level")]
    if theme["rows"] == "programmes":
        codes = sorted(set(present.loc[(present["geo"] == geo) & (present["programme"] != "_T"), "programme"]))
        return [(geo, code) for code in codes]
    geos = set(present.loc[present["programme"] == "_T", "geo"])
    order = [geo, *cantons()] if theme["rows"] == "cantons" else [geo, *sorted(geos - {geo})]
    return [(g, "_T") for g in order if g in geos]


def theme_table(month: Month, theme: dict) -> list[dict]:
    return [{"geo": geo, "programme": programme,
             "cells": [figure(month, indicator, geo, programme) for indicator in theme["table"]]}
            for geo, programme in row_keys(month.frame, theme, month.period)]


def line(frame: pd.DataFrame, indicators_: list[str], geo: str) -> dict[str, list[tuple[str, float]]]:
    """indicator → [(period, value)] of the national series over the months shown, in one realm only."""
    rows = frame[frame["indicator"].isin(indicators_) & (frame["geo"] == geo) & (frame["programme"] == "_T")
                 & (frame["measure"] == "level") & (frame["adjustment"] == "NSA")].sort_values("period")
    return {i: list(zip(g["period"], g["value"])) for i, g in one_chart_realm(rows).groupby("indicator")
            if g["value"].notna().any()}


def one_chart_realm(rows: pd.DataFrame) -> pd.DataFrame:
    """Realms never mix in a chart: synthetic values are drawn only where nothing else is."""
    real = rows[rows["realm"] != "synthetic"]
    return real if len(real) else rows
