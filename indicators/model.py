"""The observation model of indicators/model.yaml, and what is generated from it (schema, DDL, column lists)."""

import re
from functools import cache
from pathlib import Path

import yaml

MODEL = yaml.safe_load(Path(__file__).with_name("model.yaml").read_text(encoding="utf-8"))
COLUMNS: dict[str, dict] = MODEL["columns"]
SPEC: dict[str, dict] = {name: spec for name, spec in COLUMNS.items() if not spec.get("mart")}
TOTAL: str = MODEL["total"]
DIMENSIONS = tuple(name for name, spec in SPEC.items() if spec.get("dimension"))
OBSERVATION_COLUMNS = tuple(SPEC)
KEY_COLUMNS = tuple(MODEL["key"])
SERIES_COLUMNS = tuple(MODEL["series"])
# mart.indicator_values: the indicator in place of the dataset; one value per key and realm class
MART_COLUMNS = ("indicator", *(c for c in COLUMNS if c != "dataset"))
MART_KEY = ("indicator", *(c for c in KEY_COLUMNS if c not in ("dataset", "vintage")), "realm")
PERIOD_PATTERN = SPEC["period"]["pattern"]
GEO_PATTERN = SPEC["geo"]["pattern"]
CONCEPTS = tuple(SPEC["concept"]["values"])
ADJUSTMENTS = tuple(SPEC["adjustment"]["values"])
REALMS = tuple(SPEC["realm"]["values"])
FILE_REALMS = tuple(MODEL["file_realms"])
FREQUENCIES = tuple(SPEC["frequency"]["values"])
PERIOD_TEXT = "period format 2025, 2025-Q1 or 2025-01"


def period_frequency(period: str) -> str:
    """'A', 'Q' or 'M' for '2025', '2025-Q1' or '2025-01': the one place a period's frequency is read."""
    if not re.match(PERIOD_PATTERN, str(period)):
        raise ValueError(f"bad period {period!r}: expected 2025, 2025-Q1 or 2025-01")
    return "A" if len(period) == 4 else ("Q" if "Q" in period else "M")


def frequencies(periods):
    """The frequency of every period of a pandas Series (vectorised period_frequency); a bad or missing period reads
    as "A", and the schema's period pattern reports it."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(periods)  # a few hundred distinct periods among many rows: read each once
    kinds = pd.Series(uniques, dtype=object).str.extract(r"^\d{4}(?P<f>-Q[1-4]|-\d{2})?$")["f"].map(
        lambda f: "A" if not isinstance(f, str) else ("Q" if f.startswith("-Q") else "M")).to_numpy(dtype=object)
    # a missing period (code -1) takes the last entry, "A", as the row-wise reading gave it
    return pd.Series(np.append(kinds, "A")[codes], index=periods.index, dtype=object)


def basis_of(realms) -> str:
    """The '+'-joined realms a value rests on (derived inputs count by their own basis)."""
    parts = {part for realm in realms for part in str(realm).split("+")}
    return "+".join(r for r in ("official", "user", "synthetic") if r in parts)


def ddl(table: str) -> str:
    """CREATE TABLE of core.observations or mart.indicator_values, from the model."""
    columns = OBSERVATION_COLUMNS if table == "core.observations" else MART_COLUMNS
    types = {"indicator": "VARCHAR"} | {name: spec["type"] for name, spec in COLUMNS.items()}
    lines = [f"{c} {types[c]}" + ("" if COLUMNS.get(c, {}).get("nullable") else " NOT NULL") for c in columns]
    return f"CREATE TABLE IF NOT EXISTS {table} (\n    " + ",\n    ".join(lines) + "\n)"


def select_list(prefix: str = "", columns=MART_COLUMNS) -> str:
    """The column list for SQL, optionally qualified: 'o.indicator, o.geo, …'."""
    return ", ".join(f"{prefix}{c}" for c in columns)


def _column(name: str, spec: dict):
    import pandera.pandas as pa

    checks = []
    if "pattern" in spec:
        checks.append(pa.Check.str_matches(spec["pattern"], error=PERIOD_TEXT if name == "period" else None))
    if "values" in spec:
        checks.append(pa.Check.isin(spec["values"]))
    if spec.get("dimension"):
        checks.append(pa.Check.str_length(1, 64))
    if name == "value":
        checks.append(pa.Check(lambda s: ~s.isin([float("inf"), float("-inf")]), error="finite"))
        return pa.Column(float, nullable=True, checks=checks)
    if "codelist" in spec and name != "geo":  # geo: checked by rules.py against countries and subdivisions
        checks.append(pa.Check(lambda s, n=spec["codelist"]: s.isin(_codes(n)), error=f"code list {spec['codelist']}"))
    return pa.Column(str, checks=checks)


@cache
def _codes(name: str) -> frozenset[str]:
    from indicators.codelists import codelist

    return frozenset(codelist(name)["code"])


def _frequency_matches(frame) -> bool:
    return frequencies(frame["period"]).eq(frame["frequency"])


@cache
def observation_schema():
    """The pandera schema of core.observations (pandera is imported on first use: `lmo indicator` needs none)."""
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {name: _column(name, spec) for name, spec in SPEC.items()},
        checks=[pa.Check(_frequency_matches, error="frequency agrees with the period")],
        unique=list(KEY_COLUMNS), strict=True, ordered=True, coerce=True, name="core.observations",
    )


def __getattr__(name: str):
    if name == "ObservationSchema":
        return observation_schema()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def with_defaults(frame, **defaults):
    """Fill the canonical columns a source leaves out: totals, normal status, unadjusted, the frequency of
    each period; `realm` and `basis` stay empty unless given (the ingest sets them from the file's kind)."""
    base = {dim: TOTAL for dim in DIMENSIONS}
    base |= {"obs_status": "A", "conf_status": "F", "adjustment": "NSA", "realm": None, "basis": None}
    base |= defaults
    out = frame.copy()
    for column, value in base.items():
        if column not in out.columns:
            out[column] = value
    out["frequency"] = frequencies(out["period"].astype(str))
    if "basis" not in defaults and defaults.get("realm") in ("official", "user", "synthetic"):
        out["basis"] = out["basis"].fillna(defaults["realm"])
    return out[list(OBSERVATION_COLUMNS)]


def aggregated(frame):
    """Aggregates LMO computes from register microdata: their datasets are named by the microdata's realm
    (register.sql, programmes.sql), so realm and basis follow: synthetic stays synthetic, user becomes derived."""
    out = frame.copy()
    synthetic = out["dataset"].str.startswith("synthetic_")
    out["realm"] = synthetic.map({True: "synthetic", False: "derived"})
    out["basis"] = synthetic.map({True: "synthetic", False: "user"})
    return out


def with_realm(frame, realm: str):
    """Rows of one file stamped with its realm where they carry none; the basis follows the realm."""
    out = frame.copy()
    out["realm"] = out["realm"].where(out["realm"].notna() & (out["realm"].astype(str) != ""), realm)
    out["basis"] = out["realm"].where(out["realm"] != "derived", out["basis"])
    return out
