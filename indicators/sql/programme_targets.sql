-- Target attainment: the value reached in the target's period (annual: pooled value where the
-- indicator has one, else the mean of the months), measured against baseline and target.
CREATE OR REPLACE TEMP TABLE prog_attainment AS
WITH totals AS (
    SELECT * FROM prog_values WHERE sex = '_T' AND age = '_T' AND cit = '_T'
), actual AS (
    SELECT t.indicator, t.programme, t.geo, t.period, t.baseline, t.target,
           coalesce(any_value(v.value) FILTER (v.period = t.period), avg(v.value ORDER BY v.period)) AS actual,
           any_value(v.dataset) AS dataset
    FROM prog_targets t
    LEFT JOIN totals v ON v.measure = t.indicator AND v.programme = t.programme AND v.geo = t.geo
         AND left(v.period, length(t.period)) = t.period
    GROUP BY ALL
)
SELECT indicator, programme, geo, period, baseline, target, actual,
       100 * (actual - baseline) / nullif(target - baseline, 0) AS attainment, dataset
FROM actual;

-- The catalogue indicator programme_target_attainment: mean over the programme's targets.
INSERT INTO prog_values
SELECT period, geo, programme, '_T', '_T', '_T', any_value(dataset), 'programme_target_attainment',
       avg(attainment ORDER BY indicator), 'percent'
FROM prog_attainment WHERE attainment IS NOT NULL GROUP BY period, geo, programme;
