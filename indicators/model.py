"""The canonical model: the long observation table every source maps into."""

import re

import pandera.pandas as pa

TOTAL = "_T"
# Breakdown dimensions (SDMX style); '_T' is the total over a dimension.
DIMENSIONS = ("sex", "age", "citizenship", "activity", "occupation", "programme")
OBSERVATION_COLUMNS = (
    "dataset", "geo", "period", *DIMENSIONS, "measure", "value", "unit",
    "obs_status", "conf_status", "concept", "adjustment", "source", "vintage",
)
KEY_COLUMNS = ("dataset", "geo", "period", *DIMENSIONS, "measure", "vintage")

GEO_PATTERN = r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$"
PERIOD_PATTERN = r"^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$"
CONCEPTS = ("SECO_registered", "ILO_survey", "ILO_modelled", "register", "other")


def period_frequency(period: str) -> str:
    """'A', 'Q' or 'M' for '2025', '2025-Q1' or '2025-01'."""
    if not re.match(PERIOD_PATTERN, period):
        raise ValueError(f"bad period {period!r}: expected 2025, 2025-Q1 or 2025-01")
    return "A" if len(period) == 4 else ("Q" if "Q" in period else "M")


def _text(**kwargs) -> pa.Column:
    return pa.Column(str, **kwargs)


ObservationSchema = pa.DataFrameSchema(
    {
        "dataset": _text(checks=pa.Check.str_matches(r"^[a-z0-9_.\-]+$")),
        "geo": _text(checks=pa.Check.str_matches(GEO_PATTERN)),
        "period": _text(checks=pa.Check.str_matches(PERIOD_PATTERN)),
        **{dim: _text(checks=pa.Check.str_length(1, 64)) for dim in DIMENSIONS},
        "measure": _text(checks=pa.Check.str_matches(r"^[a-z0-9_]+$")),
        "value": pa.Column(float, nullable=True, checks=pa.Check(lambda s: ~s.isin([float("inf"), float("-inf")]), error="finite")),
        "unit": _text(),
        "obs_status": _text(checks=pa.Check.isin(list("ABDEFIMPU"))),
        "conf_status": _text(checks=pa.Check.isin(list("FCDN"))),
        "concept": _text(checks=pa.Check.isin(CONCEPTS)),
        "adjustment": _text(checks=pa.Check.isin(["NSA", "SA", "TC"])),
        "source": _text(),
        "vintage": _text(checks=pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$")),
    },
    unique=list(KEY_COLUMNS),
    strict=True,
    ordered=True,
    coerce=True,
    name="core.observations",
)


def with_defaults(frame, **defaults):
    """Fill the canonical columns a source leaves out: totals, normal status, unadjusted."""
    base = {dim: TOTAL for dim in DIMENSIONS}
    base |= {"obs_status": "A", "conf_status": "F", "adjustment": "NSA"}
    base |= defaults
    out = frame.copy()
    for column, value in base.items():
        if column not in out.columns:
            out[column] = value
    return out[list(OBSERVATION_COLUMNS)]
