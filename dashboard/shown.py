"""The data a chart shows, as one frame: codes, translated labels, flags, source; and the index transform."""

import pandas as pd

from dashboard import lang as L

PRESENTATION = ["series", "period_label", "flag"]


def shown(frame: pd.DataFrame, indicator: str, lang: str, dim: str | None = None) -> pd.DataFrame:
    """Rows of data.observations → what charts, tables and downloads use (one row per point shown)."""
    place = frame["geo"].map(lambda code: L.geo_name(code, lang))
    breakdown = frame[dim].map(lambda code: L.code_label(dim, code, lang)) if dim else None
    series = place if dim is None else place + " · " + breakdown.astype(str)
    status = frame["obs_status"].fillna("A")
    note = frame["note"] if "note" in frame.columns else pd.Series([None] * len(frame), index=frame.index)
    out = pd.DataFrame({
        "indicator": indicator, "geo": frame["geo"], "place": place,
        "breakdown": breakdown if dim else "_T", "period": frame["period"], "value": frame["value"].astype(float),
        "unit": frame["unit"], "status": status, "conf_status": frame.get("conf_status", "F"),
        "source": frame.get("source"), "vintage": frame.get("vintage"), "note": note,
        "series": series, "period_label": frame["period"].map(lambda p: L.period_label(p, lang)),
        "flag": [flag_text(s, c, lang, n) for s, c, n in zip(status, frame.get("conf_status", ["F"] * len(frame)), note)],
    })
    if dim is None:
        out = out.drop(columns="breakdown")
    return out.reset_index(drop=True)


def by_adjustment(rows: pd.DataFrame, adjustments, lang: str) -> pd.DataFrame:
    """Rows of unadjusted and seasonally adjusted values side by side: each series named by its adjustment."""
    names = pd.Series([L.t(f"option.{a}", lang) for a in adjustments], index=rows.index)
    return rows.assign(adjustment=list(adjustments), series=rows["series"] + " · " + names)


def side_by_side(frames: dict[str, pd.DataFrame], indicator: str, lang: str) -> pd.DataFrame:
    """data.observations rows by adjustment → the unadjusted rows shown, and the seasonally adjusted ones beside
    them where there are any (each series then named by its adjustment)."""
    held = {adjustment: frame for adjustment, frame in frames.items() if len(frame)}
    if "SA" not in held:
        return shown(frames["NSA"], indicator, lang)
    frame = pd.concat([f.assign(adjustment=a) for a, f in held.items()], ignore_index=True)
    return by_adjustment(shown(frame, indicator, lang), frame["adjustment"].to_numpy(), lang)


def flag_text(status: str, conf: str, lang: str, note: str | None = None) -> str:
    """The flags of a point in words, and the mart's note on it (which sources a break joins), for its tooltip."""
    texts = [f"{status}: {L.flag(status, lang)}"] if status and status != "A" else []
    if conf in ("C", "D", "N"):
        texts.append(L.flag("C", lang))
    return "<br>".join(filter(None, [", ".join(texts), note if isinstance(note, str) else None]))


def as_index(frame: pd.DataFrame) -> pd.DataFrame:
    """Each series divided by its first value, × 100."""
    ordered = frame.sort_values("period")
    first = ordered.groupby("series")["value"].transform("first")
    return ordered.assign(value=(ordered["value"] / first * 100).round(2)).sort_index()


def without_presentation(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=[c for c in PRESENTATION if c in frame.columns])


def measure_unit(item: dict, measure: str, lang: str) -> tuple[str, int]:
    """The unit label and decimals of a measure of a catalogue entry."""
    if measure.endswith("_pp"):
        return L.t("unit.pp", lang), 2
    if measure.endswith("_pct") or measure == "share_national":
        return L.t("unit.percent", lang), 1
    if measure == "index":
        return L.t("unit.index", lang), 1
    return L.unit(item["unit"], lang), int(item.get("decimals", 1))
