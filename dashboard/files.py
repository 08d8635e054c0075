"""Whole-indicator CSV files for the downloads page: every row published, metadata in `#` lines."""

import pandas as pd

from dashboard import data
from dashboard.components import to_csv
from dashboard.meta import licence
from indicators.catalog import entry


def indicator_csv(indicator: str | None) -> str:
    """One indicator (or every one, for None) as CSV; unknown indicators raise LmoError."""
    frame = data.export(indicator)
    if indicator is None:
        meta = {"title": "LMO, every published indicator", "indicator": "all", "flags": {}}
    else:
        item = entry(indicator)
        meta = {"title": item["name"]["en"], "indicator": indicator, "definition": item["definition"]["en"],
                "unit": item["unit"], "source": item["source"], "licence": licence(indicator),
                "vintage": frame["vintage"].max() if len(frame) else "", "flags": {}}
    frame = frame.astype({"value": "float64"}) if len(frame) else pd.DataFrame(columns=frame.columns)
    return to_csv({"meta": meta, "rows": frame.to_dict("records"), "columns": list(frame.columns)})
