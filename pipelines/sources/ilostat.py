"""ILOSTAT CSV in any of its three layouts (bulk codes, bulk labels, DDF export), any indicator."""

import re
from functools import cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import yaml

from indicators.model import TOTAL, with_defaults
from kernel.settings import LmoError
from pipelines.sources import vintages
from pipelines.sources.countries import country_check, split_countries
from pipelines.sources.ilostat_indicator import indicator_codes
from pipelines.sources.labels import ilostat_sex, ilostat_status, plain, unit_in_label
from pipelines.sources.sheet import is_workbook, read_sheet
from pipelines.sources.table import read_table
from pipelines.sources.validation import ROW, validate, without_empty

KIND = "ilostat-csv"
SOURCE = "ILO, ILOSTAT"
# The same age total or band appears under several ILO age classifications: keep the first.
AGE_PREFERENCE = ("YTHADULT", "AGGREGATE", "10YRBANDS", "5YRBANDS")


# Labels of the classifications in English, French and Spanish: "Age (Youth, adults): 15-24",
# "Âge (Jeunes, adultes): 15-24", "Edad (Jóvenes, adultos): 15-24"; ISCO/CITP/CIUO, ISIC/CITI/CIIU.
AGE_LABEL = r"^(?:age|edad) \([^)]*\): (.+)$"
OCCUPATION_LABEL = r"^[^(]*\((?:isco|citp|ciuo)-08\): (total|\d+)\b"
ACTIVITY_LABEL = r"^[^(]*\((?:isic|citi|ciiu)-rev\.? ?4\): (total|[a-u])\b"
HEADER_NAMES = {"ref_area", "ref_area.label"}
sex_code = ilostat_sex


def age_code(tail: str) -> str | None:
    """'Y15-24', 'y15_24', '15-24', 'YGE25', '25+', 'TOTAL', '15+' -> canonical age codes."""
    tail = tail.strip().upper().replace("_", "-")
    if tail in ("TOTAL", "YGE15", "15+"):
        return TOTAL
    if m := re.fullmatch(r"Y?GE(\d+)|(\d+)\+", tail.replace("Y-", "Y")):
        return f"Y_GE{m.group(1) or m.group(2)}"
    if m := re.fullmatch(r"Y?(\d+)-(\d+)", tail):
        return f"Y{m.group(1)}-{m.group(2)}"
    return None


def classification(value: str) -> tuple[str, str] | None:
    """(dimension, code) of a classif1/classif2 value in code, label or DDF form; None if unknown."""
    text = value.strip()
    if text in ("", "_Z"):
        return ("none", TOTAL)
    if m := re.match(r"(?i)^age_[a-z0-9]+_(.+)$", text):
        code = age_code(m.group(1))
    elif m := re.match(AGE_LABEL, plain(text)):
        code = age_code(m.group(1))
    elif m := re.match(OCCUPATION_LABEL, plain(text)):
        return ("occupation", TOTAL if m.group(1) == "total" else f"ISCO08_{m.group(1)}")
    elif m := re.match(ACTIVITY_LABEL, plain(text)):
        return ("activity", TOTAL if m.group(1) == "total" else m.group(1).upper())
    elif m := re.match(r"(?i)^ocu_isco08_(\w+)$", text):
        return ("occupation", TOTAL if m.group(1).upper() == "TOTAL" else f"ISCO08_{m.group(1).upper()}")
    elif m := re.match(r"(?i)^eco_isic4_([a-z]|total)$", text):
        return ("activity", TOTAL if m.group(1).upper() == "TOTAL" else m.group(1).upper())
    else:
        return None
    return ("age", code) if code else None


def age_rank(value: str) -> int:
    upper = value.upper()
    return next((i for i, name in enumerate(AGE_PREFERENCE) if f"_{name}_" in upper), len(AGE_PREFERENCE))


def time_period(value: str) -> str:
    """'2021' -> '2021', '2021Q1' -> '2021-Q1', '2021M01' -> '2021-01'."""
    return re.sub(r"^(\d{4})M(\d{2})$", r"\1-\2", re.sub(r"^(\d{4})Q([1-4])$", r"\1-Q\2", value.strip()))


RawSchema = pa.DataFrameSchema(
    {
        ROW: pa.Column(str),
        "ref_area": pa.Column(str, [pa.Check.str_length(1, 200), country_check("ilostat")]),
        "indicator": pa.Column(str, pa.Check.str_matches(r"^[A-Z0-9_]+$")),
        "survey": pa.Column(str),
        "sex": pa.Column(str, pa.Check(lambda s: s.map(sex_code).notna(), error="known ILO sex code")),
        "classif1": pa.Column(str, pa.Check(lambda s: s.map(classification).notna(), error="known ILO classification")),
        "classif2": pa.Column(str, pa.Check(lambda s: s.map(classification).notna(), error="known ILO classification")),
        "time": pa.Column(str, pa.Check.str_matches(r"^\d{4}([QM]\d{1,2})?$", error="ILOSTAT period 2021, 2021Q1 or 2021M01")),
        "value": pa.Column(float, nullable=True),
        "obs_status": pa.Column(str, pa.Check(lambda s: s.map(ilostat_status).notna(),
                                              error="known ILOSTAT status (code, or label in en/fr/es)")),
        "unit": pa.Column(str),
    },
    coerce=True, strict=True, name="ilostat csv",
)


