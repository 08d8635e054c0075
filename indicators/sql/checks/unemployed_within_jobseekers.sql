-- Registered unemployed are a subset of registered job seekers.
SELECT u.dataset, u.geo, u.period, u.value AS unemployed, j.value AS jobseekers
FROM latest u JOIN latest j USING (dataset, geo, period, {dims}, adjustment)
WHERE u.measure = 'registered_unemployed' AND j.measure = 'jobseekers' AND u.value > j.value
ORDER BY ALL
