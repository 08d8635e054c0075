"""Unemployment durations as SECO defines them: days since registration minus the interruptions."""

import numpy as np
import pandas as pd
import pytest

from indicators.register import counts, from_warehouse
from kernel.settings import DATA_DIR
from pipelines import warehouse as wh
from pipelines.ingest import ingest_file
from pipelines.sources import register_interruptions
from pipelines.sources.validation import ValidationFailed
from tests.register_tables import warehouse

EXAMPLES = DATA_DIR / "register" / "examples"


def figures(spells, interruptions=()) -> pd.DataFrame:
    con = warehouse(spells, interruptions=interruptions)
    from_warehouse(con)
    return counts(con).set_index(["geo", "period", "sex", "age", "measure"])["value"]


def spell(sid, geo, registered, deregistered=None, birth="1980-06-15", unemployed=True):
    return (sid, "P" + sid, geo, "F", birth, "5120", registered, deregistered, unemployed, None)


def first_long_term(cells, geo) -> str:
    lt = cells.xs(("_T", "_T", "long_term_unemployed"), level=("sex", "age", "measure"))
    return lt[(lt > 0) & (lt.index.get_level_values("geo") == geo)].index.get_level_values("period").min()


def test_long_term_comes_exactly_the_interrupted_days_later():
    # registered 2024-01-28: 366 days on 2025-01-28; with 31 days out on 2025-02-28 (a month end), with 32 in March
    spells = [spell(s, f"CH-{s}", "2024-01-28", "2026-01-15") for s in ("ZH", "BE", "GE", "VD", "TI")]
    spells.append(spell("JU", "CH-JU", "2026-01-31", unemployed=False))  # the data reach January's end
    cells = figures(spells, [
        ("I1", "BE", "CH-BE", "2024-03-01", "2024-03-31", "employment_programme"),
        ("I2", "GE", "CH-GE", "2024-03-01", "2024-04-01", "intermediate_earnings"),
        ("I3", "VD", "CH-VD", "2025-02-01", "2025-02-10", "training"),  # after 369 counted days: no delay
        ("I4", "TI", "CH-TI", "2024-03-01", "2024-03-20", "other"),  # overlapping: 31 days out in all
        ("I5", "TI", "CH-TI", "2024-03-10", "2024-03-31", "other"),
    ])
    got = {geo: first_long_term(cells, geo) for geo in ("CH-ZH", "CH-BE", "CH-GE", "CH-VD", "CH-TI")}
    assert got == {"CH-ZH": "2025-01", "CH-BE": "2025-02", "CH-GE": "2025-03", "CH-VD": "2025-01", "CH-TI": "2025-02"}
    # elapsed days at 2025-02-28: 397 less 31 (CH-BE) and less 32 (CH-GE)
    assert cells["CH-BE", "2025-02", "_T", "_T", "duration_elapsed_days"] == 366
    assert cells["CH-GE", "2025-02", "_T", "_T", "duration_elapsed_days"] == 365
    assert cells["CH-VD", "2025-02", "_T", "_T", "duration_elapsed_days"] == 397 - 10
    # completed at deregistration 2026-01-15: 718 days less those out
    assert cells["CH-BE", "2026-01", "_T", "_T", "duration_completed_days"] == 718 - 31
    assert cells["CH-TI", "2026-01", "_T", "_T", "duration_completed_days"] == 718 - 31


def test_a_spell_in_an_interruption_at_month_end_is_a_job_seeker_not_unemployed():
    """SECO's non-unemployed job seekers: counted among job seekers, out of the unemployed, long-term and
    elapsed-duration stocks while the interruption runs over the month end; back with its days frozen after."""
    cells = figures([spell("A", "CH-ZH", "2023-01-10"), spell("B", "CH-ZH", "2023-01-10"),
                     spell("Z", "CH-JU", "2024-05-31", unemployed=False)],
                    [("I1", "A", "CH-ZH", "2024-02-15", "2024-03-10", "intermediate_earnings"),
                     ("I2", "A", "CH-ZH", "2024-04-01", "2024-04-30", "employment_programme")])
    got = {p: tuple(cells.get(("CH-ZH", p, "_T", "_T", m), 0) for m in (
        "jobseekers", "registered_unemployed", "long_term_unemployed", "duration_elapsed_days"))
        for p in ("2024-01", "2024-02", "2024-03", "2024-04", "2024-05")}
    # B: 386 days at 2024-01-31; A out 25 days (15 Feb..10 Mar), then all of April (a month end included)
    assert got == {"2024-01": (2, 2, 2, 386 * 2), "2024-02": (2, 1, 1, 415), "2024-03": (2, 2, 2, 446 + 446 - 25),
                   "2024-04": (2, 1, 1, 476), "2024-05": (2, 2, 2, 507 + 507 - 25 - 30)}
    assert cells["CH", "2024-02", "_T", "Y25-49", "registered_unemployed"] == 1



