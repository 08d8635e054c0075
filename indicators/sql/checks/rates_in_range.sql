-- Rates and shares in percent lie between 0 and 100.
SELECT dataset, geo, period, measure, value FROM latest
WHERE unit = 'percent' AND (measure LIKE '%\_rate' ESCAPE '\' OR measure LIKE '%\_share' ESCAPE '\')
  AND NOT value BETWEEN 0 AND 100
ORDER BY ALL
