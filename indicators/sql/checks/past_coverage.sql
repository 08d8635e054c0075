-- No register figure for a period after the register extract's end: its last registration,
-- de-registration or programme end, per realm and country (as indicators/sql/programmes.sql reads it).
-- Programme starts dated later are plans; measures published ahead (checks.yaml) are exempt.
WITH extract_end AS (
    SELECT CASE WHEN realm = 'synthetic' THEN 'synthetic_' ELSE '' END AS prefix, split_part(geo, '-', 1) AS country,
           max(day) AS last_day
    FROM (SELECT realm, geo, greatest(registration_date, deregistration_date) AS day FROM core.register_spells
          UNION ALL
          SELECT realm, geo, end_date FROM core.register_programmes)
    GROUP BY ALL
)
SELECT l.dataset, l.geo, l.period, l.measure, l.value, e.last_day AS extract_end FROM latest l
JOIN extract_end e ON l.dataset IN (e.prefix || 'register', e.prefix || 'register_programmes')
     AND split_part(l.geo, '-', 1) = e.country
WHERE period_start(l.period, l.frequency) > e.last_day AND NOT list_contains($announced_ahead, l.measure)
ORDER BY ALL
