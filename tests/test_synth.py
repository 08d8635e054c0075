"""`lmo synth`: calibration to the SECO bulletin, determinism, the known truth, and loading via `lmo ingest`."""

import json
import math

import numpy as np
import pandas as pd
import pytest

from kernel.settings import DATA_DIR, LmoError, raw_dir
from lmo.commands.synth import count
from pipelines.ingest import ingest_file
from pipelines.synth.generate import generate, size_for_person_months
from pipelines.synth.truth import person_months
from pipelines.warehouse import connect
from tests.cli_in_process import lmo_here

WINDOW = pd.period_range("2025-01", "2026-07", freq="M")


@pytest.fixture(scope="module")
def large():
    return generate("CH", 200_000, seed=5)


def month_end_stock(spells: pd.DataFrame, interruptions: pd.DataFrame) -> pd.DataFrame:
    """Registered unemployed at each month end, per geo (the SECO stock definition): unemployed spells open
    then and not in an interruption under way then (those are non-unemployed job seekers)."""
    unemployed = spells[spells["unemployed"]]
    counts = {}
    for period in WINDOW:
        end = period.to_timestamp(how="end").normalize()
        open_ = (unemployed["registration_date"] <= end) & ~(unemployed["deregistration_date"] <= end)
        away = interruptions[(interruptions["start_date"] <= end) & ~(interruptions["end_date"] < end)]
        counted = open_ & ~unemployed["spell_id"].isin(away["spell_id"])
        counts[str(period)] = unemployed.loc[counted, "geo"].value_counts()
    return pd.DataFrame(counts).fillna(0)


def test_canton_stocks_follow_the_bulletin(large, bulletin):
    """Each canton's stock summed over the 19 months is within 4 standard errors of scale × published.

    A person stays about 8 month-ends in the stock, so the pooled count of a canton has a variance
    of about 8 × its mean (design effect of repeated persons on a Poisson count): SE ≈ sqrt(8/n)
    relative. 2 % more allows for the canton's own departures from the national calibration factors. The
    stock is SECO's: spells in an interruption at the month end are job seekers, not unemployed."""
    scale = large["metadata"]["calibration"]["expected_unemployed_per_published_unemployed"]
    stock = month_end_stock(large["spells"], large["interruptions"])
    for canton in bulletin["cantons"]:
        published = {m["period"]: m["unemployed"] for m in canton["months"]}
        expected = scale * sum(published[str(p)] for p in WINDOW)
        simulated = stock.loc[f"CH-{canton['code']}"].sum()
        assert abs(simulated / expected - 1) < 4 * math.sqrt(8 / expected) + 0.02, canton["code"]
    national = stock.sum()
    for month in bulletin["national"]:
        assert national[month["period"]] == pytest.approx(scale * month["unemployed"], rel=0.02)


def test_same_seed_same_register_other_seed_other_register():
    first, again, other = generate("MA", 3000, seed=9), generate("MA", 3000, seed=9), generate("MA", 3000, seed=10)
    for name in ("spells", "vacancies", "programmes"):
        pd.testing.assert_frame_equal(first[name], again[name])
    assert first["metadata"] == again["metadata"]
    assert not first["spells"]["registration_date"].equals(other["spells"]["registration_date"])


def test_true_effects_known_and_naive_difference_biased(large):
    spells, programmes = large["spells"], large["programmes"]
    taking = spells.merge(programmes[["spell_id", "programme"]], on="spell_id", how="left")
    control = taking[taking["programme"].isna()]
    for code, truth in large["metadata"]["true_att"].items():
        effects = large["metadata"]["programmes"][code]["effect_parameters"]
        assert truth["att"]["employed_12m"] == pytest.approx(effects["employed_12m"], abs=1e-4)
        assert truth["att"]["earnings_12m"] == pytest.approx(effects["earnings_12m"], abs=1)
        treated = taking[taking["programme"] == code]
        naive = treated["employed_12m"].astype(float).mean() - control["employed_12m"].astype(float).mean()
        assert naive < truth["att"]["employed_12m"] - 0.05, code  # negative selection on observables


def test_participation_depends_on_observables(large):
    spells, programmes = large["spells"], large["programmes"]
    treated = spells["spell_id"].isin(programmes["spell_id"])
    long_unemployed = spells["prior_unemployment_days"] > 365
    assert treated[long_unemployed].mean() > treated[~long_unemployed].mean() + 0.05
    assert treated.mean() == pytest.approx(0.22, abs=0.02)
    assert programmes["lmp_category"].value_counts().to_dict().keys() == {2, 6, 4}


