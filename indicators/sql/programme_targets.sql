-- Target attainment: the value reached in the target's period (annual: pooled value where the
-- indicator has one, else the mean of the months), measured against baseline and target.
CREATE OR REPLACE TEMP TABLE prog_attainment AS
WITH totals AS (
    SELECT * FROM prog_values WHERE sex = '_T' AND age = '_T' AND cit = '_T'
), actual AS (
    SELECT t.indicator, t.programme, t.geo, t.period, t.baseline, t.target,
           coalesce(any_value(v.value) FILTER (v.period = t.period), avg(v.value)) AS actual
    FROM prog_targets t
    LEFT JOIN totals v ON v.measure = t.indicator AND v.programme = t.programme AND v.geo = t.geo
         AND left(v.period, length(t.period)) = t.period
    GROUP BY ALL
)
SELECT *, 100 * (actual - baseline) / nullif(target - baseline, 0) AS attainment FROM actual;
