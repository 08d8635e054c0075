"""The partitioned register path: the pipeline's own indicators per month × country, pandas agreement, Dagster runs."""

from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest

from bench import pandas_way
from indicators import register
from pipelines import register_partitions as rp
from pipelines.synth.generate import generate
from pipelines.synth.write import write
from pipelines.warehouse import SCHEMA_SQL
from tests.postgres import postgres_server
from tests.register_tables import SPELLS_DDL

VINTAGE = "2026-08-01"
# spell, geo, sex, birth, unemployed, registered, deregistered, exit
SPELLS = [
    ("1", "CH-ZH", "F", "1990-05-01", True, "2024-01-15", None, None),
    ("2", "CH-ZH", "M", "2003-01-01", True, "2025-03-10", "2025-03-28", "employment"),
    ("3", "CH-GE", "M", "1960-01-01", False, "2025-02-01", "2025-05-01", "other"),
    ("4", "CH-GE", "F", "1970-06-15", True, "2024-03-15", None, None),
]


def write_spells(folder: Path, rows=SPELLS) -> Path:
    """Spells of the register exchange format as Parquet (the columns the indicators read)."""
    folder.mkdir(parents=True, exist_ok=True)
    frame = pd.DataFrame(rows, columns=["spell_id", "geo", "sex", "birth_date", "unemployed", "registration_date",
                                        "deregistration_date", "exit_reason"])
    with duckdb.connect() as con:
        con.register("frame", frame)
        con.execute(f"COPY (SELECT * REPLACE (birth_date::DATE AS birth_date, registration_date::DATE AS "
                    "registration_date, deregistration_date::DATE AS deregistration_date), 'P' || spell_id AS "
                    "person_id, NULL::VARCHAR AS occupation, 'synthetic_test' AS dataset FROM frame) "
                    f"TO '{folder / 'part-0.parquet'}' (FORMAT parquet)")
    return folder / "part-0.parquet"


def partition(root: Path, month: str) -> pd.DataFrame:
    defs = rp.build_definitions(root, vintage=VINTAGE)
    result = dg.materialize(defs.assets, resources=defs.resources, partition_key=rp.partition_key("CH", f"{month}-01"))
    assert result.success
    files = root / "register_indicators" / "country=CH" / f"period={month}" / "*.parquet"
    return duckdb.execute("SELECT * FROM read_parquet(?, hive_partitioning = true)", [str(files)]).df()


def value(frame: pd.DataFrame, measure: str, geo="CH", sex="_T", age="_T") -> float:
    row = frame[(frame["measure"] == measure) & (frame["geo"] == geo) & (frame["sex"] == sex) & (frame["age"] == age)]
    return float(row["value"].iloc[0])


@pytest.fixture(scope="module")
def two_months(tmp_path_factory):
    """February's partition, then March's, of the hand-made spells without disclosure control (the counts are
    compared): (root, February, March, February's file as it stood before March ran)."""
    root = tmp_path_factory.mktemp("months")
    write_spells(root / "spells" / "country=CH")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LMO_MIN_CELL", "1")
        february = partition(root, "2025-02")
        written = next((root / "register_indicators" / "country=CH" / "period=2025-02").glob("*.parquet"))
        before = written.stat()
        march = partition(root, "2025-03")
    return root, february, march, (written, before)


def test_stocks_flows_and_long_term_unemployment_of_a_partition(two_months):
    _, february, march, _ = two_months
    # spell 2 came and left within March (to a job): a flow both ways, not in the end-of-month stock
    assert {m: value(march, m) for m in ("jobseekers", "registered_unemployed", "long_term_unemployed",
                                         "inflows", "outflows", "outflows_to_employment")} == {
        "jobseekers": 3, "registered_unemployed": 2, "long_term_unemployed": 2, "inflows": 1, "outflows": 1,
        "outflows_to_employment": 1}
    assert value(march, "inflows", "CH-ZH", age="Y15-24") == 1
    assert value(march, "long_term_unemployed", sex="F") == 2
    # spell 4, registered 2024-03-15: 350 days at the end of February, not yet long-term
    assert value(february, "registered_unemployed") == 2 and value(february, "long_term_unemployed") == 1
    # outflow rate: March's outflows on February's stock of registered unemployed
    assert value(march, "outflow_rate") == 50.0
    assert set(march["period"]) == {"2025-03"} and set(march["vintage"]) == {VINTAGE}


