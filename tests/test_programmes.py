"""Programme monitoring indicators: hand-checked values on the example register, and the warehouse."""

import json

import duckdb
import pandas as pd
import pytest

from indicators.programmes import attainment, compute, read_targets, refresh
from kernel.settings import DATA_DIR
from pipelines.ingest import ingest_file
from pipelines.warehouse import connect

EXAMPLES = DATA_DIR / "register" / "examples"


@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    """The six example spells and four participations of docs/register-format.md, loaded as a user would."""
    folder = tmp_path_factory.mktemp("examples")
    con = connect(folder / "w.duckdb")
    for kind, name in (("register-spells", "spells.csv"), ("register-programmes", "programmes.csv")):
        ingest_file(con, kind, EXAMPLES / name, folder / "raw")
    compute(con)
    yield con
    con.close()


def value(con, measure, period, geo="CH", programme="_T", sex="_T", age="_T", cit="_T"):
    rows = con.execute("SELECT value FROM prog_values WHERE measure = ? AND period = ? AND geo = ? AND programme = ?"
                       " AND sex = ? AND age = ? AND cit = ?", [measure, period, geo, programme, sex, age, cit]).fetchall()
    return rows[0][0] if rows else None


def test_stocks_flows_and_coverage_by_hand(examples):
    # end of April 2025: A0001 (from 10 March) and A0002 (7 April - 16 May) are running;
    # job seekers registered then: S0001, S0002, S0004, S0005 (S0003 left on 28 March).
    assert value(examples, "programme_participants", "2025-04") == 2
    assert value(examples, "programme_coverage", "2025-04") == 50.0
    assert value(examples, "programme_entrants", "2025-03") == 1
    assert value(examples, "programme_exits", "2025-05") == 1
    assert value(examples, "programme_participants", "2025-04", geo="CH-ZH", programme="CH_PVB") == 1
    assert value(examples, "programme_participants", "2025-04", programme="LMP_2") == 1
    assert value(examples, "programme_participants", "2025-04", sex="F") == 1


def test_exit_cohorts_and_costs_by_hand(examples):
    # 2025 exits: A0001 (completed, not employed at 3 months), A0002 (completed, employed), A0003 (not completed, employed)
    assert value(examples, "programme_completion_rate", "2025") == pytest.approx(200 / 3)
    assert value(examples, "programme_employment_3m", "2025") == pytest.approx(200 / 3)
    assert value(examples, "programme_employment_12m", "2025") == 50.0  # A0003's 12-month status is unknown
    assert value(examples, "programme_cost_per_participant", "2025") == (14200 + 3900 + 9800) / 3
    assert value(examples, "programme_cost_per_placement", "2025") == (14200 + 3900 + 9800) / 2
    assert value(examples, "programme_cost_per_participant", "2026") == 2100


def test_representation_compares_participants_with_job_seekers(examples):
    # April 2025: participants 1 F of 2; job seekers 3 F of 4 -> (1/2) / (3/4)
    assert value(examples, "programme_representation", "2025-04", sex="F") == pytest.approx((1 / 2) / (3 / 4))


def test_target_attainment(examples):
    targets = pd.DataFrame([{"indicator": "programme_completion_rate", "programme": "_T", "geo": "CH",
                             "period": "2025", "baseline": 50.0, "target": 100.0}])
    [row] = attainment(examples, targets)
    assert row["actual"] == pytest.approx(200 / 3) and row["attainment"] == pytest.approx(100 / 3)


def test_shipped_targets_name_catalogue_indicators():
    from indicators.catalog import entry

    targets = read_targets(sorted((DATA_DIR / "targets").glob("*.csv")))
    assert len(targets) >= 10
    for indicator in targets["indicator"].unique():
        entry(indicator)


def test_warehouse_has_programme_indicators_from_the_synthetic_register(warehouse):
    spells = pd.read_csv(DATA_DIR / "register/synthetic/ch/spells.csv", parse_dates=["registration_date", "deregistration_date"])
    parts = pd.read_csv(DATA_DIR / "register/synthetic/ch/programmes.csv", parse_dates=["start_date", "end_date"])
    end = pd.Timestamp("2025-06-30")
    running = parts[(parts.start_date <= end) & (parts.end_date.isna() | (parts.end_date > end))]
    seekers = spells[(spells.registration_date <= end) & (spells.deregistration_date.isna() | (spells.deregistration_date > end))]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        got = dict(con.execute(
            "SELECT indicator, value FROM mart.indicator_values WHERE geo = 'CH' AND period = '2025-06' AND programme = '_T'"
            " AND sex = '_T' AND age = '_T' AND citizenship = '_T' AND measure = 'level'").fetchall())
        source = con.execute("SELECT DISTINCT source FROM mart.indicator_values"
                             " WHERE indicator = 'programme_coverage'").fetchall()
        activation = con.execute("SELECT * FROM mart.indicator_values WHERE indicator = 'programme_activation'").fetchall()
    assert got["programme_participants"] == len(running)
    assert got["programme_coverage"] == pytest.approx(100 * len(running) / len(seekers))
    assert source == [("SYNTHETIC register (lmo synth), invented data",)]
    # no persons wanting to work in data/ (and a synthetic register is no country's job seekers)
    assert not activation