def test_the_unemployed_by_occupation_leave_out_the_spells_in_an_interruption():
    """The notification obligation's unemployed per occupation are SECO's unemployed too."""
    con = warehouse([spell("A", "CH-ZH", "2024-01-10"), spell("B", "CH-BE", "2024-01-20"),
                     spell("Z", "CH-JU", "2024-04-30", unemployed=False)],
                    interruptions=[("I1", "A", "CH-ZH", "2024-02-01", "2024-03-31", "employment_programme")])
    from_warehouse(con)
    counts(con)
    got = dict(con.execute("SELECT period, unemployed FROM reg_occupation WHERE occupation = '5120'").fetchall())
    assert got == {"2024-01": 2, "2024-02": 1, "2024-03": 1, "2024-04": 2}

def expand(spells: list[tuple], interruptions: list[tuple], periods) -> pd.DataFrame:
    """Person-day expansion: for each month end, each unemployed spell in the stock and its counted days."""
    rows = []
    for sid, _, geo, _, birth, _, registered, deregistered, unemployed, _ in spells:
        r = pd.Timestamp(registered)
        out_days = set()
        for _, of, _, start, end, _ in interruptions:
            if of == sid:
                out_days |= set(pd.date_range(start, end or "2030-12-31"))
        for period in periods:
            d = pd.Period(period, "M").end_time.normalize()
            if not unemployed or r > d or (deregistered and pd.Timestamp(deregistered) <= d):
                continue
            if d in out_days and d > r:
                continue  # in an interruption at the month end: a job seeker, not unemployed
            counted = sum(day not in out_days for day in pd.date_range(r + pd.Timedelta(days=1), d))
            b = pd.Timestamp(birth)
            age = d.year - b.year - ((d.month, d.day) < (b.month, b.day))
            group = "Y15-24" if age < 25 else "Y25-49" if age < 50 else "Y_GE50"
            for g, a in ((geo, "_T"), (geo, group), ("CH", "_T"), ("CH", group)):
                rows.append((g, period, a, counted, int(counted >= 366)))
    frame = pd.DataFrame(rows, columns=["geo", "period", "age", "duration_elapsed_days", "long_term_unemployed"])
    frame["registered_unemployed"] = 1
    return frame.groupby(["geo", "period", "age"]).sum()


def random_register(seed: int):
    rng = np.random.default_rng(seed)
    spells, interruptions = [], []
    for i in range(40):
        registered = pd.Timestamp("2023-01-01") + pd.Timedelta(days=int(rng.integers(0, 540)))
        length = int(rng.exponential(330)) + 1
        deregistered = registered + pd.Timedelta(days=length)
        ongoing = deregistered > pd.Timestamp("2025-06-30")
        birth = pd.Timestamp("1973-01-01") + pd.Timedelta(days=int(rng.integers(0, 365 * 2)))  # some turn 50
        if i % 4 == 0:
            birth = pd.Timestamp("1999-01-01") + pd.Timedelta(days=int(rng.integers(0, 365 * 2)))  # some turn 25
        sid = f"S{i}"
        spells.append((sid, "P" + sid, ["CH-ZH", "CH-BE"][i % 2], "F", birth.date().isoformat(), "5120",
                       registered.date().isoformat(), None if ongoing else deregistered.date().isoformat(),
                       bool(rng.random() < 0.85), None))
        for j in range(int(rng.integers(0, 4))):
            start = registered + pd.Timedelta(days=int(rng.integers(-20, length + 20)))
            end = None if rng.random() < 0.1 else (start + pd.Timedelta(days=int(rng.integers(0, 120)))).date().isoformat()
            interruptions.append((f"I{i}_{j}", sid, spells[-1][2], start.date().isoformat(), end, "other"))
    spells.append(("LAST", "PL", "CH-ZH", "M", "1990-01-01", "5120", "2025-06-30", None, False, None))
    return spells, interruptions


