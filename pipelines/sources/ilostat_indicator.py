"""Which ILOSTAT indicator a file holds: its code or label (en, fr, es) in the content, or its file name."""

import re
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from kernel.settings import LmoError
from pipelines.sources.labels import plain
from pipelines.sources.validation import ROW


def indicator_from_name(path: Path) -> str | None:
    """EMP_NIFL_SEX_RT_A-20240726T0000.csv (bulk) or ddf--datapoints--une_..--by--... (DDF)."""
    name = Path(path).stem
    if m := re.match(r"^([A-Z0-9]+(?:_[A-Z0-9]+)+)_[AQM](-\d{8}T\d{4})?$", name):
        return m.group(1)
    return None


@cache
def label_codes() -> dict[str, str]:
    """Indicator labels (en, fr, es) as compared -> indicator code."""
    labels = yaml.safe_load(Path(__file__).with_name("international.yaml").read_text(encoding="utf-8"))["ilostat_labels"]
    return {plain(label): code for label, code in labels.items()}


def indicator_codes(frame: pd.DataFrame, path: Path) -> pd.Series:
    """The indicator of each row: its code or label in the file, else the code in the file name."""
    named = indicator_from_name(path)
    if "indicator" in frame:
        codes = frame["indicator"].str.strip().str.upper().replace("", None)
    else:
        codes = frame.get("indicator.label", pd.Series("", index=frame.index)).map(lambda v: label_codes().get(plain(v)))
    unknown = codes.isna() if named is None else pd.Series(False, index=frame.index)
    if unknown.any():
        row = frame[unknown].iloc[0]
        raise LmoError(f"{path}: {row[ROW]}: column 'indicator.label': rule known ILOSTAT indicator "
                       f"(pipelines/sources/international.yaml) or the code in the file name "
                       f"(e.g. EMP_NIFL_SEX_RT_A.csv): value {row.get('indicator.label', '')!r}")
    codes = codes.fillna(named)
    clash = codes != (named or codes)
    if clash.any():
        row = frame[clash].iloc[0]
        raise LmoError(f"{path}: {row[ROW]}: the file name says indicator {named}, the content says "
                       f"{codes[clash].iloc[0]} ({row.get('indicator.label', '')!r})")
    return codes


