"""What `lmo synth` knows and an analyst must estimate: true effects, scale and size, as metadata."""

import numpy as np
import pandas as pd

OUTCOMES = ("employed_6m", "employed_12m", "earnings_12m", "days_unemployed_12m")


def person_months(spells: pd.DataFrame, extraction: np.datetime64) -> int:
    """Calendar months covered by the spells (registration month to deregistration or extraction month)."""
    first = spells["registration_date"].to_numpy().astype("datetime64[M]")
    last = spells["deregistration_date"].fillna(pd.Timestamp(extraction)).to_numpy().astype("datetime64[M]")
    return int((last - first).astype(int).sum() + len(spells))


def true_att(p: dict, spells: pd.DataFrame, programmes: list[dict]) -> dict:
    """Per programme and outcome: the mean over its participants whose outcome is observed of
    E[Y(1) - Y(0) | X] (employment, probability scale) or Y(1) - Y(0) (earnings, days)."""
    result = {}
    for j, programme in enumerate(programmes):
        taking = p["programme"] == j
        effects = {}
        for outcome in OUTCOMES:
            seen = taking & spells[outcome].notna().to_numpy()
            one, zero = (f"{outcome}_p1", f"{outcome}_p0") if outcome.startswith("employed") else (f"{outcome}1", f"{outcome}0")
            effects[outcome] = round(float((p[one][seen] - p[zero][seen]).mean()), 4) if seen.any() else None
        result[programme["code"]] = {"n_participants": int(taking.sum()), "att": effects}
    return result


def metadata(p, spells, country, size, seed, scale, extraction, intercept, cfg) -> dict:
    spec = cfg["countries"][country]
    return {
        "synthetic": True,
        "generator": "lmo synth",
        "warning": "Synthetic data: invented persons, for tests and demonstrations only.",
        "country": country, "seed": seed, "size": size,
        "dataset": f"synthetic_register_{country.lower()}",
        "extraction_date": str(extraction),
        "calibration": {
            "target": "SECO bulletin, registered unemployed per canton and month (data/seco/labour.json)"
            if spec["calibration"] == "seco" else "flat national stock with a 4 % seasonal cycle",
            "window": [cfg["window"]["first"], cfg["window"]["last"]],
            "expected_unemployed_per_published_unemployed": round(float(scale), 6),
        },
        "rows": {"spells": len(spells), "person_months": person_months(spells, extraction),
                 "participations": int((p["programme"] >= 0).sum())},
        "selection": {"participation_intercept": round(intercept, 4), **cfg["selection"]},
        "programmes": {g["code"]: {"name": g["name"], "lmp_category": g["lmp_category"],
                                   "effect_parameters": g["effects"]} for g in spec["programmes"]},
        "true_att": true_att(p, spells, spec["programmes"]),
    }
