-- Counts of the 26 cantons add up to the national figure, month by month.
WITH c AS (
    SELECT dataset, measure, period, sex, age, citizenship, activity, occupation, programme, adjustment,
           sum(value) AS cantons, count(*) AS n_cantons
    FROM latest WHERE geo LIKE 'CH-%' AND unit = 'persons' GROUP BY ALL)
SELECT n.dataset, n.measure, n.period, n.value AS national, c.cantons, c.n_cantons
FROM latest n JOIN c USING (dataset, measure, period, sex, age, citizenship, activity, occupation, programme, adjustment)
WHERE n.geo = 'CH' AND n.unit = 'persons' AND c.n_cantons >= 20
  AND (c.n_cantons <> 26 OR abs(c.cantons - n.value) > 0.5)
ORDER BY ALL