@cache
def known_codes() -> dict:
    return yaml.safe_load(Path(__file__).with_name("international.yaml").read_text(encoding="utf-8"))["ilostat"]


def normalise(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """The three layouts as one set of columns."""
    columns = set(frame.columns) - {ROW}
    if "ref_area.label" in columns:
        pick = {"ref_area": "ref_area.label", "survey": "source.label", "sex": "sex.label",
                "classif1": "classif1.label", "classif2": "classif2.label", "obs_status": "obs_status.label"}
        out = pd.DataFrame({k: frame.get(v, "") for k, v in pick.items()}, index=frame.index)
        unit = frame.get("indicator.label", pd.Series("", index=frame.index)).map(unit_in_label)
        return out.assign(indicator=indicator_codes(frame, path), time=frame["time"], value=frame["obs_value"],
                          unit=unit.fillna(""))
    if {"ref_area", "indicator", "obs_value"} <= columns:
        out = pd.DataFrame({k: frame.get(k, "") for k in ("ref_area", "sex", "classif1", "classif2", "obs_status")})
        return out.assign(indicator=frame["indicator"].str.upper(), survey=frame.get("source", ""),
                          time=frame["time"], value=frame["obs_value"], unit="")
    values = [c for c in columns if c not in {"ref_area", "sex", "classif1", "classif2", "time"}]
    if "ref_area" in columns and "time" in columns and len(values) == 1:  # DDF datapoints
        out = pd.DataFrame({k: frame.get(k, "") for k in ("ref_area", "sex", "classif1", "classif2")})
        return out.assign(indicator=values[0].upper(), survey="", time=frame["time"],
                          value=frame[values[0]], obs_status="", unit="")
    raise LmoError(f"{path}: not an ILOSTAT CSV (bulk code, bulk label or DDF layout); columns: {sorted(columns)}")


def read(path: Path) -> pd.DataFrame:
    """An ILOSTAT CSV or Excel download (.xlsx, the header found below any title lines)."""
    _header, frame, problems = read_sheet(path, HEADER_NAMES) if is_workbook(path) else read_table(path)
    raw = normalise(frame, path).fillna("")
    raw[ROW] = frame[ROW]
    return validate(raw[list(RawSchema.columns)].reset_index(drop=True), RawSchema, str(path), problems)


def vintage_of(path: Path) -> str | None:
    """The extraction date in a bulk file name (…-20240726T0000.csv)."""
    m = re.search(r"-([0-9]{4})([0-9]{2})([0-9]{2})T[0-9]{4}$", Path(path).stem)
    return vintages.published(f"{m.group(1)}-{m.group(2)}-{m.group(3)}", path, "file name") if m else None


def unit_of_code(code: str) -> str:
    """The declared unit, else what the code implies: _RT in percent, _NB in thousands (as ILOSTAT publishes)."""
    declared = known_codes().get(code, {}).get("unit")
    return declared or ("percent" if code.endswith("_RT") else "thousands" if code.endswith("_NB") else "number")


def to_canonical(raw: pd.DataFrame, vintage: str) -> pd.DataFrame:
    raw, skipped = without_empty(raw)
    geo, aggregates = split_countries(raw["ref_area"], "ilostat")
    raw, geo, skipped = raw[geo.notna()], geo[geo.notna()], skipped | aggregates
    long = pd.DataFrame({"geo": geo, "period": raw["time"].map(time_period), "sex": raw["sex"].map(sex_code),
                         "value": raw["value"], "obs_status": raw["obs_status"].map(ilostat_status),
                         "indicator": raw["indicator"],
                         "source": raw["survey"].map(lambda s: f"{SOURCE} ({s})" if s else SOURCE)})
    for column in ("classif1", "classif2"):
        pairs = raw[column].map(classification)
        for dimension in ("age", "occupation", "activity"):
            codes = pairs.map(lambda p, d=dimension: p[1] if p[0] == d else None)
            long[dimension] = codes.where(codes.notna(), long.get(dimension, TOTAL))
    long["rank"] = raw["classif1"].map(age_rank)
    keys = ["indicator", "geo", "period", "sex", "age", "occupation", "activity"]
    long = long.sort_values("rank", kind="stable")
    duplicates = long.duplicated(keys)
    if duplicates.any():
        skipped["same key under another ILO classification or survey"] = int(duplicates.sum())
    long = long[~duplicates].sort_index()
    stated = raw.groupby("indicator")["unit"].first()
    specs = {code: {"measure": code.lower(), "concept": "ILO_modelled" if re.match(r"^[A-Z]+_2", code) else "ILO_survey"}
             | known_codes().get(code, {}) | {"unit": stated[code] or unit_of_code(code)}
             for code in long["indicator"].unique()}
    spec = pd.DataFrame([specs[code] for code in long["indicator"]], index=long.index)
    out = with_defaults(pd.concat([long.drop(columns=["rank", "indicator"]), spec], axis=1),
                        dataset="ilostat_" + long["indicator"].str.lower(), vintage=vintage)
    out.attrs["skipped"] = skipped
    return out
