-- Programme monitoring from the register microdata: participants, coverage, completion,
-- employment of exiters, costs, representation. Output: temp table prog_values (long rows).
-- Only the latest vintage of each register dataset is used.
CREATE OR REPLACE TEMP MACRO age_years(born, on_day) AS
    date_diff('year', born, on_day) - (strftime(on_day, '%m%d') < strftime(born, '%m%d'))::INT;
CREATE OR REPLACE TEMP MACRO age_group(born, on_day) AS CASE
    WHEN born IS NULL THEN NULL WHEN age_years(born, on_day) < 25 THEN 'Y15-24'
    WHEN age_years(born, on_day) < 50 THEN 'Y25-49' ELSE 'Y_GE50' END;
-- Breakdown sets: totals, and for a country by sex, by age group, by citizenship (not crossed,
-- and not below country level: regional cells of a register extract are too small to read).
CREATE OR REPLACE TEMP MACRO dim_sets(geo, sex, age, cit) AS list_filter([
    {'sex': '_T', 'age': '_T', 'cit': '_T'}, {'sex': sex, 'age': '_T', 'cit': '_T'},
    {'sex': '_T', 'age': age, 'cit': '_T'}, {'sex': '_T', 'age': '_T', 'cit': cit}],
    lambda d: d.sex IS NOT NULL AND d.age IS NOT NULL AND d.cit IS NOT NULL
              AND (geo NOT LIKE '%-%' OR (d.sex, d.age, d.cit) = ('_T', '_T', '_T')));

-- Realms never mix: the dataset becomes the realm's aggregate dataset, and every grouping keeps it.
CREATE OR REPLACE TEMP MACRO prog_dataset(realm) AS
    CASE WHEN realm = 'synthetic' THEN 'synthetic_register_programmes' ELSE 'register_programmes' END;

CREATE OR REPLACE TEMP TABLE prog_spells AS
SELECT * REPLACE (prog_dataset(realm) AS dataset), dataset AS origin FROM core.register_spells
QUALIFY vintage = max(vintage) OVER (PARTITION BY dataset, geo);

-- What each register extract covers: up to the last registration, de-registration or programme end it records
-- (an end date is only recorded once it happened). Programme starts after it are planned, not observed:
-- no month or year past the extract counts them.
CREATE OR REPLACE TEMP TABLE prog_extract_end AS
SELECT origin, any_value(dataset) AS dataset, max(day) AS last_day FROM (
    SELECT origin, dataset, greatest(registration_date, deregistration_date) AS day FROM prog_spells
    UNION ALL
    SELECT dataset, prog_dataset(realm), end_date FROM core.register_programmes
    QUALIFY vintage = max(vintage) OVER (PARTITION BY dataset, geo))
GROUP BY origin;

CREATE OR REPLACE TEMP TABLE prog_parts AS
SELECT p.* REPLACE (prog_dataset(p.realm) AS dataset), s.sex, s.citizenship, s.birth_date,
       split_part(p.geo, '-', 1) AS country, e.last_day
FROM (SELECT * FROM core.register_programmes QUALIFY vintage = max(vintage) OVER (PARTITION BY dataset, geo)) p
JOIN prog_extract_end e ON e.origin = p.dataset
LEFT JOIN prog_spells s ON s.spell_id = p.spell_id AND s.origin = p.dataset
WHERE p.start_date <= e.last_day;

-- Months covered: from the first programme start to the end of the latest extract.
CREATE OR REPLACE TEMP TABLE prog_months AS
SELECT CAST(m AS DATE) AS month_start, CAST(m + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE) AS month_end
FROM (SELECT min(start_date) AS lo, max(last_day) AS hi FROM prog_parts) r,
     generate_series(date_trunc('month', r.lo), date_trunc('month', r.hi), INTERVAL 1 MONTH) t(m);

-- One row per participation, month and breakdown cell it counts in.
CREATE OR REPLACE TEMP TABLE prog_cells AS
SELECT strftime(m.month_start, '%Y-%m') AS period, g.geo, pr.programme, d.sex, d.age, d.cit,
       p.dataset, p.currency,
       p.start_date <= m.month_end AND (p.end_date IS NULL OR p.end_date > m.month_end) AS in_stock,
       date_trunc('month', p.start_date) = m.month_start AS entered,
       p.end_date IS NOT NULL AND date_trunc('month', p.end_date) = m.month_start AS exited,
       p.completed, p.employed_3m, p.employed_6m, p.employed_12m, p.cost
FROM prog_parts p
JOIN prog_months m ON p.start_date <= m.month_end AND (p.end_date IS NULL OR p.end_date >= m.month_start)
     AND m.month_start <= p.last_day
