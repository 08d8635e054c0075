-- Published measures of every indicator: level, changes, share of the national total, and the
-- transforms stored because they are cheap and asked for often (ma12, deviation_national, rank).
-- Every computed measure is realm 'derived' (or 'synthetic' in the demo world) and joins only its own world.
CREATE OR REPLACE TEMP TABLE lvl_pub AS
SELECT l.* FROM lvl_all l JOIN ind_meta i ON l.indicator = i.indicator;

CREATE OR REPLACE TEMP MACRO computed_realm(demo) AS CASE WHEN demo THEN 'synthetic' ELSE 'derived' END;

CREATE OR REPLACE TEMP TABLE mart_new AS
SELECT indicator, geo, period, frequency, {dims}, 'level' AS measure, value, unit, obs_status, conf_status,
       concept, adjustment, realm, basis, source, vintage, note
FROM lvl_pub
UNION ALL
SELECT c.indicator, c.geo, c.period, c.frequency, {c_dims}, ch.measure, ch.value,
       CASE WHEN ch.measure LIKE '%_pct' THEN 'percent' WHEN i.kind = 'rate' THEN 'percentage points' ELSE c.unit END,
       worse_obs(c.obs_status, p.obs_status), worse_conf(c.conf_status, p.conf_status),
       c.concept, c.adjustment, computed_realm(c.demo), basis_of_list([c.basis, p.basis]), c.source,
       greatest(c.vintage, p.vintage), coalesce(c.note, p.note)
FROM lvl_pub c
JOIN ind_meta i ON c.indicator = i.indicator AND i.kind <> 'flag'
CROSS JOIN (VALUES ('prev'), ('year')) rel(span)
JOIN lvl_pub p ON p.indicator = c.indicator AND p.geo = c.geo AND p.adjustment = c.adjustment AND p.demo = c.demo
     AND p.frequency = c.frequency AND {same_dims}
     AND p.period = CASE rel.span WHEN 'prev' THEN prev_period(c.period, c.frequency) ELSE year_ago(c.period) END
CROSS JOIN LATERAL (
    SELECT 'change_' || rel.span || (CASE WHEN i.kind = 'rate' THEN '_pp' ELSE '_abs' END) AS measure,
           c.value - p.value AS value
    UNION ALL
    SELECT 'change_' || rel.span || '_pct', CASE WHEN p.value <> 0 THEN 100 * (c.value / p.value - 1) END
) ch
UNION ALL
SELECT c.indicator, c.geo, c.period, c.frequency, {c_dims}, 'share_national', 100 * c.value / n.value, 'percent',
       worse_obs(c.obs_status, n.obs_status), worse_conf(c.conf_status, n.conf_status),
       c.concept, c.adjustment, computed_realm(c.demo), basis_of_list([c.basis, n.basis]), c.source,
       greatest(c.vintage, n.vintage), c.note
FROM lvl_pub c
JOIN ind_meta i ON c.indicator = i.indicator AND i.share_of_national
JOIN lvl_pub n ON n.indicator = c.indicator AND n.geo = split_part(c.geo, '-', 1) AND n.period = c.period
     AND n.adjustment = c.adjustment AND n.demo = c.demo AND {same_dims_n}
WHERE c.geo LIKE '%-%' AND n.value <> 0
UNION ALL
SELECT c.indicator, c.geo, c.period, c.frequency, {c_dims}, 'deviation_national', c.value - n.value,
       CASE WHEN i.kind = 'rate' THEN 'percentage points' ELSE c.unit END,
       worse_obs(c.obs_status, n.obs_status), worse_conf(c.conf_status, n.conf_status),
       c.concept, c.adjustment, computed_realm(c.demo), basis_of_list([c.basis, n.basis]), c.source,
       greatest(c.vintage, n.vintage), c.note
FROM lvl_pub c
JOIN ind_meta i ON c.indicator = i.indicator AND i.kind <> 'flag'
JOIN lvl_pub n ON n.indicator = c.indicator AND n.geo = split_part(c.geo, '-', 1) AND n.period = c.period
     AND n.adjustment = c.adjustment AND n.demo = c.demo AND {same_dims_n}
WHERE c.geo LIKE '%-%'
UNION ALL
SELECT c.indicator, c.geo, c.period, c.frequency, {c_dims}, 'rank',
       rank() OVER (PARTITION BY c.indicator, split_part(c.geo, '-', 1), c.period, {c_dims}, c.adjustment, c.demo
                    ORDER BY c.value DESC), 'rank', c.obs_status, c.conf_status,
       c.concept, c.adjustment, computed_realm(c.demo), c.basis, c.source, c.vintage, c.note
FROM lvl_pub c JOIN ind_meta i ON c.indicator = i.indicator AND i.kind <> 'flag'
-- Only some regions have a series long enough to be seasonally adjusted: a rank among them is no rank of the regions.
WHERE c.geo LIKE '%-%' AND c.value IS NOT NULL AND c.adjustment = 'NSA'
UNION ALL
SELECT * EXCLUDE (n, first) FROM (
    SELECT c.indicator, c.geo, c.period, c.frequency, {c_dims}, 'ma12' AS measure,
           CASE WHEN bool_or(withheld(c.conf_status)) OVER w THEN NULL ELSE avg(c.value) OVER w END AS value, c.unit,
           arg_max(c.obs_status, status_rank(c.obs_status)) OVER w AS obs_status,
           arg_max(c.conf_status, conf_rank(c.conf_status)) OVER w AS conf_status,
           c.concept, c.adjustment, computed_realm(c.demo) AS realm, c.basis, c.source,
           max(c.vintage) OVER w AS vintage, arg_max(c.note, status_rank(c.obs_status)) OVER w AS note,
           count(*) OVER w AS n, min(c.period) OVER w AS first
    FROM lvl_pub c JOIN ind_meta i ON c.indicator = i.indicator AND i.kind <> 'flag'
    WHERE c.frequency = 'M'
    WINDOW w AS (PARTITION BY c.indicator, c.geo, {c_dims}, c.adjustment, c.demo ORDER BY c.period ROWS 11 PRECEDING))
WHERE n = 12 AND first = months_back(period, 11);
