-- One value per key and vintage.
SELECT dataset, geo, period, measure, vintage, count(*) AS copies FROM core.observations
GROUP BY dataset, geo, period, sex, age, citizenship, activity, occupation, programme, measure, adjustment, vintage
HAVING count(*) > 1
ORDER BY ALL