CROSS JOIN unnest(list_distinct([p.geo, p.country])) g(geo)
-- programme labels: its code, its LMP category, LMP_2-7 (the "measures", Eurostat's activation scope), total
CROSS JOIN unnest(list_filter([p.programme, 'LMP_' || p.lmp_category,
                               CASE WHEN p.lmp_category BETWEEN 2 AND 7 THEN 'LMP_2-7' END, '_T'],
                              lambda x: x IS NOT NULL)) pr(programme)
CROSS JOIN unnest(dim_sets(g.geo, p.sex, age_group(p.birth_date, least(m.month_end, coalesce(p.end_date, m.month_end))), p.citizenship)) x(d);

-- Registered job seekers at the end of each month, same cells (programme total only): counted once per place,
-- sex, age group and citizenship, then summed into the country and breakdown cells (a person-month row each is
-- millions of rows for a register of real size).
CREATE OR REPLACE TEMP TABLE prog_seekers AS
WITH base AS (
    SELECT strftime(m.month_start, '%Y-%m') AS period, s.dataset, s.geo, s.sex,
           age_group(s.birth_date, m.month_end) AS age, s.citizenship, count(*) AS n
    FROM prog_spells s
    JOIN prog_extract_end e ON e.origin = s.origin
    JOIN prog_months m ON s.registration_date <= m.month_end AND m.month_start <= e.last_day
         AND (s.deregistration_date IS NULL OR s.deregistration_date > m.month_end)
    GROUP BY ALL
)
SELECT period, dataset, g.geo, d.sex, d.age, d.cit, sum(n)::BIGINT AS seekers
FROM base
CROSS JOIN unnest(list_distinct([base.geo, split_part(base.geo, '-', 1)])) g(geo)
CROSS JOIN unnest(dim_sets(g.geo, base.sex, base.age, base.citizenship)) x(d)
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE prog_monthly AS
SELECT period, geo, programme, sex, age, cit, dataset, any_value(currency) AS currency,
       count(*) FILTER (in_stock) AS participants, count(*) FILTER (entered) AS entrants,
       count(*) FILTER (exited) AS exits
FROM prog_cells GROUP BY ALL;

-- Exit cohorts: outcomes of those who left in the month (or year) where the outcome is known.
CREATE OR REPLACE TEMP TABLE prog_cohorts AS
SELECT CASE WHEN GROUPING(period) = 0 THEN period ELSE left(period, 4) END AS period,
       geo, programme, sex, age, cit, dataset,
       count(completed) AS known_completed, count(*) FILTER (completed) AS n_completed,
       count(employed_3m) AS known_3m, count(*) FILTER (employed_3m) AS n_3m,
       count(employed_6m) AS known_6m, count(*) FILTER (employed_6m) AS n_6m,
       count(employed_12m) AS known_12m, count(*) FILTER (employed_12m) AS n_12m
FROM prog_cells WHERE exited
GROUP BY GROUPING SETS ((period, geo, programme, sex, age, cit, dataset), (left(period, 4), geo, programme, sex, age, cit, dataset));

-- Costs by year: of participations that started (per participant) and ended (per placement).
CREATE OR REPLACE TEMP TABLE prog_costs AS
SELECT left(period, 4) AS period, geo, programme, dataset, any_value(currency) AS currency,
       sum(cost ORDER BY cost) FILTER (entered) AS cost_entered, count(cost) FILTER (entered) AS costed_entrants,
       sum(cost ORDER BY cost) FILTER (exited) AS cost_exited, count(*) FILTER (exited AND employed_3m) AS placements
FROM prog_cells WHERE sex = '_T' AND age = '_T' AND cit = '_T'
GROUP BY ALL;

-- Each value with the person counts it rests on (numerator, denominator), for disclosure control
-- (indicators/programme_disclosure.py sets conf_status and withholds small cells).
CREATE OR REPLACE TEMP TABLE prog_values AS
SELECT m.period, m.geo, m.programme, m.sex, m.age, m.cit, m.dataset, v.measure, v.value, v.unit,
       v.numerator, v.denominator, 'F' AS conf_status
FROM prog_monthly m
LEFT JOIN prog_seekers s USING (period, dataset, geo, sex, age, cit)
LEFT JOIN prog_seekers t ON t.period = m.period AND t.dataset = m.dataset AND t.geo = m.geo
     AND t.sex = '_T' AND t.age = '_T' AND t.cit = '_T'
LEFT JOIN prog_monthly a ON a.period = m.period AND a.dataset = m.dataset AND a.geo = m.geo AND a.programme = m.programme
     AND a.sex = '_T' AND a.age = '_T' AND a.cit = '_T'
CROSS JOIN LATERAL (VALUES
    ('programme_participants', m.participants::DOUBLE, 'persons', m.participants::DOUBLE, NULL::DOUBLE),
    ('programme_entrants', m.entrants, 'persons', m.entrants, NULL),
    ('programme_exits', m.exits, 'persons', m.exits, NULL),
    ('programme_coverage', 100.0 * m.participants / nullif(s.seekers, 0), 'percent', m.participants, s.seekers),
    ('programme_representation', (m.participants::DOUBLE / nullif(s.seekers, 0))
        / nullif(a.participants::DOUBLE / nullif(t.seekers, 0), 0), 'ratio', m.participants, s.seekers)
) v(measure, value, unit, numerator, denominator)
WHERE v.measure <> 'programme_representation' OR (m.sex, m.age, m.cit) <> ('_T', '_T', '_T')
UNION ALL
SELECT period, geo, programme, sex, age, cit, dataset, v.measure, 100.0 * v.numerator / v.denominator, 'percent',
       v.numerator, v.denominator, 'F'
FROM prog_cohorts CROSS JOIN LATERAL (VALUES
    ('programme_completion_rate', n_completed, known_completed),
    ('programme_employment_3m', n_3m, known_3m),
    ('programme_employment_6m', n_6m, known_6m),
    ('programme_employment_12m', n_12m, known_12m)) v(measure, numerator, denominator)
WHERE v.denominator > 0
UNION ALL
SELECT period, geo, programme, '_T', '_T', '_T', dataset, v.measure, v.cost / v.denominator, currency,
       NULL, v.denominator, 'F'
FROM prog_costs CROSS JOIN LATERAL (VALUES
    ('programme_cost_per_participant', cost_entered, costed_entrants),
    ('programme_cost_per_placement', cost_exited, placements)) v(measure, cost, denominator)
WHERE v.denominator > 0 AND v.cost IS NOT NULL;
