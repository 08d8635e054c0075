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
    rows BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS core.observations (
    dataset VARCHAR NOT NULL, geo VARCHAR NOT NULL, period VARCHAR NOT NULL,
    sex VARCHAR NOT NULL, age VARCHAR NOT NULL, citizenship VARCHAR NOT NULL,
    activity VARCHAR NOT NULL, occupation VARCHAR NOT NULL, programme VARCHAR NOT NULL,
    measure VARCHAR NOT NULL, value DOUBLE, unit VARCHAR NOT NULL,
    obs_status VARCHAR NOT NULL, conf_status VARCHAR NOT NULL, concept VARCHAR NOT NULL,
    adjustment VARCHAR NOT NULL, source VARCHAR NOT NULL, vintage VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS mart.indicator_values (
    indicator VARCHAR NOT NULL, geo VARCHAR NOT NULL, period VARCHAR NOT NULL,
    sex VARCHAR NOT NULL, age VARCHAR NOT NULL, citizenship VARCHAR NOT NULL,
    activity VARCHAR NOT NULL, occupation VARCHAR NOT NULL, programme VARCHAR NOT NULL,
    measure VARCHAR NOT NULL, value DOUBLE, unit VARCHAR NOT NULL,
    obs_status VARCHAR NOT NULL, conf_status VARCHAR NOT NULL, concept VARCHAR NOT NULL,
    adjustment VARCHAR NOT NULL, source VARCHAR NOT NULL, vintage VARCHAR NOT NULL
);

-- Data-quality check results, one row per check, dataset and run (indicators/quality.py).
CREATE TABLE IF NOT EXISTS mart.check_results (
    check_name VARCHAR NOT NULL, dataset VARCHAR NOT NULL, severity VARCHAR NOT NULL,
    passed BOOLEAN NOT NULL, failures BIGINT NOT NULL, description VARCHAR NOT NULL,
    details VARCHAR NOT NULL, checked_at TIMESTAMP NOT NULL
);
