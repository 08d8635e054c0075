-- Register indicators from person-months (one row per calendar month a spell covers):
-- end-of-month stocks, monthly flows and long-term unemployment by month × canton × sex × age group.
-- This query: one pass over the rows at the finest level (person_months_rollup.sql adds the totals).
-- Month-dependent thresholds come from a small calendar joined in, not per-row date arithmetic.
-- A person-month row exists only for months its spell covers, so "registered this month" is
-- registration_date >= month and "left this month" is deregistration_date < next month.
-- Parameters: $source (Parquet path or glob), $month (NULL = every month).
WITH calendar AS (
    SELECT m::DATE AS month, (m + INTERVAL 1 MONTH)::DATE AS next_month,
           (m - INTERVAL 25 YEAR)::DATE AS born_25, (m - INTERVAL 50 YEAR)::DATE AS born_50,
           (m - INTERVAL 11 MONTH)::DATE AS long_term_before
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
       count_if(enters) AS inflows,
       count_if(leaves) AS outflows,
       count_if(leaves AND exit_reason = 'employment') AS outflows_to_employment
FROM rows GROUP BY month, geo, sex, age
