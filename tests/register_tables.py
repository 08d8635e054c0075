"""Small hand-made register microdata for tests (the columns of the register contract)."""

import duckdb
import pandas as pd

from pipelines.warehouse import SCHEMA_SQL

SPELLS_DDL = """CREATE TABLE IF NOT EXISTS core.register_spells (
    spell_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL, geo VARCHAR NOT NULL, sex VARCHAR NOT NULL,
    birth_date DATE NOT NULL, citizenship VARCHAR, education VARCHAR, occupation VARCHAR,
    registration_date DATE NOT NULL, deregistration_date DATE, unemployed BOOLEAN NOT NULL,
    exit_reason VARCHAR, prior_earnings DOUBLE, prior_unemployment_days INTEGER,
    employed_6m BOOLEAN, employed_12m BOOLEAN, earnings_12m DOUBLE, days_unemployed_12m INTEGER,
    dataset VARCHAR NOT NULL, vintage VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS core.register_vacancies (
    vacancy_id VARCHAR NOT NULL, geo VARCHAR NOT NULL, occupation VARCHAR NOT NULL,
    notified_date DATE NOT NULL, closed_date DATE, subject_to_obligation BOOLEAN, outcome VARCHAR,
    positions INTEGER NOT NULL, dataset VARCHAR NOT NULL, vintage VARCHAR NOT NULL)"""

SPELL_COLUMNS = ["spell_id", "person_id", "geo", "sex", "birth_date", "occupation", "registration_date",
                 "deregistration_date", "unemployed", "exit_reason"]
VACANCY_COLUMNS = ["vacancy_id", "geo", "occupation", "notified_date", "closed_date", "subject_to_obligation",
                   "positions"]
INTERRUPTION_COLUMNS = ["interruption_id", "spell_id", "geo", "start_date", "end_date", "reason"]


def warehouse(spells: list[tuple], vacancies: list[tuple] = (), dataset="synthetic_test",
              interruptions: list[tuple] = ()) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(SCHEMA_SQL.read_text())
    for statement in SPELLS_DDL.split(";"):
        con.execute(statement)
    for table, rows, columns in (("register_spells", spells, SPELL_COLUMNS),
                                 ("register_vacancies", vacancies, VACANCY_COLUMNS),
                                 ("register_interruptions", interruptions, INTERRUPTION_COLUMNS)):
        frame = pd.DataFrame(list(rows), columns=columns).assign(dataset=dataset, vintage="2025-05-01",
                                                              realm="synthetic" if dataset.startswith("synthetic") else "user")
        con.register("frame", frame)
        con.execute(f"INSERT INTO core.{table} BY NAME SELECT * FROM frame")
        con.unregister("frame")
    return con
