"""`lmo synth`'s generator: a synthetic register (spells, vacancies, participations) calibrated and labelled."""

from functools import cache

import numpy as np
import pandas as pd
import yaml

from lmo.settings import DATA_DIR
from pipelines.synth import people, plan
from pipelines.synth.truth import metadata

CONFIG = DATA_DIR / "register" / "synth.yaml"
PILOT = 20_000  # draws per geo to learn the spell survival the calibration needs


@cache
def config() -> dict:
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))


def dataset_name(country: str) -> str:
    return f"synthetic_register_{country.lower()}"


def calibrate(country: str, seed: int, cfg: dict):
    """Per-geo inflow shares for every month, the scale of the bulletin, and the fixed effects."""
    geos, target = plan.targets(country, cfg)
    all_months, burn = plan.months(cfg), cfg["window"]["burn_in_months"]
    spec, effects = cfg["countries"][country], people.geo_effects(seed, len(geos), cfg)
    rng = np.random.default_rng([seed, 1])
    pilot = people.observables(rng, np.repeat(np.arange(len(geos)), PILOT), spec)
    intercept = people.assign(rng, pilot, spec, cfg, effects)
    flows = np.stack([plan.inflows(target[g], plan.still_registered(pilot["duration"][pilot["geo"] == g], all_months), burn)
                      for g in range(len(geos))])
    return geos, target, flows / cfg["unemployed_share"], effects, intercept


def generate(country: str, size: int, seed: int, cfg: dict | None = None) -> dict:
    """The three files' frames (contract names and types) and the metadata, for `size` persons."""
    cfg = cfg or config()
    spec, rng = cfg["countries"][country], np.random.default_rng([seed, 2])
    geos, target, flows, effects, intercept = calibrate(country, seed, cfg)
    all_months = plan.months(cfg)
    counts = rng.multinomial(size, (flows / flows.sum()).ravel()).reshape(flows.shape)
    cell = np.repeat(np.arange(counts.size), counts.ravel())
    geo, month = np.divmod(cell, len(all_months))
    p = people.observables(rng, geo, spec)
    people.assign(rng, p, spec, cfg, effects, intercept)
    people.outcomes(rng, p, spec, cfg)
    start, length = plan.month_bounds(all_months)
    p["registration"] = start[month] + np.floor(rng.random(size) * length[month]).astype("timedelta64[D]")
    order = np.argsort(p["registration"], kind="stable")  # ids follow registration order, as in a register
    p = {key: values[order] for key, values in p.items()}
    extraction = start[-1] + length[-1] - 1
    scale = size / flows.sum()
    spells = spell_frame(rng, p, np.array(geos), country, extraction, cfg)
    return {
        "spells": spells,
        "programmes": programme_frame(rng, p, spells, spec, extraction, country),
        "vacancies": vacancy_frame(rng, np.array(geos), target * scale, all_months[-target.shape[1]:], extraction, country, cfg),
        "metadata": metadata(p, spells, country, size, seed, scale, extraction, intercept, cfg),
    }


def spell_frame(rng, p, geos, country, extraction, cfg) -> pd.DataFrame:
    n, spec = len(p["eta"]), cfg["countries"][country]
    dereg = p["registration"] + np.ceil(p["duration"]).astype("timedelta64[D]")
    ended = dereg <= extraction
    unemployed = rng.random(n) < cfg["unemployed_share"]
    exhausted = unemployed & (p["duration"] > spec["exhaustion_days"]) & (rng.random(n) < 0.7)
    to_job = rng.random(n) < people.logistic(0.5 + p["eta"])
    exit_reason = np.where(exhausted, "exhaustion", np.where(to_job, "employment", "other"))
    table = np.array([cfg["occupations"][level] for level in people.EDUCATION])
    occupation = table[p["edu"], rng.integers(0, table.shape[1], n)]
    seen_6m = p["registration"] + 182 <= extraction
    seen_12m = p["registration"] + 365 <= extraction
    return pd.DataFrame({
        "spell_id": np.char.add("S", np.arange(1, n + 1).astype(str)),
        "person_id": np.char.add("P", np.arange(1, n + 1).astype(str)),
        "geo": geos[p["geo"]], "sex": np.where(p["female"], "F", "M"),
        "birth_date": p["registration"] - np.round(p["age"] * 365.25).astype("timedelta64[D]"),
        "citizenship": np.where(p["foreign"], "FOR", "NAT"),
        "education": np.array(people.EDUCATION)[p["edu"]], "occupation": occupation,
        "registration_date": p["registration"],
        "deregistration_date": pd.Series(dereg).where(ended),
        "unemployed": unemployed,
        "exit_reason": pd.Series(exit_reason).where(ended),
        "prior_earnings": p["prior_earnings"], "prior_unemployment_days": p["prior_unemployment_days"],
        "employed_6m": pd.Series(p["employed_6m"], dtype="boolean").where(seen_6m),
        "employed_12m": pd.Series(p["employed_12m"], dtype="boolean").where(seen_12m),
        "earnings_12m": pd.Series(p["earnings_12m"]).where(seen_12m),
        "days_unemployed_12m": pd.Series(p["days_unemployed_12m"], dtype="Int64").where(seen_12m),
        "dataset": dataset_name(country),
    })


