"""The synthetic register's three tables, built from the persons' arrays (contract names and types)."""

import numpy as np
import pandas as pd

from pipelines.synth import people, plan


def dataset_name(country: str) -> str:
    return f"synthetic_register_{country.lower()}"


def text_as_string(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as pandas strings, so every chunk has the same Arrow types even when all empty."""
    return frame.astype({c: "string" for c in frame.columns if frame[c].dtype == object or str(frame[c].dtype) == "str"})


def spell_frame(rng, p, geos, country, extraction, cfg, first_id: int = 1) -> pd.DataFrame:
    n, spec = len(p["eta"]), cfg["countries"][country]
    ids = np.arange(first_id, first_id + n).astype(str)
    dereg = p["registration"] + np.ceil(p["duration"]).astype("timedelta64[D]")
    ended = dereg <= extraction
    unemployed = p["unemployed"]
    exhausted = unemployed & (p["duration"] > spec["exhaustion_days"]) & (rng.random(n) < 0.7)
    to_job = rng.random(n) < people.logistic(0.5 + p["eta"])
    exit_reason = np.where(exhausted, "exhaustion", np.where(to_job, "employment", "other"))
    table = np.array([cfg["occupations"][level] for level in people.EDUCATION])
    occupation = table[p["edu"], rng.integers(0, table.shape[1], n)]
    seen_6m = p["registration"] + 182 <= extraction
    seen_12m = p["registration"] + 365 <= extraction
    return pd.DataFrame({
        "spell_id": np.char.add("S", ids), "person_id": np.char.add("P", ids),
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
        "dataset": dataset_name(country), "realm": "synthetic",
    }).pipe(text_as_string)


def programme_frame(rng, p, spells, spec, extraction, country, first_id: int = 1) -> pd.DataFrame:
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
        "participation_id": np.char.add("A", np.arange(first_id, first_id + len(who)).astype(str)),
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
    frame["realm"] = "synthetic"
    return text_as_string(frame)


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
        "subject_to_obligation": (subject if cfg["countries"][country]["obligation"]
                                  else pd.Series(pd.NA, index=range(n), dtype="boolean")),
        "outcome": pd.Series(outcome).where(done), "positions": 1 + rng.poisson(0.3, n),
        "dataset": dataset_name(country), "realm": "synthetic",
    }).pipe(text_as_string)



def reregistrations(rng, p: dict, extraction: np.datetime64, share: float) -> tuple[np.ndarray, np.ndarray]:
    """(later, earlier) spell indexes: a share of spells look for an earlier spell of the same canton,
    sex, education, citizenship and birth year that ended 1–365 days before their registration (the
    most recent); each earlier spell is continued at most once, and a return is not continued itself."""
    born = (p["registration"] - np.round(p["age"] * 365.25).astype("timedelta64[D]")).astype("datetime64[Y]")
    key = pd.MultiIndex.from_arrays([p["geo"], p["female"], p["edu"], p["foreign"], born.astype(int)])
    code = pd.factorize(key)[0].astype(np.int64) * 100_000
    start = p["registration"].astype("datetime64[D]").astype(np.int64)
    end = start + np.ceil(p["duration"]).astype(np.int64)
    later = np.flatnonzero(rng.random(len(start)) < share)
    ended = np.setdiff1d(np.flatnonzero(end <= extraction.astype("datetime64[D]").astype(np.int64)), later)
    order = np.argsort(code[ended] + end[ended], kind="stable")
    candidates, ends = ended[order], (code[ended] + end[ended])[order]
    stop = np.searchsorted(ends, code[later] + start[later] - 1, side="right")
    found = stop > np.searchsorted(ends, code[later] + start[later] - 365, side="left")
    later, earlier = later[found], candidates[stop[found] - 1]
    earlier, first = np.unique(earlier, return_index=True)  # one return per earlier spell
    return later[first], earlier
