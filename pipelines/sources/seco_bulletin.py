"""SECO monthly bulletin (JSON): registered unemployed and rate per canton and for Switzerland."""

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from indicators.codelists import canton_abbreviations
from indicators.model import PERIOD_PATTERN, with_defaults
from kernel.settings import LmoError
from pipelines.sources import jsonfile, vintages
from pipelines.sources.validation import ROW, validate, without_empty

KIND = "seco-bulletin-json"
DATASET = "seco_bulletin"
SOURCE = "SECO, Die Lage auf dem Arbeitsmarkt"
# Figures of this month are as of 22 December 2025, not month end (SECO system change).
NOT_MONTH_END = {"2025-12"}

RawSchema = pa.DataFrameSchema(
    {
        ROW: pa.Column(str),
        "code": pa.Column(str, pa.Check.isin(["CH", *canton_abbreviations()], error="code list canton")),
        "period": pa.Column(str, pa.Check.str_matches(PERIOD_PATTERN)),
        "unemployed": pa.Column("Int64", pa.Check.ge(0)),
        "rate": pa.Column(float, pa.Check.in_range(0, 100)),
        "aussteuerungen": pa.Column("Int64", pa.Check.ge(0), nullable=True),
    },
    unique=["code", "period"],
    coerce=True,
    strict=True,
    name="seco bulletin",
)


def read(path: Path) -> pd.DataFrame:
    """Flatten the bulletin into one row per geo and month, each row knowing its JSON path."""
    document = jsonfile.load(path)
    if not isinstance(document, dict) or not isinstance(document.get("cantons"), list) \
            or not isinstance(document.get("national"), list):
        raise LmoError(f"{path}: expected an object with lists 'national' and 'cantons'")
    rows = [{ROW: f"national[{i}]", "code": "CH", **month} for i, month in enumerate(document["national"])]
    for c, canton in enumerate(document["cantons"]):
        months = canton.get("months", []) if isinstance(canton, dict) else []
        rows += [{ROW: f"cantons[{c}].months[{m}]", "code": canton.get("code"), **month}
                 for m, month in enumerate(months)]
    frame = pd.DataFrame(rows).reindex(columns=list(RawSchema.columns))
    return validate(frame, RawSchema, str(path))


def vintage_of(path: Path) -> str | None:
    """The bulletin's own publication date, if a real one up to today."""
    return vintages.published(jsonfile.load(path).get("generated_at"), path, "generated_at")


def to_canonical(raw: pd.DataFrame, vintage: str) -> pd.DataFrame:
    geo = raw["code"].where(raw["code"] == "CH", "CH-" + raw["code"])
    measures = {"registered_unemployed": ("unemployed", "persons"),
                "registered_unemployment_rate": ("rate", "percent"),
                "benefit_exhaustions": ("aussteuerungen", "persons")}
    parts = [
        pd.DataFrame({"geo": geo, "period": raw["period"], "measure": measure,
                      "value": raw[column].astype("Float64"), "unit": unit})
        for measure, (column, unit) in measures.items()
    ]
    long, skipped = without_empty(pd.concat(parts, ignore_index=True))
    long["value"] = long["value"].astype(float)
    long["obs_status"] = long["period"].map(lambda p: "D" if p in NOT_MONTH_END else "A")
    out = with_defaults(long, dataset=DATASET, concept="SECO_registered", source=SOURCE, vintage=vintage)
    out.attrs["skipped"] = skipped
    return out
