"""Register indicators from person-months: exact counts, pandas agreement, partitions, multiprocess on PostgreSQL."""

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from bench import pandas_way, synth
from indicators import person_months
from pipelines import register_partitions as rp
from tests.postgres import postgres_server

# month, spell, geo, sex, birth, unemployed, registered, deregistered, exit
SPELLS = [
    ("2025-03-01", 1, "CH-ZH", "F", "1990-05-01", True, "2024-01-15", None, None),
    ("2025-03-01", 2, "CH-ZH", "M", "2003-01-01", True, "2025-03-10", "2025-03-28", "employment"),
    ("2025-03-01", 3, "CH-GE", "M", "1960-01-01", False, "2025-02-01", "2025-05-01", "other"),
    ("2025-03-01", 4, "CH-GE", "F", "1970-06-15", True, "2024-03-15", None, None),
    ("2025-02-01", 4, "CH-GE", "F", "1970-06-15", True, "2024-03-15", None, None),
]


def write_person_months(folder: Path, rows=SPELLS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as con:
        con.execute("CREATE TABLE pm (month DATE, spell_id VARCHAR, geo VARCHAR, sex VARCHAR, birth_date DATE, "
                    "unemployed BOOLEAN, registration_date DATE, deregistration_date DATE, exit_reason VARCHAR)")
        con.executemany("INSERT INTO pm VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        con.execute(f"COPY (SELECT *, 'P' || spell_id AS person_id FROM pm) TO '{folder / 'part-0.parquet'}' "
                    "(FORMAT parquet)")
    return folder / "part-0.parquet"


def values(con, where: str) -> dict:
    return dict(con.execute(f"SELECT measure, value FROM r WHERE {where}").fetchall())


def test_stocks_flows_and_long_term_unemployment_from_person_months(tmp_path):
    source = write_person_months(tmp_path)
    with duckdb.connect() as con:
        person_months.materialize(con, str(source), "r")
        ch = values(con, "period = '2025-03' AND geo = 'CH' AND sex = '_T' AND age = '_T'")
        zurich_young_men = values(con, "period = '2025-03' AND geo = 'CH-ZH' AND sex = 'M' AND age = 'Y15-24'")
        women = values(con, "period = '2025-03' AND geo = 'CH' AND sex = 'F' AND age = '_T'")
        february = values(con, "period = '2025-02' AND geo = 'CH' AND sex = '_T' AND age = '_T'")
    # spell 2 came and left within March (to a job): a flow both ways, not in the end-of-month stock
    assert ch == {"jobseekers": 3, "registered_unemployed": 2, "long_term_unemployed": 2,
                  "long_term_unemployment_share": 100.0, "inflows": 1, "outflows": 1, "outflows_to_employment": 1}
    assert zurich_young_men["jobseekers"] == 0 and zurich_young_men["inflows"] == 1
    assert women["long_term_unemployed"] == 2
    # registered 2024-03-15: 350 days at the end of February, not yet long-term (more than 365 days)
    assert february["long_term_unemployed"] == 0 and february["registered_unemployed"] == 1


def test_duckdb_and_the_pandas_script_give_the_same_figures(tmp_path):
    source = tmp_path / "pm.parquet"
    synth.write(source, 40_000)
    with duckdb.connect() as con:
        person_months.materialize(con, str(source), "r")
        ours = con.execute("SELECT * FROM r ORDER BY ALL").df()
    theirs = pandas_way.indicators(str(source))[list(ours.columns)].sort_values(list(ours.columns))
    assert len(ours) == len(theirs) > 10_000
    merged = ours.merge(theirs, on=["period", "geo", "sex", "age", "measure"], suffixes=("", "_pandas"))
    assert len(merged) == len(ours)
    assert (merged["value"] - merged["value_pandas"]).abs().max() < 1e-9


def test_a_new_month_partition_rewrites_only_that_month(tmp_path):
    write_person_months(tmp_path / "person_months" / "country=CH")
    defs = rp.build_definitions(tmp_path)
    out = tmp_path / "register_indicators" / "country=CH"
    dg.materialize(defs.assets, resources=defs.resources, partition_key=rp.partition_key("CH", "2025-02-01"))
    february = next((out / "period=2025-02").glob("*.parquet"))
    before = february.stat()
    result = dg.materialize(defs.assets, resources=defs.resources, partition_key=rp.partition_key("CH", "2025-03-01"))
    assert [e.partition for e in result.get_asset_materialization_events()] == ["CH|2025-03-01"]
    assert sorted(p.name for p in out.iterdir()) == ["period=2025-02", "period=2025-03"]
    assert february.stat().st_mtime_ns == before.st_mtime_ns and february.stat().st_ino == before.st_ino
    jobseekers = duckdb.execute(
        "SELECT value FROM read_parquet(?, hive_partitioning = true) WHERE period = '2025-03' AND geo = 'CH' "
        "AND sex = '_T' AND age = '_T' AND measure = 'jobseekers'", [str(out / "**" / "*.parquet")]).fetchall()
    assert jobseekers == [(3.0,)]


@pytest.mark.slow
def test_multiprocess_partition_run_recorded_in_postgres(tmp_path, monkeypatch):
    write_person_months(tmp_path / "person_months" / "country=CH")
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
