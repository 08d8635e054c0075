-- A value far from its neighbours (median of the three before and three after) on the scale of the series' own typical
-- deviation (1.4826 x median absolute deviation): a Hampel filter, as a warning.
WITH s AS (
    SELECT *, median(value) OVER w AS local_median, count(*) OVER (PARTITION BY {series}, frequency) AS points
    FROM latest
    WINDOW w AS (PARTITION BY {series}, frequency ORDER BY period ROWS BETWEEN 3 PRECEDING AND 3 FOLLOWING EXCLUDE CURRENT ROW)),
r AS (
    SELECT *, value - local_median AS residual,
           1.4826 * median(abs(value - local_median)) OVER (PARTITION BY {series}, frequency) AS scale
    FROM s WHERE points >= 8)
SELECT dataset, geo, period, measure, sex, age, value, round(local_median, 6) AS neighbours_median,
       round(residual / scale, 2) AS robust_z
FROM r WHERE scale > 0 AND abs(residual) > $z * scale AND abs(residual) > $min_change * greatest(abs(local_median), 1)
ORDER BY ALL
