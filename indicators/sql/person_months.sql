-- Register indicators from person-months (one row per calendar month a spell covers), with the
-- definitions of indicators/sql/register.sql: stocks at month end, flows and long-term
-- unemployment of unemployed spells (long-term: more than 365 days registered at month end), age
-- at month end; by month × canton × sex × age group.
-- This query: one pass over the rows at the finest level (person_months_rollup.sql adds the totals).
-- Month-dependent thresholds come from a small calendar joined in, not per-row date arithmetic.
-- A person-month row exists only for months its spell covers, so "registered this month" is
-- registration_date >= month and "left this month" is deregistration_date < next month.
-- Parameters: $source (Parquet path or glob), $month (NULL = every month).
WITH calendar AS (
    SELECT m::DATE AS month, (m + INTERVAL 1 MONTH)::DATE AS next_month,
           (last_day(m) - INTERVAL 25 YEAR)::DATE AS born_25, (last_day(m) - INTERVAL 50 YEAR)::DATE AS born_50,
           (last_day(m) - INTERVAL 365 DAY)::DATE AS long_term_before
    FROM generate_series(DATE '1970-01-01', DATE '2100-12-01', INTERVAL 1 MONTH) AS g(m)
    WHERE $month IS NULL OR m = $month::DATE
), rows AS (
    SELECT p.month, p.geo, p.sex,
           CASE WHEN p.birth_date > c.born_25 THEN 1 WHEN p.birth_date > c.born_50 THEN 2 ELSE 3 END AS age,
           coalesce(p.deregistration_date < c.next_month, false) AS leaves,
           p.registration_date >= p.month AS enters,
           p.registration_date < c.long_term_before AS long_term,
           p.unemployed, p.exit_reason
    FROM read_parquet($source) AS p JOIN calendar AS c ON p.month = c.month
)
SELECT month, geo, sex, age,
       count(*) - count_if(leaves) AS jobseekers,
       count_if(unemployed) - count_if(unemployed AND leaves) AS registered_unemployed,
       count_if(unemployed AND long_term) - count_if(unemployed AND long_term AND leaves) AS long_term_unemployed,
       count_if(unemployed AND enters) AS inflows,
       count_if(unemployed AND leaves) AS outflows,
       count_if(unemployed AND leaves AND exit_reason = 'employment') AS outflows_to_employment
FROM rows GROUP BY month, geo, sex, age
