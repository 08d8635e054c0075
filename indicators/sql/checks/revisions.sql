-- A figure that changed between vintages, or differs between two datasets publishing it, beyond the threshold
-- (rates: $rate_points percentage points; other values: $relative of the value).
WITH pairs AS (
    SELECT a.dataset, a.geo, a.period, a.measure, a.unit, a.vintage AS vintage, b.dataset AS other_dataset,
           b.vintage AS other_vintage, a.value, b.value AS other_value
    FROM core.observations a JOIN core.observations b
      USING (geo, period, {dims}, measure, unit, adjustment, concept, realm)
    WHERE (a.dataset = b.dataset AND a.vintage < b.vintage) OR a.dataset < b.dataset)
SELECT dataset, geo, period, measure, vintage, other_dataset, other_vintage, value, other_value,
       round(other_value - value, 6) AS difference
FROM pairs
WHERE CASE WHEN unit = 'percent' THEN round(abs(other_value - value), 6) > $rate_points
           ELSE abs(other_value - value) > $relative * greatest(abs(value), 1) END
ORDER BY ALL