@pytest.mark.parametrize("seed", [1, 2])
def test_stocks_and_durations_equal_a_person_day_expansion(seed):
    spells, interruptions = random_register(seed)
    cells = figures(spells, interruptions).xs("_T", level="sex").unstack("measure")
    assert len(interruptions) > 30
    expected = expand(spells, interruptions, sorted(cells.index.get_level_values("period").unique()))
    columns = ["registered_unemployed", "long_term_unemployed", "duration_elapsed_days"]
    assert set(cells.index[cells["registered_unemployed"] > 0]) == set(expected.index)
    got = cells.loc[expected.index, columns].astype(int)
    pd.testing.assert_frame_equal(got, expected[columns].astype(int), check_names=False)
    assert got["long_term_unemployed"].sum() > 0


def test_interruptions_outside_any_unemployed_spell_change_nothing():
    spells = [spell("A", "CH-ZH", "2024-01-10", "2025-03-05"), spell("B", "CH-BE", "2024-02-01", None, unemployed=False),
              spell("C", "CH-GE", "2024-05-20", "2025-06-30")]
    ignored = [("I1", "A", "CH-ZH", "2023-01-01", "2024-01-10", "other"),  # up to the registration day
               ("I2", "A", "CH-ZH", "2025-03-06", None, "other"),  # after deregistration
               ("I3", "B", "CH-BE", "2024-03-01", "2024-09-30", "training"),  # not an unemployed spell
               ("I4", "X", "CH-GE", "2024-06-01", "2024-06-30", "training")]  # no such spell
    pd.testing.assert_series_equal(figures(spells, ignored).sort_index(), figures(spells).sort_index())


def test_a_malformed_interruptions_file_is_rejected_with_exact_messages(tmp_path):
    path = tmp_path / "interruptions.csv"
    path.write_text("interruption_id,spell_id,geo,start_date,end_date,reason\n"
                    "I1,S1,CH-ZH,2025-03-10,2025-02-01,employment_programme\n"
                    "I2,S1,CH-ZH,2025-04-01,,holiday\n"
                    "I2,S2,CH-XX,2025-04-31,,zwischenverdienst\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        register_interruptions.read(path)
    lines = str(caught.value).splitlines()
    codes = "employment_programme/intermediate_earnings/training/unavailable/other"
    for message in ("row 3: column 'reason': rule one of " + codes + ": value 'holiday'",
                    "row 4: column 'interruption_id': rule duplicate key: value 'I2'",
                    "row 4: column 'geo': rule ISO 3166 code of a country or canton/region: value 'CH-XX'",
                    "row 4: column 'start_date': rule date YYYY-MM-DD: value '2025-04-31'"):
        assert f"{path}: {message}" in lines, lines
    path.write_text("interruption_id,spell_id,geo,start_date,end_date,reason\n"
                    "I1,S1,CH-ZH,2025-03-10,2025-02-01,Zwischenverdienst\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        register_interruptions.read(path)
    assert str(caught.value).splitlines() == [
        f"{path}: rejected, 1 problem(s)", f"{path}: row 2: column 'end_date': rule end_date >= start_date: value '2025-02-01'"]


def test_the_example_files_load_and_their_interruptions_shorten_durations(tmp_path):
    con = wh.connect(tmp_path / "w.duckdb")
    for kind in ("spells", "interruptions"):
        done = ingest_file(con, f"register-{kind}", EXAMPLES / f"{kind}.csv", tmp_path / "raw", vintage="2026-04-01")
        assert done.datasets == ["synthetic_example"]
    assert con.execute("SELECT count(*), count(end_date) FROM core.register_interruptions").fetchone() == (4, 3)
    from_warehouse(con)
    cells = counts(con).set_index(["geo", "period", "sex", "age", "measure"])["value"]
    # S0004, registered 2025-02-17: 376 days at 2026-02-28, less 60 days of intermediate earnings and 12 unavailable
    assert cells["CH-VD", "2026-02", "_T", "_T", "duration_elapsed_days"] == 376 - 60 - 12
    assert cells["CH-VD", "2026-02", "_T", "_T", "long_term_unemployed"] == 0
    con.close()