def test_rows_are_consistent(large):
    spells, programmes = large["spells"], large["programmes"]
    assert spells["spell_id"].is_unique and (spells["dataset"] == "synthetic_register_ch").all()
    joined = programmes.merge(spells, on="spell_id", suffixes=("", "_spell"))
    assert len(joined) == len(programmes) and (joined["geo"] == joined["geo_spell"]).all()
    assert (joined["start_date"] >= joined["registration_date"]).all()
    assert not (joined["start_date"] > joined["deregistration_date"]).any()
    ongoing = spells["deregistration_date"].isna()
    assert spells.loc[ongoing, "exit_reason"].isna().all() and spells.loc[~ongoing, "exit_reason"].notna().all()
    ordered = spells.sort_values(["person_id", "registration_date"])
    person = ordered.groupby("person_id")
    assert (person["birth_date"].nunique() == 1).all() and (person["sex"].nunique() == 1).all()
    gap = (ordered["registration_date"] - person["deregistration_date"].shift()).dt.days.dropna()
    assert gap.between(1, 365).all() and 0.15 < len(gap) / len(spells) < 0.25
    late = spells["registration_date"] > pd.Timestamp("2025-07-31")
    assert spells.loc[late, "employed_12m"].isna().all() and spells.loc[~late, "employed_12m"].notna().all()


def test_interruptions_lie_within_their_spells_and_follow_the_parameters(large):
    spells, programmes, breaks = large["spells"], large["programmes"], large["interruptions"]
    joined = breaks.merge(spells, on="spell_id", suffixes=("", "_spell"))
    assert len(joined) == len(breaks) and breaks["interruption_id"].is_unique
    assert (joined["geo"] == joined["geo_spell"]).all() and (joined["person_id"] == joined["person_id_spell"]).all()
    assert (joined["start_date"] >= joined["registration_date"]).all()
    assert (joined["start_date"] <= pd.Timestamp("2026-07-31")).all()  # none known after the extraction
    assert not (joined["end_date"] >= joined["deregistration_date"]).any()
    assert not (joined["end_date"] < joined["start_date"]).any()
    under_way = joined["end_date"].isna()
    assert under_way.any() and not (joined.loc[under_way, "deregistration_date"].notna()
                                    & joined.loc[under_way, "reason"].eq("intermediate_earnings")).any()
    pvb = programmes[programmes["lmp_category"] == 6]
    started = pvb[pvb["start_date"] <= pd.Timestamp("2026-07-31")]
    assert set(breaks.loc[breaks["reason"] == "employment_programme", "spell_id"]) == set(started["spell_id"])
    long = spells[(spells["deregistration_date"].fillna(pd.Timestamp("2026-07-31")) - spells["registration_date"]).dt.days
                  >= 30]
    earning = breaks.loc[breaks["reason"] == "intermediate_earnings", "spell_id"]
    assert long["spell_id"].isin(earning).mean() == pytest.approx(0.22, abs=0.01)
    assert joined.loc[joined["reason"] == "intermediate_earnings", "start_date"].sub(
        joined["registration_date"]).dt.days.min() >= 1


def test_person_months_option_hits_its_target():
    size = size_for_person_months("TN", 300_000, seed=3)
    result = generate("TN", size, seed=3)
    extraction = np.datetime64(result["metadata"]["extraction_date"])
    assert person_months(result["spells"], extraction) == result["metadata"]["rows"]["person_months"]
    assert result["metadata"]["rows"]["person_months"] == pytest.approx(300_000, rel=0.02)


def test_lmo_synth_output_loads_through_lmo_ingest(tmp_path, monkeypatch):
    """Vacancies into an empty warehouse and interruptions into a full one through the whole ingest run; spells and
    programmes through its loader only: their runs on a partial register are test_programmes.py's
    test_ingesting_register_files_refreshes_monitoring_and_effects (spells into an empty warehouse, then programmes)."""
    monkeypatch.setenv("LMO_EVAL_REPS", "10")  # each ingest evaluates the programmes again: not what is tested here
    out, db = tmp_path / "synth", tmp_path / "w.duckdb"
    done = lmo_here("synth", "--country", "MR", "--size", "1k", "--seed", "4", "--out", str(out), "--format", "xlsx",
                    "--lang", "fr")
    assert done.returncode == 0, done.stderr
    meta = json.loads((out / "synth-metadata.json").read_text())
    assert meta["synthetic"] is True and meta["dataset"] == "synthetic_register_mr"
    assert "SYNTHETIC" in (out / "README.md").read_text()
    for name in ("vacancies", "spells", "programmes", "interruptions"):
        rows = len(pd.read_excel(out / f"{name}.xlsx"))
        if name in ("vacancies", "interruptions"):
            loaded = lmo_here("ingest", f"register-{name}", str(out / f"{name}.xlsx"), db=db)
            assert loaded.returncode == 0, loaded.stderr
            assert "datasets: synthetic_register_mr" in loaded.stdout and "(MR-01, MR-02," in loaded.stdout  # wilayas
            assert f"loaded {rows} rows" in loaded.stdout
            continue
        with connect(db) as con:
            result = ingest_file(con, f"register-{name}", out / f"{name}.xlsx", raw_dir(db))
        assert (result.rows, result.datasets, result.geos[:2]) == (rows, ["synthetic_register_mr"], ["MR-01", "MR-02"])


