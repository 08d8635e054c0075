"""What goes with every figure: definition, unit, source, licence, vintage, flags (catalogue and data/*/SOURCE.md)."""

import re
from functools import cache

import pandas as pd
import yaml

from dashboard import lang as L
from dashboard.sources import fill, source_parts
from indicators.catalog import entry
from kernel.settings import DATA_DIR

LICENCE = re.compile(r"(?:\*\*)?Licen[cs]e(?:\*\*)?:\s*(.+?)(?=\n\s*-\s|\n\n|\Z)", re.DOTALL)
# The employment service's own register (real or synthetic): no data/ folder, no published licence.
REGISTER_DATASETS = ("register", "register_programmes", "synthetic_register", "synthetic_register_programmes")


@cache
def source_documents() -> dict[str, str]:
    """data folder → its SOURCE.md text."""
    return {path.parent.name: path.read_text(encoding="utf-8") for path in sorted(DATA_DIR.glob("*/SOURCE.md"))}


@cache
def dataset_folders() -> dict[str, str]:
    """Embedded dataset (asset) → the data/ folder its file lives in."""
    entries = yaml.safe_load((DATA_DIR / "embedded.yaml").read_text(encoding="utf-8")) or []
    return {item["asset"]: item["path"].split("/")[0] for item in entries}


def licence(indicator: str, lang: str = "en") -> str:
    """The licence of the data behind an indicator (data/*/SOURCE.md, in English); an indicator computed from
    others has theirs; register data are the office's own."""
    item = entry(indicator)
    found = [dataset_licence(source["dataset"], lang) for source in item.get("from") or []]
    for ref in (item.get("inputs") or {}).values():
        found += [licence(ref, lang)] if isinstance(ref, str) else \
            [dataset_licence(source["dataset"], lang) for source in ref.get("from") or []]
    return "; ".join(dict.fromkeys(text for text in found if text))


def dataset_licence(dataset: str, lang: str) -> str:
    if dataset in REGISTER_DATASETS:
        return L.t("licence.register", lang)
    folder = dataset_folders().get(dataset, dataset.split("_")[0])
    match = LICENCE.search(source_documents().get(folder, ""))
    return " ".join(match.group(1).split()) if match else ""


def flags(frame: pd.DataFrame) -> list[str]:
    """Flag codes present in the data shown (SDMX observation status other than A, confidential values)."""
    codes = set(frame.get("obs_status", pd.Series(dtype=str)).dropna()) - {"A"}
    if "conf_status" in frame and frame["conf_status"].isin(["C", "D", "N"]).any():
        codes.add("C")
    return sorted(codes)


def chart_meta(indicator: str, frame: pd.DataFrame, lang: str, title: str, unit_label: str) -> dict:
    item = entry(indicator)
    sources = sorted(set(frame["source"].dropna())) if "source" in frame else []
    vintages = sorted(set(frame["vintage"].dropna())) if "vintage" in frame else []
    return {"title": title, "indicator": indicator, "definition": L.definition(indicator, lang),
            "unit": unit_label, "source": "; ".join(sources) or item["source"], "licence": licence(indicator),
            "vintage": vintages[-1] if vintages else "", "flags": {code: L.flag(code, lang) for code in flags(frame)},
            "synthetic": any("synthetic" in str(s).lower() for s in sources)}


def source_line(meta: dict, lang: str) -> list:
    """"Source: …" in the page's language: texts, and the titles quoted as written in elements marked lang="en"."""
    sources = source_parts(meta["source"], lang)
    line = fill(L.t("chart.source" if meta["vintage"] else "chart.source_only", lang),
                {"source": sources, "vintage": meta["vintage"]})
    if meta["flags"]:
        line.append(" " + L.t("chart.flags", lang, flags=", ".join(f"{c} = {n}" for c, n in meta["flags"].items())))
    if meta.get("synthetic"):
        line.append(f" ({L.t('synthetic', lang)})")
    return line
