"""The synthetic job seekers: observables, programme selection on observables and potential outcomes."""

import numpy as np

EDUCATION = ("low", "medium", "high")


def logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def geo_effects(seed: int, n_geos: int, cfg: dict) -> dict[str, np.ndarray]:
    """Fixed per-geo shifts of selection and employability (same for the pilot and the real draw)."""
    rng = np.random.default_rng([seed, 7])
    return {"selection": rng.normal(0, cfg["selection"]["canton_sd"], n_geos) if n_geos > 1 else np.zeros(1),
            "employability": rng.normal(0, cfg["employability"]["canton_sd"], n_geos) if n_geos > 1 else np.zeros(1)}


def observables(rng, geo: np.ndarray, country: dict) -> dict[str, np.ndarray]:
    n = len(geo)
    female = rng.random(n) < country["female_share"]
    age = 15 + 50 * rng.beta(1.7, 2.1, n)
    edu = rng.choice(3, n, p=[country["education"][e] for e in EDUCATION])
    foreign = rng.random(n) < country["foreign_share"]
    log_rel = 0.35 * (edu == 1) + 0.7 * (edu == 2) + 0.012 * (age - 35) - 0.15 * female + rng.normal(0, 0.4, n)
    prior_days = np.where(rng.random(n) < 0.40 + 0.10 * (edu == 0), rng.integers(1, 731, n), 0)
    return {"geo": geo, "female": female, "age": age, "edu": edu, "foreign": foreign,
            "prior_earnings": np.round(country["earnings_base"] * np.exp(log_rel), -2),
            "log_prior_earnings": log_rel, "prior_unemployment_days": prior_days}


def features(p: dict) -> dict[str, np.ndarray]:
    """The named regressors the YAML coefficients refer to."""
    return {"age_lt25": p["age"] < 25, "age_ge50": p["age"] >= 50, "female": p["female"],
            "foreign": p["foreign"], "edu_low": p["edu"] == 0, "edu_medium": p["edu"] == 1,
            "edu_high": p["edu"] == 2, "age_per_year_over_35": np.maximum(p["age"] - 35, 0),
            "prior_unemployment_years": p["prior_unemployment_days"] / 365.0,
            "log_prior_earnings": p["log_prior_earnings"]}


def score(coefficients: dict, x: dict) -> np.ndarray:
    return sum(value * x[name] for name, value in coefficients.items() if name != "canton_sd")


def participation_intercept(index: np.ndarray, rate: float) -> float:
    """The logit intercept giving the wanted mean participation (bisection on a pilot sample)."""
    low, high = -15.0, 15.0
    for _ in range(60):
        mid = (low + high) / 2
        low, high = (mid, high) if logistic(mid + index).mean() < rate else (low, mid)
    return (low + high) / 2


def assign(rng, p: dict, country: dict, cfg: dict, effects: dict, intercept: float | None = None) -> float:
    """Latent employability, programme selection (on observables only) and spell durations, into p."""
    x, programmes = features(p), country["programmes"]
    p["eta"] = score(cfg["employability"], x) + effects["employability"][p["geo"]]
    index = score(cfg["selection"], x) + effects["selection"][p["geo"]]
    intercept = participation_intercept(index, country["participation_rate"]) if intercept is None else intercept
    p["propensity"] = logistic(intercept + index)
    treated = rng.random(len(index)) < p["propensity"]
    choice = np.stack([np.log(g["share"]) + score(g["choice"], x) + np.zeros(len(index)) for g in programmes], axis=1)
    picked = np.argmax(choice + rng.gumbel(size=choice.shape), axis=1)
    p["programme"] = np.where(treated, picked, -1)
    base = rng.exponential(1.0, len(index)) * cfg["mean_duration_days"] * np.exp(-0.6 * p["eta"])
    lam = np.array([g["effects"]["log_duration"] for g in programmes])
    p["duration0"], p["duration1"] = base, base * np.exp(lam[picked])
    p["duration"] = np.where(treated, p["duration1"], base)
    return intercept


def outcomes(rng, p: dict, country: dict, cfg: dict) -> None:
    """Potential outcomes without (…0) and with (…1) the person's programme; observed = by treatment."""
    n, treated, programmes = len(p["eta"]), p["programme"] >= 0, country["programmes"]
    j = np.maximum(p["programme"], 0)
    u = rng.random(n)
    for outcome in ("employed_6m", "employed_12m"):
        tau = np.array([g["effects"][outcome] for g in programmes])[j]
        p0 = logistic(cfg["outcomes"][outcome] + p["eta"])
        p[f"{outcome}_p0"], p[f"{outcome}_p1"] = p0, np.clip(p0 + tau, 0.01, 0.99)
        p[outcome] = u < np.where(treated, p[f"{outcome}_p1"], p0)
    theta = np.array([g["effects"]["earnings_12m"] for g in programmes])[j]
    employed0 = u < p["employed_12m_p0"]
    ratio = np.exp(cfg["outcomes"]["earnings_ratio"] + 0.3 * p["eta"] + rng.normal(0, 0.5, n))
    p["earnings_12m0"] = np.round(p["prior_earnings"] * ratio * (0.4 + 0.6 * employed0), -2)
    p["earnings_12m1"] = np.maximum(p["earnings_12m0"] + theta, 0)
    p["earnings_12m"] = np.where(treated, p["earnings_12m1"], p["earnings_12m0"])
    p["days_unemployed_12m0"] = np.minimum(np.ceil(p["duration0"]), 365)
    p["days_unemployed_12m1"] = np.minimum(np.ceil(p["duration1"]), 365)
    p["days_unemployed_12m"] = np.where(treated, p["days_unemployed_12m1"], p["days_unemployed_12m0"])


def returns(rng, p: dict, later: np.ndarray, earlier: np.ndarray, country: dict, cfg: dict, effects: dict,
            intercept: float) -> None:
    """Returning spells become the earlier spell's person: its birth date (so the age at the new
    registration) and prior unemployment that counts the earlier spell's days in the 24 months before
    (capped at 730); selection, duration and outcomes are then drawn from these observables, in p."""
    registration, first = p["registration"][later], p["registration"][earlier]
    born = first - np.round(p["age"][earlier] * 365.25).astype("timedelta64[D]")
    finished = first + np.ceil(p["duration"][earlier]).astype("timedelta64[D]")
    window = np.maximum(first, registration - 730)
    counted = np.where(p["unemployed"][earlier], np.maximum((np.minimum(finished, registration) - window).astype(int), 0), 0)
    again = {key: values[later].copy() for key, values in p.items()}
    again["age"] = (registration - born).astype(int) / 365.25
    again["prior_unemployment_days"] = np.minimum(again["prior_unemployment_days"] + counted, 730)
    assign(rng, again, country, cfg, effects, intercept)
    outcomes(rng, again, country, cfg)
    for key, values in again.items():
        p[key][later] = values
