"""What `lmo synth` knows and an analyst must estimate: true effects, scale and size, as metadata."""

from collections import defaultdict

import numpy as np
import pandas as pd

OUTCOMES = ("employed_6m", "employed_12m", "earnings_12m", "days_unemployed_12m")


def person_months(spells: pd.DataFrame, extraction: np.datetime64) -> int:
    """Calendar months covered by the spells (registration month to deregistration or extraction month)."""
    first = spells["registration_date"].to_numpy().astype("datetime64[M]")
    last = spells["deregistration_date"].fillna(pd.Timestamp(extraction)).to_numpy().astype("datetime64[M]")
    return int((last - first).astype(int).sum() + len(spells))


def month_end_unemployed(spells: pd.DataFrame, interruptions: pd.DataFrame,
                         ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unemployed spells open at each of the month ends `ends` (datetime64[D]), and those of them not in an
    interruption then: SECO counts a spell in an interruption at the month end as a non-unemployed job seeker."""
    unemployed = spells[spells["unemployed"]]
    registered = unemployed["registration_date"].to_numpy("datetime64[D]")[:, None]
    left = unemployed["deregistration_date"].to_numpy("datetime64[D]")[:, None]
    open_ = (registered <= ends[None, :]) & ~(left <= ends[None, :])
    under_way = interruptions.merge(unemployed[["spell_id", "registration_date"]], on="spell_id")
    start = under_way["start_date"].to_numpy("datetime64[D]")[:, None]
    end = under_way["end_date"].to_numpy("datetime64[D]")[:, None]
    covered = (start <= ends[None, :]) & ~(end < ends[None, :]) & (
        start > under_way["registration_date"].to_numpy("datetime64[D]")[:, None])
    row = pd.Index(unemployed["spell_id"]).get_indexer(under_way["spell_id"])
    paused = np.zeros_like(open_)
    np.logical_or.at(paused, row, covered)
    return open_.sum(axis=0), (open_ & ~paused).sum(axis=0)


class Tally:
    """Sums over chunks: rows, person-months, and per programme and outcome the individual effects
    of participants whose outcome is observed: p1 - p0 (employment) or Y(1) - Y(0) (earnings, days)."""

    def __init__(self):
        self.spells = self.persons = self.person_months = self.participations = self.vacancies = 0
        self.interruptions = 0
        self.participants = defaultdict(int)
        self.effects = defaultdict(lambda: [0.0, 0])

    def add(self, p: dict, spells: pd.DataFrame, programmes: list[dict], extraction) -> None:
        self.spells += len(spells)
        self.persons += spells["person_id"].nunique()  # returns link spells within a chunk only
        self.person_months += person_months(spells, extraction)
        self.participations += int((p["programme"] >= 0).sum())
        for j, programme in enumerate(programmes):
            taking = p["programme"] == j
            self.participants[programme["code"]] += int(taking.sum())
            for outcome in OUTCOMES:
                seen = taking & spells[outcome].notna().to_numpy()
                employed = outcome.startswith("employed")
                one, zero = (f"{outcome}_p1", f"{outcome}_p0") if employed else (f"{outcome}1", f"{outcome}0")
                total = self.effects[programme["code"], outcome]
                total[0] += float((p[one][seen] - p[zero][seen]).sum())
                total[1] += int(seen.sum())

    def true_att(self, programmes: list[dict]) -> dict:
        result = {}
        for programme in programmes:
            att = {}
            for outcome in OUTCOMES:
                total, n = self.effects[programme["code"], outcome]
                att[outcome] = round(total / n, 4) if n else None
            result[programme["code"]] = {"n_participants": self.participants[programme["code"]], "att": att}
        return result


def metadata(s, tally: Tally) -> dict:
    spec, cfg = s.spec, s.cfg
    return {
        "synthetic": True,
        "generator": "lmo synth",
        "warning": "Synthetic data: invented persons, for tests and demonstrations only.",
        "country": s.country, "seed": s.seed, "size": s.size,
        "dataset": f"synthetic_register_{s.country.lower()}",
        "extraction_date": str(s.extraction),
        "calibration": {
            "target": {"seco": "SECO bulletin, registered unemployed per canton and month (data/seco/labour.json)",
                       "regions": "flat national stock with a 4 % seasonal cycle, shared equally by the regions"}
            .get(spec["calibration"], "flat national stock with a 4 % seasonal cycle"),
            "window": [cfg["window"]["first"], cfg["window"]["last"]],
            "expected_unemployed_per_published_unemployed": round(float(s.scale), 6),
        },
        "rows": {"spells": tally.spells, "persons": tally.persons, "person_months": tally.person_months,
                 "participations": tally.participations, "vacancies": tally.vacancies,
                 "interruptions": tally.interruptions},
        "selection": {"participation_intercept": round(s.intercept, 4), **cfg["selection"]},
        "programmes": {g["code"]: {"name": g["name"], "lmp_category": g["lmp_category"],
                                   "effect_parameters": g["effects"]} for g in spec["programmes"]},
        "true_att": tally.true_att(spec["programmes"]),
    }
