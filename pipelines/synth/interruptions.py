"""The synthetic register's periods not counted as unemployed (SECO): programmes and intermediate earnings."""

import numpy as np
import pandas as pd

from pipelines.synth.frames import dataset_name, text_as_string

COLUMNS = ["spell_id", "person_id", "geo", "start_date", "end_date", "reason"]


def programme_periods(spells: pd.DataFrame, participations: pd.DataFrame, cfg: dict,
                      extraction: np.datetime64) -> pd.DataFrame:
    """Participations begun by the extraction date in the programmes counted out (temporary employment
    programmes, LMP category 6), to the day before the spell's deregistration at the latest."""
    kinds = cfg["interruptions"]["programme_categories"]
    chosen = participations[participations["lmp_category"].astype(int).isin(kinds)
                            & (participations["start_date"] <= pd.Timestamp(extraction))]
    left = chosen["spell_id"].map(spells.set_index("spell_id")["deregistration_date"]) - pd.Timedelta(days=1)
    return chosen.assign(end_date=chosen["end_date"].where(~(chosen["end_date"] > left), left).where(
        chosen["end_date"].notna() | left.notna()), reason="employment_programme")[COLUMNS]


def drawn_periods(rng, spells: pd.DataFrame, cfg: dict, extraction: np.datetime64) -> pd.DataFrame:
    """For a share of the spells lasting a month or more, one period per reason at a uniform point of the
    spell (as observed), of exponential length, ending before deregistration (empty while under way at extraction)."""
    start = spells["registration_date"].to_numpy().astype("datetime64[D]")
    stop = spells["deregistration_date"].fillna(pd.Timestamp(extraction)).to_numpy().astype("datetime64[D]")
    limit = spells["deregistration_date"].fillna(pd.Timestamp.max.normalize()).to_numpy().astype("datetime64[D]") - 1
    span = (stop - start).astype(int)
    frames = []
    for reason, spec in cfg["interruptions"]["drawn"].items():
        u, at, length = rng.random(len(spells)), rng.uniform(0.05, 0.8, len(spells)), rng.exponential(
            spec["mean_days"], len(spells))
        who = np.flatnonzero((u < spec["share"]) & (span >= 30))
        begin = start[who] + np.floor(at[who] * span[who]).astype("timedelta64[D]")
        end = np.minimum(begin + np.ceil(length[who]).astype("timedelta64[D]"), limit[who])
        frames.append(spells.iloc[who][COLUMNS[:3]].assign(
            start_date=begin, end_date=pd.Series(end, index=spells.index[who]).where(end < extraction),
            reason=reason))
    return pd.concat(frames)


def interruption_frame(rng, spells, participations, cfg, extraction, country, first_id: int = 1) -> pd.DataFrame:
    """Every interruption of the chunk's spells, by spell and start; numbered from first_id."""
    frame = pd.concat([programme_periods(spells, participations, cfg, extraction), drawn_periods(rng, spells, cfg, extraction)])
    frame = frame.astype({"start_date": "datetime64[s]", "end_date": "datetime64[s]"})
    order = np.lexsort((frame["start_date"].to_numpy(), frame["spell_id"].str[1:].astype(int).to_numpy()))
    frame = frame.iloc[order].reset_index(drop=True)
    frame.insert(0, "interruption_id", np.char.add("I", np.arange(first_id, first_id + len(frame)).astype(str)))
    return text_as_string(frame.assign(dataset=dataset_name(country), realm="synthetic"))