@pytest.mark.parametrize("text,expected", [("5000", 5000), ("200k", 200_000), ("2M", 2_000_000), ("1.5m", 1_500_000)])
def test_sizes_read_with_suffixes(text, expected):
    assert count(text, "--size") == expected


@pytest.mark.parametrize("text", ["lots", "0", "-5", "2G"])
def test_bad_sizes_are_refused(text):
    with pytest.raises(LmoError, match=f"--size: expected a positive count like 5000, 200k or 2M, got '{text}'"):
        count(text, "--size")


def test_lmo_synth_rejects_a_bad_size_in_one_line(tmp_path):
    done = lmo_here("synth", "--out", str(tmp_path), "--size", "lots")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip() == "lmo synth: --size: expected a positive count like 5000, 200k or 2M, got 'lots'"


def test_chunks_join_into_one_register(monkeypatch):
    """Persons are generated month-group by month-group; ids stay unique and in registration order."""
    import pipelines.synth.generate as generator

    monkeypatch.setattr(generator, "CHUNK", 250)
    result = generator.generate("CH", 2000, seed=2)
    spells, programmes = result["spells"], result["programmes"]
    assert len(generator.month_groups(generator.setup("CH", 2000, 2).counts)) > 5
    assert spells["spell_id"].tolist() == [f"S{i}" for i in range(1, 2001)]
    assert spells["registration_date"].is_monotonic_increasing
    assert programmes["participation_id"].is_unique and programmes["spell_id"].isin(spells["spell_id"]).all()
    breaks = result["interruptions"]
    assert breaks["interruption_id"].tolist() == [f"I{i}" for i in range(1, len(breaks) + 1)]
    assert breaks["spell_id"].isin(spells["spell_id"]).all() and len(breaks) == result["metadata"]["rows"]["interruptions"]
    rows = result["metadata"]["rows"]
    assert (rows["spells"], rows["participations"], rows["vacancies"]) == (2000, len(programmes), len(result["vacancies"]))


def test_shipped_synthetic_register_regenerates_byte_for_byte(tmp_path):
    from kernel.settings import DATA_DIR
    from pipelines.synth.write import write_register

    shipped = DATA_DIR / "register" / "synthetic" / "ch"
    meta = json.loads((shipped / "synth-metadata.json").read_text())
    write_register("CH", meta["size"], meta["seed"], tmp_path)
    for name in ("spells.csv", "vacancies.csv", "programmes.csv", "interruptions.csv", "synth-metadata.json"):
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name


@pytest.mark.slow
@pytest.mark.scale
def test_the_demo_register_of_real_size_has_seco_s_stocks(tmp_path):
    """`make run`'s register (`lmo synth --size real`), counted by the pipeline's own register SQL: every month the
    national stock within ±10 % of SECO's; each canton's within ±10 %, or within 3.5 Poisson standard deviations
    where that is wider (a random register of real size cannot hold 10 % of Appenzell Innerrhoden's ~75), in 98 %
    of canton-months and within 15 % in all: the generator's spells cannot end as fast as Graubünden's seasonal
    unemployment falls in June (+11 % there)."""
    import duckdb

    from indicators import register
    from pipelines.synth.generate import real_size
    from pipelines.synth.write import write_register

    write_register("CH", real_size("CH", 2029), 2029, tmp_path, "parquet")
    with duckdb.connect() as con:
        register.from_parquet(con, str(tmp_path / "spells.parquet"), None, "2026-08-01",
                              str(tmp_path / "interruptions.parquet"))
        cells = register.counts(con)
    stock = cells[(cells["measure"] == "registered_unemployed") & (cells["sex"] == "_T") & (cells["age"] == "_T")]
    got = {(r.geo, r.period): r.value for r in stock.itertuples()}
    bulletin = json.loads((DATA_DIR / "seco" / "labour.json").read_text(encoding="utf-8"))
    published = {("CH", m["period"]): m["unemployed"] for m in bulletin["national"]}
    published |= {(f"CH-{c['code']}", m["period"]): m["unemployed"] for c in bulletin["cantons"] for m in c["months"]}
    compared = {key: value for key, value in published.items() if key[1] in {str(p) for p in WINDOW}}
    assert len(compared) == 27 * len(WINDOW)
    off = {key: (got.get(key), value) for key, value in compared.items()
           if abs(got.get(key, 0) - value) > max(0.10 * value, 3.5 * math.sqrt(value))}
    assert len(off) <= 0.02 * len(compared), off
    assert {key: v for key, v in off.items() if abs(v[0] - v[1]) > max(0.15 * v[1], 3.5 * math.sqrt(v[1]))} == {}
    national = [abs(got[("CH", p)] / published[("CH", p)] - 1) for p in map(str, WINDOW)]
    assert max(national) < 0.10
