-- Register microdata (core.register_spells / register_vacancies) → counts per geo × month × breakdown.
-- Stocks are taken at month end; flows are spells starting or ending in the month. Only unemployed
-- spells count in flows and durations; job seekers are every running spell.
CREATE OR REPLACE TEMP MACRO age_class(a) AS
    CASE WHEN a < 25 THEN 'Y15-24' WHEN a < 50 THEN 'Y25-49' ELSE 'Y_GE50' END;
CREATE OR REPLACE TEMP MACRO out_dataset(d) AS
    CASE WHEN d LIKE 'synthetic%' THEN 'synthetic_register' ELSE 'register' END;

CREATE OR REPLACE TEMP TABLE reg_spells AS
SELECT * REPLACE (out_dataset(dataset) AS dataset), dataset AS origin FROM core.register_spells
QUALIFY vintage = max(vintage) OVER (PARTITION BY dataset);

CREATE OR REPLACE TEMP TABLE reg_vacancies AS
SELECT * REPLACE (out_dataset(dataset) AS dataset), dataset AS origin FROM core.register_vacancies
QUALIFY vintage = max(vintage) OVER (PARTITION BY dataset);

-- Complete months of each dataset: from the first registration to the last date seen.
CREATE OR REPLACE TEMP TABLE reg_months AS
SELECT dataset, strftime(m, '%Y-%m') AS period, last_day(m) AS d, last_day(m) + INTERVAL 365 DAY <= hi AS mature
FROM (SELECT dataset, min(registration_date) AS lo,
             max(greatest(registration_date, coalesce(deregistration_date, registration_date))) AS hi
      FROM reg_spells GROUP BY dataset) b,
     LATERAL (SELECT unnest(generate_series(date_trunc('month', lo), date_trunc('month', hi), INTERVAL 1 MONTH)) AS m)
WHERE last_day(m) <= hi;

-- Each spell once under its region and once under its country (when the region is below it).
CREATE OR REPLACE TEMP TABLE reg_geo AS
SELECT *, geo AS g FROM reg_spells
UNION ALL BY NAME
SELECT *, split_part(geo, '-', 1) AS g FROM reg_spells WHERE geo LIKE '%-%';

CREATE OR REPLACE TEMP TABLE reg_stock AS
SELECT s.dataset, s.g AS geo, m.period, s.sex, age_class(date_part('year', age(m.d, s.birth_date))) AS age,
       s.unemployed, date_diff('day', s.registration_date, m.d) AS elapsed
FROM reg_geo s JOIN reg_months m ON m.dataset = s.dataset AND s.registration_date <= m.d
     AND (s.deregistration_date IS NULL OR s.deregistration_date > m.d);

CREATE OR REPLACE TEMP TABLE reg_flows AS
SELECT s.dataset, s.g AS geo, m.period, s.sex, age_class(date_part('year', age(m.d, s.birth_date))) AS age,
       f.kind, s.exit_reason, date_diff('day', s.registration_date, s.deregistration_date) AS completed,
       m.mature, EXISTS (SELECT 1 FROM reg_spells r WHERE r.dataset = s.dataset AND r.person_id = s.person_id
                         AND r.registration_date > s.deregistration_date
                         AND r.registration_date <= s.deregistration_date + INTERVAL 365 DAY) AS reregistered
FROM reg_geo s
CROSS JOIN (VALUES ('in'), ('out')) f(kind)
JOIN reg_months m ON m.dataset = s.dataset
     AND m.period = strftime(CASE f.kind WHEN 'in' THEN s.registration_date ELSE s.deregistration_date END, '%Y-%m')
WHERE s.unemployed;

CREATE OR REPLACE TEMP TABLE reg_counts AS
SELECT dataset, geo, period, coalesce(sex, '_T') AS sex, coalesce(age, '_T') AS age,
       count(*) FILTER (WHERE unemployed) AS registered_unemployed,
       count(*) AS jobseekers,
       count(*) FILTER (WHERE unemployed AND elapsed > 365) AS long_term_unemployed,
       sum(elapsed) FILTER (WHERE unemployed) AS duration_elapsed_days
FROM reg_stock GROUP BY GROUPING SETS ((dataset, geo, period, sex), (dataset, geo, period, age), (dataset, geo, period));

CREATE OR REPLACE TEMP TABLE reg_flow_counts AS
SELECT dataset, geo, period, coalesce(sex, '_T') AS sex, coalesce(age, '_T') AS age,
       count(*) FILTER (WHERE kind = 'in') AS inflows,
       count(*) FILTER (WHERE kind = 'out') AS outflows,
       count(*) FILTER (WHERE kind = 'out' AND exit_reason = 'employment') AS outflows_to_employment,
       count(*) FILTER (WHERE kind = 'out' AND exit_reason = 'exhaustion') AS benefit_exhaustions,
       sum(completed) FILTER (WHERE kind = 'out') AS duration_completed_days,
       count(*) FILTER (WHERE kind = 'out' AND mature) AS leavers_mature,
       CASE WHEN bool_or(mature) THEN count(*) FILTER (WHERE kind = 'out' AND mature AND reregistered) END
           AS reregistrations_12m
FROM reg_flows GROUP BY GROUPING SETS ((dataset, geo, period, sex), (dataset, geo, period, age), (dataset, geo, period));

CREATE OR REPLACE TEMP TABLE reg_vacancy_counts AS
SELECT v.dataset, g.geo, m.period, '_T' AS sex, '_T' AS age,
       sum(v.positions) FILTER (WHERE strftime(v.notified_date, '%Y-%m') = m.period AND v.subject_to_obligation)
           AS vacancies_notified_subject,
       sum(v.positions) FILTER (WHERE strftime(v.notified_date, '%Y-%m') = m.period AND NOT v.subject_to_obligation)
           AS vacancies_notified_not_subject,
       sum(v.positions) FILTER (WHERE v.notified_date <= m.d AND (v.closed_date IS NULL OR v.closed_date > m.d))
           AS vacancies_open
FROM reg_vacancies v
CROSS JOIN LATERAL (SELECT v.geo AS geo UNION SELECT split_part(v.geo, '-', 1)) g
JOIN reg_months m ON m.dataset = v.dataset AND v.notified_date <= m.d
GROUP BY v.dataset, g.geo, m.period;

-- National registered unemployed per occupation and month (for the notification obligation).
CREATE OR REPLACE TEMP TABLE reg_occupation AS
SELECT s.dataset, split_part(s.geo, '-', 1) AS country, s.occupation, m.period, count(*) AS unemployed
FROM reg_spells s JOIN reg_months m ON m.dataset = s.dataset AND s.registration_date <= m.d
     AND (s.deregistration_date IS NULL OR s.deregistration_date > m.d)
WHERE s.unemployed AND s.occupation IS NOT NULL
GROUP BY ALL;
