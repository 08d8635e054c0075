-- Head counts are not negative, and monthly head counts are whole numbers.
SELECT dataset, geo, period, measure, value FROM latest
WHERE unit = 'persons' AND measure NOT LIKE '%change%'
  AND (value < 0 OR (frequency = 'M' AND value <> round(value)))
ORDER BY ALL
