-- One value per key and vintage.
SELECT dataset, geo, period, measure, vintage, count(*) AS copies FROM core.observations
GROUP BY {key}
HAVING count(*) > 1
ORDER BY ALL