def programme_frame(rng, p, spells, spec, extraction, country) -> pd.DataFrame:
    """One participation per treated spell, starting after registration, before the spell ends."""
    who = np.flatnonzero(p["programme"] >= 0)
    chosen = [spec["programmes"][j] for j in p["programme"][who]]
    delay = np.minimum(rng.uniform(20, 120, len(who)), 0.8 * p["duration"][who])
    begin = p["registration"][who] + np.floor(delay).astype("timedelta64[D]")
    planned = np.array([g["length_days"] for g in chosen]) * rng.uniform(0.6, 1.2, len(who))
    end = begin + np.ceil(planned).astype("timedelta64[D]")
    ended = end <= extraction
    u = rng.random(len(who))
    p12 = p["employed_12m_p1"][who]
    after = {k: ended & (end + days <= extraction) for k, days in
             (("employed_exit", 0), ("employed_3m", 91), ("employed_6m", 182), ("employed_12m", 365))}
    ramp = {"employed_exit": 0.45, "employed_3m": 0.7, "employed_6m": 0.85, "employed_12m": 1.0}
    frame = pd.DataFrame({
        "participation_id": np.char.add("A", np.arange(1, len(who) + 1).astype(str)),
        "person_id": spells["person_id"].to_numpy()[who], "spell_id": spells["spell_id"].to_numpy()[who],
        "geo": spells["geo"].to_numpy()[who],
        "programme": [g["code"] for g in chosen], "lmp_category": [g["lmp_category"] for g in chosen],
        "start_date": begin, "end_date": pd.Series(end).where(ended),
        "completed": pd.Series(rng.random(len(who)) < 0.85, dtype="boolean").where(ended),
        "cost": np.round(np.array([g["daily_cost"] for g in chosen]) * planned, -1),
        "currency": spec["currency"],
    })
    for column, seen in after.items():
        frame[column] = pd.Series(u < p12 * ramp[column], dtype="boolean").where(seen)
    frame["dataset"] = dataset_name(country)
    return frame


def vacancy_frame(rng, geos, stock, window, extraction, country, cfg) -> pd.DataFrame:
    counts = rng.poisson(stock * cfg["vacancy_inflow_per_unemployed"])
    cell = np.repeat(np.arange(counts.size), counts.ravel())
    geo, month = np.divmod(cell, counts.shape[1])
    start, length = plan.month_bounds(window)
    n = len(cell)
    notified = start[month] + np.floor(rng.random(n) * length[month]).astype("timedelta64[D]")
    closed = notified + np.ceil(rng.exponential(cfg["vacancy_open_days"], n)).astype("timedelta64[D]")
    done = closed <= extraction
    codes = np.array(sorted({c for group in cfg["occupations"].values() for c in group}))
    occupation = codes[rng.integers(0, len(codes), n)]
    subject = pd.Series(np.isin(occupation, cfg["obligation_occupations"]), dtype="boolean")
    outcome = np.array(["filled_pes", "filled_other", "cancelled"])[rng.choice(3, n, p=[0.3, 0.45, 0.25])]
    return pd.DataFrame({
        "vacancy_id": np.char.add("V", np.arange(1, n + 1).astype(str)), "geo": geos[geo],
        "occupation": occupation, "notified_date": notified, "closed_date": pd.Series(closed).where(done),
        "subject_to_obligation": subject if cfg["countries"][country]["obligation"] else pd.Series(pd.NA, index=range(n), dtype="boolean"),
        "outcome": pd.Series(outcome).where(done), "positions": 1 + rng.poisson(0.3, n),
        "dataset": dataset_name(country),
    })


def size_for_person_months(country: str, person_months: int, seed: int) -> int:
    """Persons giving about that many person-month rows (ratio measured on a small run, same seed)."""
    pilot = generate(country, 20_000, seed)["metadata"]["rows"]
    return max(1, round(person_months * pilot["spells"] / pilot["person_months"]))
