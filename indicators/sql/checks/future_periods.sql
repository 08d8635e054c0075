-- No period starts after the day of the check, except forecasts (obs_status F) and the measures
-- published ahead for a coming period (checks.yaml: announced_ahead, e.g. next year's obligation list).
SELECT dataset, geo, period, measure, value FROM latest
WHERE period_start(period, frequency) > CAST($today AS DATE) AND obs_status <> 'F'
  AND NOT list_contains($announced_ahead, measure)
ORDER BY ALL