def test_warehouse_programme_indicators_stop_at_the_register_extract_end(warehouse):
    """The synthetic registers were extracted on 2026-07-31 (synth-metadata.json); participations starting later
    are planned: no programme figure for a month after July 2026, and the part-covered year 2026 is provisional."""
    extracted = {json.loads((DATA_DIR / f"register/synthetic/{c}/synth-metadata.json").read_text())["extraction_date"]
                 for c in ("ch", "ma", "tn", "mr")}
    parts = pd.read_csv(DATA_DIR / "register/synthetic/ch/programmes.csv")
    assert extracted == {"2026-07-31"} and parts["start_date"].max() > "2026-08"  # future-dated starts exist
    with duckdb.connect(str(warehouse), read_only=True) as con:
        last = dict(con.execute("SELECT indicator, max(period) FROM mart.indicator_values WHERE indicator LIKE 'programme%'"
                                " AND length(period) = 7 GROUP BY ALL").fetchall())
        year = con.execute("SELECT DISTINCT obs_status FROM mart.indicator_values WHERE indicator LIKE 'programme%'"
                           " AND period = '2026' AND measure = 'level'").fetchall()
    assert max(last.values()) == last["programme_participants"] == last["programme_coverage"] == "2026-07"
    assert year == [("P",)]


def test_warehouse_effects_cover_the_synthetic_truth(warehouse):
    truth = {}
    for country in ("ch", "ma", "tn", "mr"):
        truth |= json.loads((DATA_DIR / f"register/synthetic/{country}/synth-metadata.json").read_text())["true_att"]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        effects = con.execute("SELECT * FROM mart.programme_effects").df()
        balance = con.execute("SELECT * FROM mart.programme_balance").df()
        overlap = con.execute("SELECT * FROM mart.programme_overlap").df()
    assert set(effects["method"]) == {"psm", "ipw", "dr"}
    assert {"CH_KURS", "CH_PVB", "CH_EAZ", "MA_IDMAJ", "MA_TAEHIL", "TN_CIVP", "TN_CAIP", "MR_ANAPEJ_STAGE",
            "MR_ANAPEJ_AUTO"} <= set(effects["programme"])
    assert len(effects) == 3 * 4 * effects["programme"].nunique()  # every method and outcome
    # 95 % intervals (Abadie-Imbens for matching, no longer the conservative bootstrap) miss about 1 in 20:
    # each method covers the truth at about that rate, and no estimate is far from it
    effects["truth"] = [truth[p]["att"][o] for p, o in zip(effects["programme"], effects["outcome"])]
    covered = (effects["ci_low"] <= effects["truth"]) & (effects["truth"] <= effects["ci_high"])
    assert covered.groupby(effects["method"]).mean().ge(0.85).all(), effects[~covered]
    assert ((effects["att"] - effects["truth"]).abs() < 3.5 * effects["se"]).all()
    assert (balance.groupby(["programme", "method"]).size() > 5).all()
    assert overlap.groupby("programme")["count"].sum().gt(0).all()


ILO_HEADER = "ref_area,source,indicator,sex,classif1,classif2,time,obs_value,obs_status,note_classif,note_indicator,note_source\n"
# thousands: persons wanting to work 2025 = 1000 × (unemployed + potential labour force)
ILO = {"UNE_TUNE_SEX_AGE_NB": {"SEX_T": 0.1, "SEX_F": 0.05, "SEX_M": 0.045},
       "EIP_2PLF_SEX_AGE_NB": {"SEX_T": 0.02, "SEX_F": 0.015, "SEX_M": 0.005}}


def activation_warehouse(folder, threshold: str, monkeypatch):
    """A real (not synthetic) Moroccan register: 6 women in Idmaj (LMP 4) and 5 men in Taehil (LMP 2)
    through 2025, and the ILO counts of unemployed and potential labour force, loaded as a user would."""
    from indicators.engine import refresh_mart

    monkeypatch.setenv("LMO_MIN_CELL", threshold)
    spells = ["spell_id,person_id,geo,sex,birth_date,citizenship,registration_date,unemployed,dataset"]
    parts = ["participation_id,person_id,spell_id,geo,programme,lmp_category,start_date,end_date,completed,dataset"]
    for i, (sex, programme, category) in enumerate([("F", "MA_IDMAJ", 4)] * 6 + [("M", "MA_TAEHIL", 2)] * 5):
        spells.append(f"S{i},P{i},MA,{sex},1990-05-01,NAT,2024-11-04,yes,pes_ma")
        parts.append(f"A{i},P{i},S{i},MA,{programme},{category},2024-12-02,2026-01-30,yes,pes_ma")
    files = {"register-spells": "\n".join(spells), "register-programmes": "\n".join(parts)}
    files |= {"ilostat-csv": ILO_HEADER + "".join(f"MAR,BA:1,{code},{sex},AGE_YTHADULT_YGE15,,2025,{v},,,,\n"
                                                   for code, by_sex in ILO.items() for sex, v in by_sex.items())}
    con = connect(folder / "w.duckdb")
    for kind, text in files.items():
        (folder / f"{kind}.csv").write_text(text + "\n", encoding="utf-8")
        ingest_file(con, kind, folder / f"{kind}.csv", folder / "raw")
    refresh(con, pd.DataFrame(columns=["indicator", "programme", "geo", "period", "baseline", "target"]))
    refresh_mart(con)
    return con


