-- Synthetic register spells expanded to person-months (one row per calendar month a spell covers).
-- Parameters: $spells (number of spells), $first (first month), $months (window length),
-- $persons (distinct persons). Canton weights come from the table `canton_weights(geo, lo, hi)`.
WITH draws AS (
    SELECT i AS spell_id,
           (hash(i, 'person') % $persons)::BIGINT AS person_id,
           (hash(i, 'geo') % 1000000) / 1e6 AS u_geo,
           (hash(i, 'sex') % 1000) / 1e3 AS u_sex,
           (hash(i, 'age') % 1000) / 1e3 AS u_age,
           (hash(i, 'cit') % 1000) / 1e3 AS u_cit,
           (hash(i, 'une') % 1000) / 1e3 AS u_une,
           (hash(i, 'exit') % 1000) / 1e3 AS u_exit,
           (hash(i, 'dur') % 1000000) / 1e6 AS u_dur,
           -- registrations spread over the window and the two years before it
           i * ($months + 24) // $spells - 24 AS start_offset,
           hash(i, 'day') % 28 AS start_day
    FROM range($spells) AS t(i)
), spells AS (
    SELECT d.spell_id, d.person_id, w.geo,
           CASE WHEN d.u_sex < 0.55 THEN 'M' ELSE 'F' END AS sex,
           CASE WHEN d.u_cit < 0.45 THEN 'FOR' ELSE 'NAT' END AS citizenship,
           d.u_une < 0.68 AS unemployed,
           ($first::DATE + to_months(d.start_offset::INTEGER) + to_days(d.start_day::INTEGER))::DATE AS registration_date,
           -- durations roughly exponential, mean about eight months
           least(ceil(-ln(1 - d.u_dur) * 240), 2000)::INTEGER AS duration_days,
           (16 + d.u_age * 48) AS age_at_registration,
           d.u_exit
    FROM draws AS d JOIN canton_weights AS w ON d.u_geo >= w.lo AND d.u_geo < w.hi
), dated AS (
    SELECT *, (registration_date + to_days(duration_days))::DATE AS end_date,
           (registration_date - to_days((age_at_registration * 365.25)::INTEGER))::DATE AS birth_date
    FROM spells
), horizon AS (
    SELECT *, CASE WHEN end_date < $first::DATE + to_months($months) THEN end_date END AS deregistration_date
    FROM dated
)
SELECT month::DATE AS month, spell_id, person_id, geo, sex, birth_date, citizenship, unemployed,
       registration_date, deregistration_date,
       CASE WHEN deregistration_date IS NULL THEN NULL
            WHEN u_exit < 0.55 THEN 'employment' WHEN u_exit < 0.63 THEN 'exhaustion' ELSE 'other' END AS exit_reason
FROM horizon,
     unnest(generate_series(greatest(date_trunc('month', registration_date), $first::DATE),
                            least(date_trunc('month', coalesce(deregistration_date, end_date)),
                                  $first::DATE + to_months($months - 1)),
                            INTERVAL 1 MONTH)) AS m(month)
