-- The indicator engine: levels from core, annual aggregates; formula indicators are inserted into
-- lvl_all by engine.py (derived_sql), then mart.sql adds changes, shares and stored transforms.
-- Realms never mix: every selection and join keeps synthetic values (demo) apart from the others.
-- Floating-point sums are ordered so that reruns give bit-identical values.
-- {dims} is the list of breakdown dimensions, {series} a series' key; $as_of picks the vintage in force,
-- per concept: a later file of another concept must not hide the months of the series' own (it competes below).
CREATE OR REPLACE TEMP TABLE obs_current AS
SELECT * FROM core.observations
WHERE vintage <= $as_of
QUALIFY row_number() OVER (PARTITION BY {series}, concept, period ORDER BY vintage DESC) = 1;

-- A formula's own input (hidden, '_'-named) that names a breakdown code takes it as its definition (the ILO rate
-- of the 15–64-year-olds a gap compares): it joins the formula's totals. Published entries keep their codes.
CREATE OR REPLACE TEMP TABLE lvl_candidates AS
SELECT s.indicator, s.priority, o.dataset, o.geo, o.period, o.frequency, {candidate_dims}, o.value, o.unit, o.obs_status,
       o.conf_status, o.concept, o.adjustment, o.realm, o.basis, o.source, o.vintage, is_demo(o.realm) AS demo,
       CAST(NULL AS VARCHAR) AS note
FROM obs_current o JOIN ind_sources s ON o.dataset = s.dataset AND o.measure = s.measure AND {dim_filters};

-- One concept per indicator, geo and realm class (all its breakdowns, periods): the concept of the
-- preferred source present, ties broken by the concept with more values, then by name (never by thread order);
-- within it, the preferred source per period and breakdown.
CREATE OR REPLACE TEMP TABLE lvl_native AS
SELECT * EXCLUDE (priority, series_concept) FROM (
    SELECT *, first(concept ORDER BY priority, n_concept DESC, concept)
                  OVER (PARTITION BY indicator, geo, adjustment, demo) AS series_concept
    FROM (SELECT *, count(*) OVER (PARTITION BY indicator, geo, adjustment, demo, concept) AS n_concept
          FROM lvl_candidates))
WHERE concept = series_concept
QUALIFY row_number() OVER (PARTITION BY indicator, geo, period, {dims}, adjustment, demo
                           ORDER BY priority, source, vintage DESC) = 1;

-- An annual value published apart from its months (SNB's annual mean of the revised series beside the bulletin's
-- months as first published) says which differs: the chart and the download show the note.
UPDATE lvl_native a SET note = 'annual value: ' || a.source || ' (' || a.vintage || '); its months: ' || m.sources
FROM (SELECT indicator, geo, left(period, 4) AS period, {dims}, adjustment, demo,
             string_agg(DISTINCT source || ' (' || vintage || ')', '; ' ORDER BY source || ' (' || vintage || ')') AS sources
      FROM lvl_native WHERE frequency = 'M'
      GROUP BY indicator, geo, left(period, 4), {dims}, adjustment, demo) m
WHERE a.frequency = 'A' AND a.indicator = m.indicator AND a.geo = m.geo AND a.period = m.period
  AND a.adjustment = m.adjustment AND a.demo = m.demo AND {same_dims_am}
  AND m.sources <> a.source || ' (' || a.vintage || ')';

-- The months that make an annual value: those of years with no native annual value.
CREATE OR REPLACE TEMP TABLE lvl_months AS
SELECT * FROM lvl_native l
WHERE l.frequency = 'M'
  AND NOT EXISTS (SELECT 1 FROM lvl_native n WHERE n.indicator = l.indicator AND n.geo = l.geo AND n.demo = l.demo
                  AND n.period = left(l.period, 4) AND n.adjustment = l.adjustment AND {same_dims_nl});

