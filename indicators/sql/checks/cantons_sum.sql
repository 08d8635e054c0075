-- Counts of the 26 cantons add up to the national figure, month by month. A group with a canton
-- withheld by disclosure control (conf_status not F, or no value) cannot be added up, and is left out;
-- cantons missing from sparse register aggregates count as zero, so only the sums are compared.
WITH c AS (
    SELECT dataset, measure, period, {dims}, adjustment,
           sum(value) AS cantons, count(*) AS n_cantons,
           count(*) FILTER (WHERE conf_status <> 'F' OR value IS NULL) AS withheld
    FROM latest WHERE geo LIKE 'CH-%' AND unit = 'persons' GROUP BY ALL)
SELECT n.dataset, n.measure, n.period, n.value AS national, c.cantons, c.n_cantons
FROM latest n JOIN c USING (dataset, measure, period, {dims}, adjustment)
WHERE n.geo = 'CH' AND n.unit = 'persons' AND c.n_cantons >= 20 AND c.withheld = 0 AND n.conf_status = 'F'
  AND abs(c.cantons - n.value) > 0.5
ORDER BY ALL
