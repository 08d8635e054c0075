-- No period starts after the day of the check, except forecasts (obs_status F).
SELECT dataset, geo, period, measure, value FROM latest
WHERE period_start(period) > CAST($today AS DATE) AND obs_status <> 'F'
ORDER BY ALL
