"""`lmo synth`'s generator: a synthetic register calibrated to real stocks, built in chunks of persons."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import yaml

from kernel.settings import DATA_DIR, LmoError
from pipelines.synth import people, plan
from pipelines.synth.frames import programme_frame, reregistrations, spell_frame, vacancy_frame
from pipelines.synth.interruptions import interruption_frame
from pipelines.synth.truth import Tally, metadata, month_end_unemployed

CONFIG = DATA_DIR / "register" / "synth.yaml"
PILOT = 20_000  # draws per geo to learn the spell survival the calibration needs
PILOT_PERSONS = 100_000  # a pilot register: open spells in an interruption at each month end
CHUNK = 500_000  # persons generated at once: bounds memory for tens of millions of person-months

@cache
def config() -> dict:
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))


@dataclass
class Setup:
    country: str
    size: int
    seed: int
    cfg: dict
    geos: np.ndarray
    target: np.ndarray  # relative stock per geo and window month
    counts: np.ndarray  # persons per month and geo (all months, burn-in first)
    effects: dict
    intercept: float
    scale: float  # expected synthetic unemployed per published unemployed

    @property
    def spec(self) -> dict:
        return self.cfg["countries"][self.country]

    @property
    def months(self) -> np.ndarray:
        return plan.months(self.cfg)

    @property
    def extraction(self) -> np.datetime64:
        start, length = plan.month_bounds(self.months)
        return start[-1] + length[-1] - 1


def setup(country: str, size: int, seed: int, cfg: dict | None = None) -> Setup:
    """Calibrate inflows on a pilot sample, then spread `size` persons over month × geo cells."""
    cfg = cfg or config()
    return calibrated(country, size, seed, cfg, counted_shares(country, seed, json.dumps(cfg, sort_keys=True)))


def calibrated(country: str, size: int, seed: int, cfg: dict, counted: np.ndarray) -> Setup:
    """The setup whose expected stock of unemployed spells open and `counted` (share per window month) is
    proportional to the target."""
    geos, target = plan.targets(country, cfg)
    all_months, burn, spec = plan.months(cfg), cfg["window"]["burn_in_months"], cfg["countries"][country]
    effects, rng = people.geo_effects(seed, len(geos), cfg), np.random.default_rng([seed, 1])
    pilot = people.observables(rng, np.repeat(np.arange(len(geos)), PILOT), spec)
    intercept = people.assign(rng, pilot, spec, cfg, effects)
    flows = np.stack([plan.inflows(target[g] / counted, plan.still_registered(pilot["duration"][pilot["geo"] == g],
                                                                                all_months), burn)
                      for g in range(len(geos))]) / cfg["unemployed_share"]
    counts = np.random.default_rng([seed, 2]).multinomial(size, (flows.T / flows.sum()).ravel()).reshape(flows.T.shape)
    return Setup(country, size, seed, cfg, np.array(geos), target, counts, effects, intercept, size / flows.sum())


@cache
def counted_shares(country: str, seed: int, cfg_text: str) -> np.ndarray:
    """Per window month, the expected stock of unemployed spells open at its end and not in an interruption then
    (SECO counts only these as unemployed) per unit of target, measured on a pilot register with the same seed.
    The open stock's shortfall from its target (registration days on a grid, returns) is one factor over the
    window; the share in an interruption varies with the month."""
    cfg = json.loads(cfg_text)
    window = plan.months(cfg)[cfg["window"]["burn_in_months"]:]
    pilot = calibrated(country, PILOT_PERSONS, seed, cfg, np.ones(len(window)))
    spells, _, interruptions = (pd.concat(frames) for frames in zip(*spell_chunks(pilot, Tally())))
    start, length = plan.month_bounds(window)
    opened, counted = month_end_unemployed(spells, interruptions, start + length - 1)
    return counted / opened * opened.sum() / (pilot.scale * pilot.target.sum())


def month_groups(counts: np.ndarray) -> list[range]:
    """Consecutive months holding about CHUNK persons each (ids then follow registration order)."""
    groups, first, total = [], 0, 0
    for m, persons in enumerate(counts.sum(axis=1)):
        total += persons
        if total >= CHUNK or m == len(counts) - 1:
            groups.append(range(first, m + 1))
            first, total = m + 1, 0
    return groups


def spell_chunks(s: Setup, tally: Tally) -> Iterator[tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]]:
    """(spells, participations, interruptions) chunk by chunk; the tally collects what the metadata reports.
    Interruptions draw from their own stream, so adding them left the other files as they were."""
    start, length = plan.month_bounds(s.months)
    next_spell, next_participation, next_interruption = 1, 1, 1
    for index, months in enumerate(month_groups(s.counts)):
        rng = np.random.default_rng([s.seed, 3, index])
        block = s.counts[months.start:months.stop]
        month, geo = np.divmod(np.repeat(np.arange(block.size), block.ravel()), block.shape[1])
        month += months.start
        p = people.observables(rng, geo, s.spec)
        people.assign(rng, p, s.spec, s.cfg, s.effects, s.intercept)
        people.outcomes(rng, p, s.spec, s.cfg)
        p["registration"] = start[month] + np.floor(rng.random(len(geo)) * length[month]).astype("timedelta64[D]")
        order = np.argsort(p["registration"], kind="stable")  # ids in registration order, as in a register
        p = {key: values[order] for key, values in p.items()}
        p["unemployed"] = rng.random(len(geo)) < s.cfg["unemployed_share"]
        later, earlier = reregistrations(rng, p, s.extraction, s.cfg["reregistration_share"])
        people.returns(rng, p, later, earlier, s.spec, s.cfg, s.effects, s.intercept)
        spells = spell_frame(rng, p, s.geos, s.country, s.extraction, s.cfg, next_spell)
        spells.loc[later, "person_id"] = spells["person_id"].to_numpy()[earlier]
        participations = programme_frame(rng, p, spells, s.spec, s.extraction, s.country, next_participation)
        interruptions = interruption_frame(np.random.default_rng([s.seed, 5, index]), spells, participations, s.cfg,
                                           s.extraction, s.country, next_interruption)
        tally.add(p, spells, s.spec["programmes"], s.extraction)
        tally.interruptions += len(interruptions)
        next_spell, next_participation = next_spell + len(spells), next_participation + len(participations)
        next_interruption += len(interruptions)
        yield spells, participations, interruptions


def vacancies(s: Setup, tally: Tally) -> pd.DataFrame:
    window = s.months[-s.target.shape[1]:]
    frame = vacancy_frame(np.random.default_rng([s.seed, 4]), s.geos, s.target * s.scale, window,
                          s.extraction, s.country, s.cfg)
    tally.vacancies = len(frame)
    return frame


def generate(country: str, size: int, seed: int, cfg: dict | None = None) -> dict:
    """The four files' frames and the metadata, in memory (for small and medium sizes)."""
    s, tally = setup(country, size, seed, cfg), Tally()
    spells, participations, interruptions = zip(*spell_chunks(s, tally))
    return {"spells": pd.concat(spells, ignore_index=True),
            "programmes": pd.concat(participations, ignore_index=True),
            "interruptions": pd.concat(interruptions, ignore_index=True),
            "vacancies": vacancies(s, tally), "metadata": metadata(s, tally)}


def size_for_person_months(country: str, person_months: int, seed: int) -> int:
    """Persons giving about that many person-month rows (ratio measured on a small run, same seed)."""
    pilot = generate(country, 20_000, seed)["metadata"]["rows"]
    return max(1, round(person_months * pilot["spells"] / pilot["person_months"]))


def real_size(country: str, seed: int) -> int:
    """Spells whose expected stocks equal the published ones (scale 1): a register as large as the real one."""
    if config()["countries"][country]["calibration"] != "seco":
        raise LmoError(f"--size real: {country}'s synthetic register is not calibrated on published stocks")
    return round(1 / setup(country, 1, seed).scale)
