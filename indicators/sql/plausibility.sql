-- Plausibility of every published value (severity error: a failure holds the publication back).
-- Returns the offending values with the rule they break; {dims} the breakdowns, {totals} their totals.
WITH v AS (
    SELECT m.*, i.kind, i.low, i.high, is_demo(m.realm) AS demo
    FROM mart.indicator_values m JOIN plaus_meta i USING (indicator)
    WHERE m.value IS NOT NULL),
whole AS (SELECT * FROM v WHERE measure = 'level' AND [{dims}] = [{totals}])
SELECT indicator, geo, period, measure, realm, value, 'within ' || low || '–' || high AS rule
FROM v WHERE measure IN ('level', 'ma12') AND (value < low OR value > high)
UNION ALL
SELECT indicator, geo, period, measure, realm, value, 'share within 0–100'
FROM v WHERE measure = 'share_national' AND (value < 0 OR value > 100.000001)
UNION ALL
SELECT p.indicator, p.geo, p.period, p.measure, p.realm, p.value, 'part not above its whole (' || w.value || ')'
FROM v p JOIN whole w ON w.indicator = p.indicator AND w.geo = p.geo AND w.period = p.period
     AND w.adjustment = p.adjustment AND w.demo = p.demo
WHERE p.kind = 'count' AND p.measure = 'level' AND [{p_dims}] <> [{totals}] AND p.value > w.value + 0.000001
UNION ALL
SELECT p.indicator, p.geo, p.period, p.measure, p.realm, p.value, 'place not above its country (' || w.value || ')'
FROM v p JOIN whole w ON w.indicator = p.indicator AND w.geo = split_part(p.geo, '-', 1) AND w.period = p.period
     AND w.adjustment = p.adjustment AND w.demo = p.demo
WHERE p.kind = 'count' AND p.measure = 'level' AND p.geo LIKE '%-%' AND [{p_dims}] = [{totals}]
  AND p.value > w.value + 0.000001
ORDER BY ALL
