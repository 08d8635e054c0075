-- The warehouse layers: raw (files as received), core (canonical), mart (indicators).
CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS core;
CREATE SCHEMA IF NOT EXISTS mart;

CREATE TABLE IF NOT EXISTS raw.files (
    sha256 VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    stored_path VARCHAR NOT NULL,
    bytes BIGINT NOT NULL,
    ingested_at TIMESTAMP NOT NULL,
    dataset VARCHAR NOT NULL,
    vintage VARCHAR NOT NULL,
    rows BIGINT NOT NULL,
    skipped VARCHAR  -- JSON: rows of the file left out on purpose, per reason (aggregates, empty values...)
);
ALTER TABLE raw.files ADD COLUMN IF NOT EXISTS skipped VARCHAR;  -- warehouses made before the column

-- core.observations and mart.indicator_values are generated from indicators/model.yaml (warehouse.py).

-- Datasets changed in core and not yet published: the mart, the checks and the publication work them off,
-- so a load interrupted anywhere is completed by the next run (warehouse.py, pipelines/assets/mart.py).
CREATE TABLE IF NOT EXISTS core.pending (dataset VARCHAR PRIMARY KEY, since TIMESTAMP NOT NULL);
-- What the mart was last computed from: the engine's fingerprint and the newest pending change it covered.
CREATE TABLE IF NOT EXISTS core.state (name VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);

-- Register microdata in the exchange format of data/register/contract.yaml (one row per record).
CREATE TABLE IF NOT EXISTS core.register_spells (
    spell_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL, geo VARCHAR NOT NULL, sex VARCHAR NOT NULL,
    birth_date DATE NOT NULL, citizenship VARCHAR, education VARCHAR, occupation VARCHAR,
    registration_date DATE NOT NULL, deregistration_date DATE, unemployed BOOLEAN NOT NULL,
    exit_reason VARCHAR, prior_earnings DOUBLE, prior_unemployment_days INTEGER,
    employed_6m BOOLEAN, employed_12m BOOLEAN, earnings_12m DOUBLE, days_unemployed_12m INTEGER,
    dataset VARCHAR NOT NULL, vintage VARCHAR NOT NULL, realm VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS core.register_vacancies (
    vacancy_id VARCHAR NOT NULL, geo VARCHAR NOT NULL, occupation VARCHAR NOT NULL,
    notified_date DATE NOT NULL, closed_date DATE, subject_to_obligation BOOLEAN, outcome VARCHAR,
    positions INTEGER NOT NULL, dataset VARCHAR NOT NULL, vintage VARCHAR NOT NULL, realm VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS core.register_programmes (
    participation_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL, spell_id VARCHAR NOT NULL,
    geo VARCHAR NOT NULL, programme VARCHAR NOT NULL, lmp_category INTEGER NOT NULL,
    start_date DATE NOT NULL, end_date DATE, completed BOOLEAN, cost DOUBLE, currency VARCHAR,
    employed_exit BOOLEAN, employed_3m BOOLEAN, employed_6m BOOLEAN, employed_12m BOOLEAN,
    dataset VARCHAR NOT NULL, vintage VARCHAR NOT NULL, realm VARCHAR NOT NULL
);

-- Periods of a spell not counted as unemployed (SECO): optional; a register without them has none.
CREATE TABLE IF NOT EXISTS core.register_interruptions (
    interruption_id VARCHAR NOT NULL, spell_id VARCHAR NOT NULL, person_id VARCHAR, geo VARCHAR NOT NULL,
    start_date DATE NOT NULL, end_date DATE, reason VARCHAR NOT NULL,
    dataset VARCHAR NOT NULL, vintage VARCHAR NOT NULL, realm VARCHAR NOT NULL
);

-- Data-quality check results, one row per check, dataset and run (indicators/quality.py).
CREATE TABLE IF NOT EXISTS mart.check_results (
    check_name VARCHAR NOT NULL, dataset VARCHAR NOT NULL, severity VARCHAR NOT NULL,
    passed BOOLEAN NOT NULL, failures BIGINT NOT NULL, description VARCHAR NOT NULL,
    details VARCHAR NOT NULL, checked_at TIMESTAMP NOT NULL
);

-- Warehouses made before realms: register microdata loaded then came from the observatory's own files.
ALTER TABLE core.register_spells ADD COLUMN IF NOT EXISTS realm VARCHAR DEFAULT 'user';
ALTER TABLE core.register_vacancies ADD COLUMN IF NOT EXISTS realm VARCHAR DEFAULT 'user';
ALTER TABLE core.register_programmes ADD COLUMN IF NOT EXISTS realm VARCHAR DEFAULT 'user';
