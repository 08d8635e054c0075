-- `lmo synth` spells (register exchange format, Parquet) → person-months: one row per calendar
-- month a spell covers, from its registration month to its deregistration month (or, when still
-- open, the extraction month = the last date in the file), sorted by month. Parameter: $spells.
WITH spells AS (
    SELECT * FROM read_parquet($spells)
), extraction AS (
    SELECT max(greatest(registration_date, coalesce(deregistration_date, registration_date)))::DATE AS last_date
    FROM spells
)
SELECT m::DATE AS month, spell_id, person_id, geo, sex, birth_date::DATE AS birth_date, citizenship, unemployed,
       registration_date::DATE AS registration_date, deregistration_date::DATE AS deregistration_date,
       exit_reason, dataset
FROM spells, extraction,
     unnest(generate_series(date_trunc('month', registration_date),
                            date_trunc('month', coalesce(deregistration_date, last_date)),
                            INTERVAL 1 MONTH)) AS g(m)
ORDER BY month