-- Annual values from the months where no native annual value exists, as each catalogue entry declares
-- (indicators/aggregation.py): the mean of the months (stocks) or their sum (flows); no other rule applies here.
-- A year with fewer than twelve months is provisional (P).
CREATE OR REPLACE TEMP TABLE lvl_all AS
SELECT * EXCLUDE (n_concept, dataset) FROM lvl_native
UNION ALL BY NAME
SELECT l.indicator, l.geo, left(l.period, 4) AS period, 'A' AS frequency, {l_dims},
       CASE WHEN bool_or(withheld(l.conf_status)) THEN NULL
            ELSE aggregate_months(any_value(i.time), list(l.value ORDER BY l.period)) END AS value,
       arg_max(l.unit, l.period) AS unit,
       CASE WHEN count(*) < 12 THEN 'P' ELSE arg_max(l.obs_status, status_rank(l.obs_status)) END AS obs_status,
       arg_max(l.conf_status, conf_rank(l.conf_status)) AS conf_status,
       arg_max(l.concept, l.period) AS concept, l.adjustment,
       CASE WHEN l.demo THEN 'synthetic' ELSE 'derived' END AS realm, basis_of_list(list(l.basis)) AS basis,
       arg_max(l.source, l.period) AS source, max(l.vintage) AS vintage, l.demo
FROM lvl_months l JOIN ind_meta i ON l.indicator = i.indicator AND i.time IN ('mean', 'sum')
GROUP BY l.indicator, l.geo, left(l.period, 4), {l_dims}, l.adjustment, l.demo;

-- Annual ratios: the year's numerator over the year's denominator, both read from the dataset the ratio's
-- months come from and each aggregated as its own entry declares (a stock's mean, a flow's sum).
INSERT INTO lvl_all BY NAME
SELECT l.indicator, l.geo, left(l.period, 4) AS period, 'A' AS frequency, {l_dims},
       CASE WHEN bool_or(withheld(l.conf_status) OR withheld(n.conf_status) OR withheld(d.conf_status)) THEN NULL
            ELSE any_value(i.scale) * aggregate_months(any_value(i.numerator_time), list(n.value ORDER BY l.period))
                 / nullif(aggregate_months(any_value(i.denominator_time), list(d.value ORDER BY l.period)), 0) END AS value,
       arg_max(l.unit, l.period) AS unit,
       CASE WHEN count(*) < 12 THEN 'P'
            ELSE arg_max(worse_obs(worse_obs(l.obs_status, n.obs_status), d.obs_status),
                         status_rank(worse_obs(worse_obs(l.obs_status, n.obs_status), d.obs_status))) END AS obs_status,
       arg_max(worse_conf(worse_conf(l.conf_status, n.conf_status), d.conf_status),
               conf_rank(worse_conf(worse_conf(l.conf_status, n.conf_status), d.conf_status))) AS conf_status,
       arg_max(l.concept, l.period) AS concept, l.adjustment,
       CASE WHEN l.demo THEN 'synthetic' ELSE 'derived' END AS realm, basis_of_list(list(l.basis)) AS basis,
       arg_max(l.source, l.period) AS source, max(greatest(l.vintage, n.vintage, d.vintage)) AS vintage, l.demo
FROM lvl_months l JOIN ind_meta i ON l.indicator = i.indicator AND i.time = 'ratio'
JOIN obs_current n ON n.dataset = l.dataset AND n.measure = i.numerator AND n.geo = l.geo AND n.period = l.period
     AND n.adjustment = l.adjustment AND {same_dims_nl}
JOIN obs_current d ON d.dataset = l.dataset AND d.measure = i.denominator AND d.geo = l.geo AND d.period = l.period
     AND d.adjustment = l.adjustment AND {same_dims_dl}
GROUP BY l.indicator, l.geo, left(l.period, 4), {l_dims}, l.adjustment, l.demo;

-- A change of source or method within a series is a break (SDMX B) on its first value after the change, with a
-- note naming both sources (and the realms, where a published value gives way to one computed from months).
UPDATE lvl_all l SET obs_status = 'B', note = concat_ws('; ', 'break in series: ' || b.change, l.note)
FROM (SELECT *, CASE WHEN prev_realm = realm THEN prev_source || ' → ' || source
                     ELSE prev_source || ' (' || prev_realm || ') → ' || source || ' (' || realm || ')' END AS change
      FROM (SELECT indicator, geo, period, frequency, {dims}, adjustment, demo, source, realm,
                   lag(source) OVER w AS prev_source, lag(realm) OVER w AS prev_realm
            FROM lvl_all WINDOW w AS (PARTITION BY indicator, geo, frequency, {dims}, adjustment, demo ORDER BY period))
      WHERE prev_source <> source OR prev_realm <> realm) b
WHERE l.indicator = b.indicator AND l.geo = b.geo AND l.period = b.period AND l.frequency = b.frequency
  AND l.adjustment = b.adjustment AND l.demo = b.demo AND {same_dims_lb};
