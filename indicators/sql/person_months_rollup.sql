-- Register indicators: the totals (country, sex _T, age _T) rolled up from the finest level in the
-- table register_fine (person_months.sql), in long form. A separate statement on purpose: folded
-- into one query, DuckDB 2.0 pushes the grouping sets down to the raw rows and scans them 8 times.
-- Parameter: $country (geo code of the national totals).
WITH rolled AS (
    SELECT strftime(month, '%Y-%m') AS period, coalesce(geo, $country) AS geo, coalesce(sex, '_T') AS sex,
           coalesce(['Y15-24', 'Y25-49', 'Y_GE50'][age], '_T') AS age,
           sum(jobseekers)::DOUBLE AS jobseekers,
           sum(registered_unemployed)::DOUBLE AS registered_unemployed,
           sum(long_term_unemployed)::DOUBLE AS long_term_unemployed,
           100 * sum(long_term_unemployed) / nullif(sum(registered_unemployed), 0) AS long_term_unemployment_share,
           sum(inflows)::DOUBLE AS inflows, sum(outflows)::DOUBLE AS outflows,
           sum(outflows_to_employment)::DOUBLE AS outflows_to_employment
    FROM register_fine GROUP BY month, CUBE (geo, sex, age)
)
UNPIVOT rolled ON jobseekers, registered_unemployed, long_term_unemployed, long_term_unemployment_share,
                  inflows, outflows, outflows_to_employment
INTO NAME measure VALUE value
