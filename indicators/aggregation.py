"""Aggregation declarations of catalogue entries: what a measure is and how it adds up over time and places."""

TYPES = ("stock", "flow", "ratio", "average", "difference", "flag")
# mean: of the months; sum: of the months; ratio: the year's numerator over the year's denominator (`of`), each
# aggregated as its own entry declares; formula: the entry's formula over its inputs' annual values;
# source: only the annual value the source itself gives (published, or pooled from the microdata).
TIMES = ("mean", "sum", "ratio", "formula", "source")
PLACES = {"sum": ("stock", "flow"), "ratio": ("ratio", "average"), "none": TYPES}
# The aggregation over time a type has by definition; any other mean or sum must say why (`basis`).
NATURAL = {"stock": "mean", "flow": "sum", "ratio": "ratio"}
FIELDS = {"type", "time", "places", "of", "scale", "basis"}


def _fail(entry: dict, message: str) -> None:
    raise ValueError(f"catalogue entry {entry['id']!r}: aggregation {message}")


def check(entry: dict) -> None:
    """The entry's `aggregation` is complete and consistent (never a default)."""
    agg = entry["aggregation"]
    if not isinstance(agg, dict) or set(agg) - FIELDS or not {"type", "time", "places"} <= set(agg):
        _fail(entry, f"must be a mapping of type, time and places (optional {sorted(FIELDS - {'type', 'time', 'places'})})")
    if agg["type"] not in TYPES or agg["time"] not in TIMES or agg["places"] not in PLACES:
        _fail(entry, f"type in {TYPES}, time in {TIMES}, places in {tuple(PLACES)}: got {agg}")
    if agg["type"] not in PLACES[agg["places"]]:
        _fail(entry, f"places {agg['places']!r} does not fit a {agg['type']}")
    if (agg["time"] == "formula") != bool(entry.get("formula")):
        _fail(entry, "time is `formula` exactly for an entry with a formula")
    if (agg["time"] == "ratio") != ("of" in agg) or (agg["time"] == "ratio") != ("scale" in agg):
        _fail(entry, "time `ratio` needs `of: [numerator, denominator]` and `scale`, and only it")
    if agg["time"] in ("mean", "sum") and NATURAL.get(agg["type"]) != agg["time"] and not agg.get("basis"):
        _fail(entry, f"a {agg['type']} aggregated by {agg['time']} must cite its `basis` (the publisher's rule)")
    if entry.get("share_of_national") and agg["places"] != "sum":
        _fail(entry, "share_of_national needs places `sum` (only additive counts have a share)")


def time_rules(entries) -> dict[str, str]:
    return {e["id"]: e["aggregation"]["time"] for e in entries}


def check_ratio_inputs(entries: tuple[dict, ...]) -> None:
    """A ratio over time reads two catalogue indicators that aggregate by mean or sum."""
    times = time_rules(entries)
    for entry in entries:
        parts = entry["aggregation"].get("of") or []
        if parts and (len(parts) != 2 or any(times.get(p) not in ("mean", "sum") for p in parts)):
            _fail(entry, f"`of` {parts} must name a numerator and a denominator aggregated by mean or sum")


def meta(entry: dict, times: dict[str, str]) -> dict:
    """What the engine's SQL reads of one entry's declaration (ind_meta columns); `times`: id → time rule."""
    agg = entry["aggregation"]
    numerator, denominator = agg.get("of") or (None, None)
    return {"time": agg["time"], "numerator": numerator, "denominator": denominator,
            "numerator_time": times.get(numerator), "denominator_time": times.get(denominator),
            "scale": float(agg.get("scale", 1))}
