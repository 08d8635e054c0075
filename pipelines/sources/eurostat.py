"""Eurostat SDMX-CSV (codes, labels in en/fr/de, or "code: label"), keeping OBS_FLAG and CONF_STATUS."""

import re
from functools import cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import yaml

from indicators.model import PERIOD_PATTERN, TOTAL, with_defaults
from kernel.settings import LmoError
from pipelines.sources import vintages
from pipelines.sources.countries import country_check, split_countries
from pipelines.sources.labels import eurostat_adjustment, eurostat_age, eurostat_flag, eurostat_sex, eurostat_unit
from pipelines.sources.table import first_record, read_table
from pipelines.sources.validation import ROW, validate, without_empty

KIND = "eurostat-sdmx-csv"
SOURCE = "Eurostat"
DIMENSIONS = ("freq", "s_adj", "age", "unit", "sex", "geo")
# Eurostat flags -> SDMX observation status; 'c' (confidential) goes to conf_status instead.
FLAGS = {"b": "B", "e": "E", "p": "P", "u": "U", "d": "D", "f": "F", "z": "M", "n": "A"}
SEX = {"T": TOTAL, "TOTAL": TOTAL, "M": "M", "MALES": "M", "F": "F", "FEMALES": "F"}
S_ADJ = {"NSA": "NSA", "SA": "SA", "TC": "TC", "SCA": "SA", "CA": "NSA"}


def code_of(value: str) -> str:
    """'AT' and 'AT:Austria' give 'AT'; a bare label is kept as it is."""
    return value.split(":", 1)[0].strip() if re.match(r"^[A-Z0-9_\-]+:", value) else value.strip()


def sex_code(value: str) -> str | None:
    return SEX.get(code_of(value).upper()) or eurostat_sex(code_of(value))


def adjustment(value: str) -> str | None:
    text = code_of(value)
    return S_ADJ[text] if text in S_ADJ else eurostat_adjustment(text)


def age_code(value: str) -> str | None:
    text = code_of(value)
    if text in ("TOTAL", "Total", "Y15-74", "From 15 to 74 years"):
        return TOTAL
    if m := re.fullmatch(r"Y(\d+)-(\d+)|From (\d+) to (\d+) years", text):
        return f"Y{m.group(1) or m.group(3)}-{m.group(2) or m.group(4)}"
    if m := re.fullmatch(r"Y_LT(\d+)|Less than (\d+) years", text):
        return f"Y_LT{m.group(1) or m.group(2)}"
    if m := re.fullmatch(r"Y_GE(\d+)|(\d+) years or over", text):
        return f"Y_GE{m.group(1) or m.group(2)}"
    code = eurostat_age(text)
    return TOTAL if code == "Y15-74" else code


def _known(function, name):
    return pa.Check(lambda s: s.map(function).notna(), error=f"known Eurostat {name}")


RawSchema = pa.DataFrameSchema(
    {
        ROW: pa.Column(str),
        "dataflow": pa.Column(str, pa.Check.str_matches(r"^[A-Z]+:[A-Z0-9_]+\(")),
        "last_update": pa.Column(str),
        "s_adj": pa.Column(str, _known(adjustment, "seasonal adjustment")),
        "age": pa.Column(str, _known(age_code, "age class")),
        "unit": pa.Column(str),
        "sex": pa.Column(str, _known(sex_code, "sex")),
        "geo": pa.Column(str, country_check("eurostat", code_of)),
        "time": pa.Column(str, pa.Check.str_matches(PERIOD_PATTERN)),
        "value": pa.Column(float, nullable=True),
        "obs_flag": pa.Column(str, _known(eurostat_flag, "flag (letters, or a label in en/fr/de)")),
        "conf_status": pa.Column(str, pa.Check.isin(["", "F", "C", "D", "N", "S", "A", "O", "T", "G", "M"])),
    },
    coerce=True, strict=True, name="eurostat sdmx-csv",
)


@cache
def known_codes() -> dict:
    return yaml.safe_load(Path(__file__).with_name("international.yaml").read_text(encoding="utf-8"))["eurostat"]


def read(path: Path) -> pd.DataFrame:
    header, frame, problems = read_table(path)
    needed = {"DATAFLOW", "geo", "TIME_PERIOD", "OBS_VALUE"}
    if not needed <= set(header):
        raise LmoError(f"{path}: not Eurostat SDMX-CSV: missing columns {sorted(needed - set(header))}")
    raw = pd.DataFrame({
        ROW: frame[ROW], "dataflow": frame["DATAFLOW"], "last_update": frame.get("LAST UPDATE", ""),
        **{d: frame.get(d, "TOTAL" if d in ("age", "sex") else "NSA" if d == "s_adj" else "") for d in DIMENSIONS[1:]},
        "time": frame["TIME_PERIOD"], "value": frame["OBS_VALUE"],
        "obs_flag": frame.get("OBS_FLAG", ""), "conf_status": frame.get("CONF_STATUS", ""),
    })
    return validate(raw, RawSchema, str(path), problems)


def vintage_of(path: Path) -> str | None:
    """LAST UPDATE of the first row: '04/03/26 11:00:00' (dd/mm/yy) or an ISO date."""
    stamp = first_record(path).get("LAST UPDATE", "")
    if m := re.match(r"^([0-9]{2})/([0-9]{2})/([0-9]{2})\b", stamp):
        return vintages.published(f"20{m.group(3)}-{m.group(2)}-{m.group(1)}", path, "LAST UPDATE")
    return vintages.published(stamp[:10], path, "LAST UPDATE") if re.match(r"^[0-9]{4}-", stamp) else None


def status(flag: str) -> str:
    return next((FLAGS[f] for f in flag if f in FLAGS), "A")


def to_canonical(raw: pd.DataFrame, vintage: str) -> pd.DataFrame:
    raw, skipped = without_empty(raw)
    geo, aggregates = split_countries(raw["geo"].map(code_of), "eurostat")
    raw, geo, skipped = raw[geo.notna()], geo[geo.notna()], skipped | aggregates
    flow = raw["dataflow"].str.extract(r":([A-Z0-9_]+)\(", expand=False)
    specs = {f: {"measure": f.lower(), "concept": "other"} | known_codes().get(f, {}) for f in flow.unique()}
    spec = pd.DataFrame([specs[f] for f in flow], index=raw.index)
    unit = raw["unit"].map(code_of).map(eurostat_unit)
    flags = raw["obs_flag"].map(eurostat_flag)
    conf = raw["conf_status"].where(raw["conf_status"].isin(["F", "C", "D", "N"]), "F")
    long = spec.assign(
        dataset="eurostat_" + flow.str.lower(), geo=geo, period=raw["time"], age=raw["age"].map(age_code),
        sex=raw["sex"].map(sex_code), adjustment=raw["s_adj"].map(adjustment), value=raw["value"], unit=unit,
        obs_status=flags.map(status),
        conf_status=conf.where(~flags.str.contains("c"), "C"),
    )
    out = with_defaults(long, source=SOURCE, vintage=vintage)
    out.attrs["skipped"] = skipped
    return out
