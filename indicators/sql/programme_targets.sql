-- Target attainment: the value reached in the target's period (annual: pooled value where the
-- indicator has one, else the mean of the months), measured against baseline and target.
-- A value withheld by disclosure control (conf_status C/D) withholds the attainment too.
CREATE OR REPLACE TEMP TABLE prog_attainment AS
WITH totals AS (
    SELECT * FROM prog_values WHERE sex = '_T' AND age = '_T' AND cit = '_T'
), matched AS (
    SELECT t.*, v.period AS v_period, v.value, v.conf_status, v.dataset,
           bool_or(v.period = t.period) OVER (PARTITION BY t.indicator, t.programme, t.geo, t.period) AS pooled
    FROM prog_targets t
    LEFT JOIN totals v ON v.measure = t.indicator AND v.programme = t.programme AND v.geo = t.geo
         AND left(v.period, length(t.period)) = t.period
), actual AS (
    SELECT indicator, programme, geo, period, baseline, target,
           CASE WHEN bool_or(conf_status <> 'F') THEN NULL ELSE avg(value ORDER BY v_period) END AS actual,
           coalesce(arg_max(conf_status, CASE conf_status WHEN 'C' THEN 2 WHEN 'D' THEN 1 ELSE 0 END), 'F') AS conf_status,
           any_value(dataset) AS dataset
    FROM matched WHERE NOT coalesce(pooled, false) OR v_period = period
    GROUP BY indicator, programme, geo, period, baseline, target
)
SELECT indicator, programme, geo, period, baseline, target, actual,
       100 * (actual - baseline) / nullif(target - baseline, 0) AS attainment, conf_status, dataset
FROM actual;

-- The catalogue indicator programme_target_attainment: mean over the programme's targets.
INSERT INTO prog_values
SELECT period, geo, programme, '_T', '_T', '_T', any_value(dataset), 'programme_target_attainment',
       CASE WHEN bool_or(conf_status <> 'F') THEN NULL ELSE avg(attainment ORDER BY indicator) END, 'percent_of_target',
       NULL, NULL, coalesce(arg_max(conf_status, CASE conf_status WHEN 'C' THEN 2 WHEN 'D' THEN 1 ELSE 0 END), 'F')
FROM prog_attainment WHERE attainment IS NOT NULL OR conf_status <> 'F' GROUP BY period, geo, programme;
