-- The indicator engine: levels from core, annual aggregates, changes and shares into mart.
-- {dims} is the list of breakdown dimensions; $as_of picks the vintage in force on a date.
CREATE OR REPLACE TEMP TABLE obs_current AS
SELECT * FROM core.observations
WHERE vintage <= $as_of
QUALIFY row_number() OVER (PARTITION BY dataset, geo, period, {dims}, measure, adjustment ORDER BY vintage DESC) = 1;

CREATE OR REPLACE TEMP TABLE lvl_native AS
SELECT s.indicator, o.geo, o.period, {o_dims}, o.value, o.unit, o.obs_status, o.conf_status,
       o.concept, o.adjustment, o.source, o.vintage
FROM obs_current o JOIN ind_sources s ON o.dataset = s.dataset AND o.measure = s.measure
QUALIFY row_number() OVER (PARTITION BY s.indicator, o.geo, o.period, {o_dims}, o.adjustment ORDER BY s.priority) = 1;

CREATE OR REPLACE TEMP TABLE lvl_all AS
SELECT * FROM lvl_native
UNION ALL BY NAME
SELECT l.indicator, l.geo, left(l.period, 4) AS period, {l_dims},
       CASE WHEN any_value(i.annual) = 'sum' THEN sum(l.value) ELSE avg(l.value) END AS value,
       any_value(l.unit) AS unit,
       CASE WHEN count(*) < 12 THEN 'P' ELSE arg_max(l.obs_status, status_rank(l.obs_status)) END AS obs_status,
       arg_max(l.conf_status, conf_rank(l.conf_status)) AS conf_status,
       any_value(l.concept) AS concept, l.adjustment, any_value(l.source) AS source, max(l.vintage) AS vintage
FROM lvl_native l JOIN ind_meta i ON l.indicator = i.indicator
WHERE is_monthly(l.period) AND i.annual IN ('mean', 'sum')
  AND NOT EXISTS (SELECT 1 FROM lvl_native n WHERE n.indicator = l.indicator AND n.geo = l.geo
                  AND n.period = left(l.period, 4) AND n.adjustment = l.adjustment)
GROUP BY l.indicator, l.geo, left(l.period, 4), {l_dims}, l.adjustment;

CREATE OR REPLACE TEMP TABLE mart_new AS
SELECT indicator, geo, period, {dims}, 'level' AS measure, value, unit, obs_status, conf_status,
       concept, adjustment, source, vintage
FROM lvl_all
UNION ALL
SELECT c.indicator, c.geo, c.period, {c_dims}, ch.measure, ch.value,
       CASE WHEN ch.measure LIKE '%_pct' THEN 'percent' WHEN i.kind = 'rate' THEN 'percentage points' ELSE c.unit END,
       CASE WHEN status_rank(p.obs_status) > status_rank(c.obs_status) THEN p.obs_status ELSE c.obs_status END,
       CASE WHEN conf_rank(p.conf_status) > conf_rank(c.conf_status) THEN p.conf_status ELSE c.conf_status END,
       c.concept, c.adjustment, c.source, greatest(c.vintage, p.vintage)
FROM lvl_all c
JOIN ind_meta i ON c.indicator = i.indicator
CROSS JOIN (VALUES ('prev'), ('year')) rel(span)
JOIN lvl_all p ON p.indicator = c.indicator AND p.geo = c.geo AND p.adjustment = c.adjustment AND {same_dims}
     AND p.period = CASE rel.span WHEN 'prev' THEN prev_period(c.period) ELSE year_ago(c.period) END
CROSS JOIN LATERAL (
    SELECT 'change_' || rel.span || (CASE WHEN i.kind = 'rate' THEN '_pp' ELSE '_abs' END) AS measure,
           c.value - p.value AS value
    UNION ALL
    SELECT 'change_' || rel.span || '_pct', CASE WHEN p.value <> 0 THEN 100 * (c.value / p.value - 1) END
) ch
UNION ALL
SELECT c.indicator, c.geo, c.period, {c_dims}, 'share_national', 100 * c.value / n.value, 'percent',
       CASE WHEN status_rank(n.obs_status) > status_rank(c.obs_status) THEN n.obs_status ELSE c.obs_status END,
       CASE WHEN conf_rank(n.conf_status) > conf_rank(c.conf_status) THEN n.conf_status ELSE c.conf_status END,
       c.concept, c.adjustment, c.source, greatest(c.vintage, n.vintage)
FROM lvl_all c
JOIN ind_meta i ON c.indicator = i.indicator AND i.share_of_national
JOIN lvl_all n ON n.indicator = c.indicator AND n.geo = split_part(c.geo, '-', 1) AND n.period = c.period
     AND n.adjustment = c.adjustment AND {same_dims_n}
WHERE c.geo LIKE '%-%' AND n.value <> 0;