def test_a_partition_applies_disclosure_control(tmp_path):
    write_spells(tmp_path / "spells" / "country=CH")
    march = partition(tmp_path, "2025-03")
    persons = march[march["unit"] == "persons"]
    assert len(persons) and (persons["conf_status"] == "C").any()
    assert persons.loc[persons["conf_status"] != "F", "value"].isna().all()


@pytest.fixture(scope="module")
def synthetic_register(tmp_path_factory):
    root = tmp_path_factory.mktemp("register")
    write(generate("CH", 3000, seed=5), root / "exchange", "parquet", "en")
    for kind in ("spells", "vacancies", "interruptions"):
        (root / kind / "country=CH").mkdir(parents=True)
        (root / "exchange" / f"{kind}.parquet").rename(root / kind / "country=CH" / f"{kind}.parquet")
    return root


def pipeline_observations(root: Path) -> pd.DataFrame:
    """What the pipeline's register_indicators asset computes from the same files loaded into core."""
    with duckdb.connect() as con:
        con.execute(SCHEMA_SQL.read_text())
        for statement in SPELLS_DDL.split(";"):
            con.execute(statement)
        for kind in ("spells", "vacancies", "interruptions"):
            con.execute(f"INSERT INTO core.register_{kind} BY NAME SELECT *, '{VINTAGE}' AS vintage "
                        f"FROM read_parquet('{root / kind / 'country=CH' / '*.parquet'}', hive_partitioning = false)")
        return register.observations(con)


def test_a_partition_equals_the_pipeline_for_the_same_register(synthetic_register):
    pipeline = pipeline_observations(synthetic_register)
    for month in ("2025-06", "2026-01", "2026-07"):
        ours = partition(synthetic_register, month)
        theirs = pipeline[pipeline["period"] == month]
        columns = list(theirs.columns)
        ours, theirs = (f[columns].sort_values(columns[:-3]).reset_index(drop=True) for f in (ours, theirs))
        assert len(ours) == len(theirs) > 1000
        assert (theirs["conf_status"] != "F").any()  # disclosure control took part
        pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)


def test_duckdb_and_the_pandas_script_give_the_same_counts(synthetic_register):
    spells = str(synthetic_register / "spells" / "country=CH" / "spells.parquet")
    with duckdb.connect() as con:
        register.from_parquet(con, spells, None, VINTAGE)
        ours = register.counts(con)
    ours = ours[ours["measure"].isin(pandas_way.COUNTS)]
    theirs = pandas_way.indicators(spells)
    merged = ours.merge(theirs, on=["period", "geo", "sex", "age", "measure"], how="outer", suffixes=("", "_pandas"))
    assert len(merged) == len(ours) > 10_000 and merged[["value", "value_pandas"]].notna().all().all()
    assert (merged["value"] - merged["value_pandas"]).abs().max() == 0


def test_a_new_month_partition_rewrites_only_that_month(two_months):
    root, _, march, (february, before) = two_months
    out = root / "register_indicators" / "country=CH"
    assert sorted(p.name for p in out.iterdir()) == ["period=2025-02", "period=2025-03"]
    assert february.stat().st_mtime_ns == before.st_mtime_ns and february.stat().st_ino == before.st_ino
    assert value(march, "jobseekers") == 3


@pytest.mark.slow
@pytest.mark.scale
def test_multiprocess_partition_run_recorded_in_postgres(tmp_path, monkeypatch):
    write_spells(tmp_path / "spells" / "country=CH")
    monkeypatch.setenv("LMO_REGISTER_ROOT", str(tmp_path))
    home = tmp_path / "dagster_home"
    home.mkdir()
    with postgres_server() as url:
        (home / "dagster.yaml").write_text(
            f"storage:\n  postgres:\n    postgres_url: {url}\ntelemetry:\n  enabled: false\n")
        with dg.DagsterInstance.from_config(str(home)) as instance:
            result = dg.execute_job(dg.reconstructable(rp.job), instance=instance,
                                    tags={"dagster/partition": rp.partition_key("CH", "2025-03-01")})
            assert result.success
            runs = instance.get_runs()
            assert [r.tags["dagster/partition"] for r in runs] == ["CH|2025-03-01"]
            assert type(instance.run_storage).__name__ == "PostgresRunStorage"
            assert "multiprocess" in str(result.job_def.executor_def.name)
            materialized = instance.get_latest_materialization_event(rp.register_indicators.key)
            assert materialized.dagster_event.partition == "CH|2025-03-01"
    assert (tmp_path / "register_indicators" / "country=CH" / "period=2025-03").is_dir()