def test_activation_per_100_persons_wanting_to_work(tmp_path, monkeypatch):
    con = activation_warehouse(tmp_path, "5", monkeypatch)
    got = dict(con.execute("SELECT sex, value FROM mart.indicator_values WHERE indicator = 'programme_activation'"
                           " AND geo = 'MA' AND period = '2025' AND programme = 'LMP_2-7' AND measure = 'level'").fetchall())
    assert got == {"_T": pytest.approx(100 * 11 / 120), "F": pytest.approx(100 * 6 / 65), "M": pytest.approx(100 * 5 / 50)}
    years = con.execute("SELECT DISTINCT period FROM mart.indicator_values WHERE indicator = 'programme_activation'").fetchall()
    assert years == [("2025",)]  # 2024 and 2026 have one month of stocks each
    con.close()


def test_activation_withheld_with_the_months_it_rests_on(tmp_path, monkeypatch):
    con = activation_warehouse(tmp_path, "12", monkeypatch)  # 11 participants: every monthly stock is C
    rows = con.execute("SELECT value, conf_status FROM mart.indicator_values WHERE indicator = 'programme_activation'"
                       " AND sex = '_T' AND measure = 'level'").fetchall()
    assert rows == [(None, "C")]
    con.close()


@pytest.mark.slow
def test_ingesting_register_files_refreshes_monitoring_and_effects(tmp_path, monkeypatch):
    """`lmo ingest` of spells, then of participations, then of a revised participations file: the
    programme indicators and mart.programme_effects follow each time, as after `lmo run`."""
    from pipelines.run import run_ingest
    from pipelines.synth.generate import generate
    from pipelines.synth.write import write

    monkeypatch.setenv("LMO_EVAL_REPS", "10")
    monkeypatch.setenv("LMO_MIN_CELL", "1")  # the counts compared here, not their disclosure control
    db, register = tmp_path / "w.duckdb", generate("CH", 3000, seed=21)
    write(register, tmp_path / "v1")
    revised = register | {"programmes": register["programmes"][register["programmes"]["programme"] != "CH_EAZ"]}
    write(revised, tmp_path / "v2")

    def effects():
        with duckdb.connect(str(db), read_only=True) as con:
            evaluated = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'mart'"
                                    " AND table_name = 'programme_effects'").fetchall() == [(1,)]
            rows = con.execute("SELECT programme, max(n_treated) FROM mart.programme_effects GROUP BY ALL").fetchall() \
                if evaluated else []
            running = con.execute("SELECT value FROM core.observations WHERE measure = 'programme_participants'"
                                  " AND geo = 'CH' AND period = '2025-06' AND programme = '_T' AND sex = '_T'"
                                  " AND age = '_T' AND citizenship = '_T'").fetchall()
        return dict(rows), running

    def treated(programmes: pd.DataFrame) -> dict:
        """Spells of each programme whose four evaluation outcomes are all observed, counted from the files."""
        seen = register["spells"].dropna(subset=["employed_6m", "employed_12m", "earnings_12m", "days_unemployed_12m"])
        return programmes[programmes["spell_id"].isin(seen["spell_id"])].groupby("programme").size().to_dict()

    run_ingest(db, "register-spells", tmp_path / "v1" / "spells.csv", "2026-07-31")
    assert effects() == ({}, [])
    run_ingest(db, "register-programmes", tmp_path / "v1" / "programmes.csv", "2026-07-31")
    parts, end = register["programmes"], pd.Timestamp("2025-06-30")
    running = int(((parts["start_date"] <= end) & ~(parts["end_date"] <= end)).sum())
    assert effects() == (treated(parts), [(float(running),)])
    assert set(treated(parts)) == {"CH_KURS", "CH_PVB", "CH_EAZ"}
    run_ingest(db, "register-programmes", tmp_path / "v2" / "programmes.csv", "2026-08-31")
    without = revised["programmes"]
    running = int(((without["start_date"] <= end) & ~(without["end_date"] <= end)).sum())
    assert effects() == (treated(without), [(float(running),)])
    assert "CH_EAZ" not in effects()[0]
