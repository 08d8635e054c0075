-- Register microdata (temp views reg_spells / reg_vacancies, made by indicators/register.py from the
-- warehouse or from exchange-format Parquet) → counts per geo × month × breakdown. Stocks are taken
-- at month end; flows are spells starting or ending in the month. Only unemployed spells count in
-- flows and durations; job seekers are every running spell. Age is in completed years at the end of
-- the month. Durations are SECO's: days since registration minus the days of the spell's interruptions
-- (reg_interruptions: periods not counted as unemployed, such as temporary employment programmes or
-- intermediate earnings); long-term: more than 365 such days at the end of the month. A spell in an
-- interruption at the month end is a job seeker then, not one of the unemployed (SECO's non-unemployed
-- job seekers): it leaves the unemployed, long-term and elapsed-duration stocks for those months.
-- Stocks are not expanded to one row per person and month: each spell adds +1 to the stock of its
-- state (age group, long-term or not) in its first month, moves from one state to the next in the
-- months where its state changes, and leaves in the month after its last one; a month's stock is
-- the running sum of these changes, so the work follows the spells, not the person-months. Counts
-- are made once at the finest level (region × sex × age group) and rolled up with GROUPING SETS.
-- Months are numbered year × 12 + month − 1. Parameters first and last: periods YYYY-MM to
-- compute (NULL: every complete month).
CREATE OR REPLACE TEMP MACRO month_no(x) AS year(x) * 12 + month(x) - 1;
CREATE OR REPLACE TEMP MACRO age_group(m, a25, a50) AS CASE WHEN m < a25 THEN 1 WHEN m < a50 THEN 2 ELSE 3 END;
CREATE OR REPLACE TEMP MACRO age_code(g) AS ['Y15-24', 'Y25-49', 'Y_GE50'][g];
-- The month at whose end a person born on `birth` is `years` old (born 29 February: March).
CREATE OR REPLACE TEMP MACRO turning(birth, years) AS
    (year(birth) + years) * 12 + month(birth) - 1
    + (day(birth) >= 29 AND day(birth) > day(last_day(make_date(year(birth) + years, month(birth), 1))))::INT;
CREATE OR REPLACE TEMP MACRO never() AS 999999;
CREATE OR REPLACE TEMP MACRO day_no(x) AS x - DATE '1970-01-01';
CREATE OR REPLACE TEMP MACRO month_of_day(x) AS month_no(DATE '1970-01-01' + x::INT);

-- Interruptions of unemployed spells as days b0..b1 (both counted out), clipped to the days after the
-- registration day up to the deregistration day, overlapping or adjacent ones merged.
CREATE OR REPLACE TEMP TABLE reg_breaks AS
WITH clipped AS (
    SELECT source, spell_id, day_no(registration_date) AS r,
           greatest(day_no(start_date), day_no(registration_date) + 1) AS b0,
           least(day_no(coalesce(end_date, DATE '9999-12-30')),
                 day_no(coalesce(deregistration_date, DATE '9999-12-30'))) AS b1
    FROM reg_interruptions JOIN reg_spells USING (source, spell_id) WHERE unemployed
), ordered AS (
    SELECT *, max(b1) OVER (PARTITION BY source, spell_id ORDER BY b0, b1
                            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
    FROM clipped WHERE b0 <= b1
), islands AS (
    SELECT *, sum((reach IS NULL OR b0 > reach + 1)::INT) OVER (PARTITION BY source, spell_id ORDER BY b0, b1) AS island
    FROM ordered
)
SELECT *, coalesce(sum(b1 - b0 + 1) OVER (PARTITION BY source, spell_id ORDER BY b0
                                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
FROM (SELECT source, spell_id, any_value(r) AS r, min(b0) AS b0, max(b1) AS b1 FROM islands
      GROUP BY source, spell_id, island);

-- Per spell: days not counted in all, and those before its 366th counted day (an interruption starting
-- after 365 counted days no longer delays it).
CREATE OR REPLACE TEMP TABLE reg_break_spells AS
SELECT source, spell_id, sum(b1 - b0 + 1) AS days_out,
       coalesce(sum(b1 - b0 + 1) FILTER (WHERE b0 - r - 1 - before < 366), 0) AS days_out_lt
FROM reg_breaks GROUP BY ALL;

-- Per spell, the months of its life: in the stock from s0 up to (not including) e0; 25 and 50
-- years old at the end of months a25 and a50; long-term from month lt on (that of its 366th counted day).
CREATE OR REPLACE TEMP TABLE reg_life AS
SELECT dataset, geo, sex, unemployed, occupation, registration_date, deregistration_date, exit_reason, person_id,
       source, spell_id, month_no(registration_date) AS s0, coalesce(month_no(deregistration_date), never()) AS e0,
       turning(birth_date, 25) AS a25, turning(birth_date, 50) AS a50,
       least(month_no(registration_date + (366 + coalesce(o.days_out_lt, 0))::INT), never()) AS lt,
       day_no(registration_date) AS r, coalesce(o.days_out, 0) AS days_out
FROM reg_spells LEFT JOIN reg_break_spells o USING (source, spell_id);

-- Complete months of each dataset: from the first registration to the last date seen.
CREATE OR REPLACE TEMP TABLE reg_months AS
SELECT dataset, month_no(m) AS m, strftime(m, '%Y-%m') AS period, last_day(m) - DATE '1970-01-01' AS d,
       last_day(m) + INTERVAL 365 DAY <= hi AS mature
FROM (SELECT dataset, min(registration_date) AS lo,
             max(greatest(registration_date, coalesce(deregistration_date, registration_date))) AS hi
      FROM reg_life GROUP BY dataset) b,
     LATERAL (SELECT unnest(generate_series(date_trunc('month', lo), date_trunc('month', hi), INTERVAL 1 MONTH)) AS m)
WHERE last_day(m) <= hi AND ($first IS NULL OR strftime(m, '%Y-%m') >= $first)
      AND ($last IS NULL OR strftime(m, '%Y-%m') <= $last);
-- Every month from `lo` to the last one computed: where running sums are taken.
CREATE OR REPLACE TEMP MACRO months_from(lo) AS range(lo, (SELECT max(m) + 1 FROM reg_months));

-- The spells whose life meets the months computed: those wholly before them add +1 and −1 before
-- the first month and cancel out (a partition of one month reads every spell but works on few).
CREATE OR REPLACE TEMP VIEW reg_live AS
SELECT * FROM reg_life WHERE s0 <= (SELECT max(m) FROM reg_months) AND e0 >= (SELECT min(m) FROM reg_months);

-- Each change of a spell's state: (month, age group, long-term, +1 or −1), with its registration day r.
CREATE OR REPLACE TEMP TABLE reg_changes AS
SELECT dataset, geo, sex, age, unemployed, long_term, m, sum(n) AS n, sum(n * r) AS r
FROM (
    SELECT dataset, geo, sex, unemployed, r, s0 AS m, age_group(s0, a25, a50) AS age, s0 >= lt AS long_term, 1 AS n
    FROM reg_live WHERE s0 < e0
    UNION ALL
    SELECT dataset, geo, sex, unemployed, r, e0, age_group(e0 - 1, a25, a50), e0 - 1 >= lt, -1
    FROM reg_live WHERE s0 < e0 AND e0 < never()
    UNION ALL
    SELECT dataset, geo, sex, unemployed, r, lt, age_group(lt, a25, a50), true, 1
    FROM reg_live WHERE s0 < lt AND lt < e0
    UNION ALL
    SELECT dataset, geo, sex, unemployed, r, lt, age_group(lt - 1, a25, a50), false, -1
    FROM reg_live WHERE s0 < lt AND lt < e0
    UNION ALL
    SELECT dataset, geo, sex, unemployed, r, a25, 2, a25 >= lt, 1
    FROM reg_live WHERE s0 < a25 AND a25 < e0 AND a25 <> lt
    UNION ALL
    SELECT dataset, geo, sex, unemployed, r, a25, 1, a25 - 1 >= lt, -1
    FROM reg_live WHERE s0 < a25 AND a25 < e0 AND a25 <> lt
    UNION ALL
    SELECT dataset, geo, sex, unemployed, r, a50, 3, a50 >= lt, 1
    FROM reg_live WHERE s0 < a50 AND a50 < e0 AND a50 <> lt
    UNION ALL
    SELECT dataset, geo, sex, unemployed, r, a50, 2, a50 - 1 >= lt, -1
    FROM reg_live WHERE s0 < a50 AND a50 < e0 AND a50 <> lt
)
GROUP BY ALL;

-- The days not counted, I(d) = k·d + b summed over the spells in the stock at month-end day d: an
-- interruption under way adds d − b0 + 1 (k = 1, b = 1 − b0), a finished one its length (k = 0). Each
-- interruption enters the stock of its spell's age group at its first month, changes at its last month
-- and at the spell's birthdays, and leaves with the spell: the same running sums as the stocks.
CREATE OR REPLACE TEMP TABLE reg_break_changes AS
WITH points AS (
    SELECT * FROM (SELECT l.dataset, l.geo, l.sex, l.a25, l.a50, l.e0, b.b0, b.b1, x.ms, x.me,
                          unnest(list_distinct([x.ms, x.me, l.a25, l.a50, l.e0])) AS t
                   FROM reg_breaks b JOIN reg_live l USING (source, spell_id),
                        LATERAL (SELECT month_of_day(b.b0) AS ms, month_of_day(b.b1) AS me) x)
    WHERE t >= ms AND t <= e0 AND t < never()
)
SELECT dataset, geo, sex, age, m, sum(k) AS k, sum(b) AS b
FROM (
    SELECT dataset, geo, sex, age_group(t, a25, a50) AS age, t AS m, (t < me)::INT AS k,
           CASE WHEN t < me THEN 1 - b0 ELSE b1 - b0 + 1 END AS b
    FROM points WHERE t < e0
    UNION ALL
    SELECT dataset, geo, sex, age_group(t - 1, a25, a50), t, -(t - 1 < me)::INT,
           -CASE WHEN t - 1 < me THEN 1 - b0 ELSE b1 - b0 + 1 END
    FROM points WHERE t > ms
)
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE reg_break_stock AS
WITH running AS (
    SELECT s.dataset, s.geo, s.sex, s.age, g.m, sum(coalesce(c.k, 0)) OVER w AS k, sum(coalesce(c.b, 0)) OVER w AS b
    FROM (SELECT dataset, geo, sex, age, min(m) AS lo FROM reg_break_changes GROUP BY ALL) s,
         LATERAL (SELECT unnest(months_from(s.lo)) AS m) g
    LEFT JOIN reg_break_changes c ON c.dataset = s.dataset AND c.geo = s.geo AND c.sex = s.sex AND c.age = s.age
         AND c.m = g.m
    WINDOW w AS (PARTITION BY s.dataset, s.geo, s.sex, s.age ORDER BY g.m)
)
SELECT r.*, m.period, m.d FROM running r JOIN reg_months m USING (dataset, m) WHERE r.k <> 0 OR r.b <> 0;

-- Interruptions under way at a month end: from the month of their first day (ms) to the month before
-- that of the day after their last (me), within the spell's stay in the stock; meanwhile the spell's
-- elapsed days stay those counted before the interruption (c).
CREATE OR REPLACE TEMP TABLE reg_paused AS
SELECT * FROM (
    SELECT l.dataset, l.geo, l.sex, l.occupation, l.a25, l.a50, l.lt, month_of_day(b.b0) AS ms,
           least(month_of_day(b.b1 + 1), l.e0) AS me, b.b0 - b.r - 1 - b.before AS c
    FROM reg_breaks b JOIN reg_live l USING (source, spell_id))
WHERE ms < me;

-- Each change of a paused spell's state, as reg_changes, with its elapsed days c.
CREATE OR REPLACE TEMP TABLE reg_paused_changes AS
WITH points AS (
    SELECT * FROM (SELECT *, unnest(list_distinct([ms, me, a25, a50, lt])) AS t FROM reg_paused)
    WHERE t >= ms AND t <= me AND t < never()
)
SELECT dataset, geo, sex, age, long_term, m, sum(n) AS n, sum(n * c) AS c
FROM (
    SELECT dataset, geo, sex, age_group(t, a25, a50) AS age, t >= lt AS long_term, t AS m, 1 AS n, c
    FROM points WHERE t < me
    UNION ALL
    SELECT dataset, geo, sex, age_group(t - 1, a25, a50), t - 1 >= lt, t, -1, c FROM points WHERE t > ms
)
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE reg_paused_stock AS
WITH running AS (
    SELECT s.dataset, s.geo, s.sex, s.age, s.long_term, g.m, sum(coalesce(c.n, 0)) OVER w AS n,
           sum(coalesce(c.c, 0)) OVER w AS c
    FROM (SELECT dataset, geo, sex, age, long_term, min(m) AS lo FROM reg_paused_changes GROUP BY ALL) s,
         LATERAL (SELECT unnest(months_from(s.lo)) AS m) g
    LEFT JOIN reg_paused_changes c ON c.dataset = s.dataset AND c.geo = s.geo AND c.sex = s.sex AND c.age = s.age
         AND c.long_term = s.long_term AND c.m = g.m
    WINDOW w AS (PARTITION BY s.dataset, s.geo, s.sex, s.age, s.long_term ORDER BY g.m)
)
SELECT r.*, m.period FROM running r JOIN reg_months m USING (dataset, m) WHERE r.n <> 0;

-- Month-end stocks of each state: the running sum of its changes, kept where it is not zero.
CREATE OR REPLACE TEMP TABLE reg_stock AS
WITH states AS (
    SELECT dataset, geo, sex, age, unemployed, long_term, min(m) AS lo FROM reg_changes GROUP BY ALL
), running AS (
    SELECT s.dataset, s.geo, s.sex, s.age, s.unemployed, s.long_term, g.m,
           sum(coalesce(c.n, 0)) OVER w AS n, sum(coalesce(c.r, 0)) OVER w AS r
    FROM states s, LATERAL (SELECT unnest(months_from(s.lo)) AS m) g
    LEFT JOIN reg_changes c ON c.dataset = s.dataset AND c.geo = s.geo AND c.sex = s.sex AND c.age = s.age
         AND c.unemployed = s.unemployed AND c.long_term = s.long_term AND c.m = g.m
    WINDOW w AS (PARTITION BY s.dataset, s.geo, s.sex, s.age, s.unemployed, s.long_term ORDER BY g.m)
)
SELECT r.*, m.period, m.d FROM running r JOIN reg_months m USING (dataset, m) WHERE r.n > 0;

-- Elapsed days net of interruptions: the stocks' n·d − r, less the interruptions' k·d + b, less the
-- elapsed days c of the paused spells, which are out of the unemployed stock (`out`) then.
CREATE OR REPLACE TEMP VIEW reg_stock_days AS
SELECT dataset, geo, period, sex, age, unemployed, long_term, n, 0 AS out, n * d - r AS days FROM reg_stock
UNION ALL
SELECT dataset, geo, period, sex, age, true, false, 0, 0, -(k * d + b) FROM reg_break_stock
UNION ALL
SELECT dataset, geo, period, sex, age, true, long_term, 0, n, -c FROM reg_paused_stock;

CREATE OR REPLACE TEMP TABLE reg_counts AS
SELECT dataset, g AS geo, period, coalesce(sex, '_T') AS sex, coalesce(age_code(age), '_T') AS age,
       coalesce(sum(n - out) FILTER (WHERE unemployed), 0)::BIGINT AS registered_unemployed,
       sum(n)::BIGINT AS jobseekers,
       coalesce(sum(n - out) FILTER (WHERE unemployed AND long_term), 0)::BIGINT AS long_term_unemployed,
       sum(days) FILTER (WHERE unemployed)::BIGINT AS duration_elapsed_days
FROM (SELECT *, geo AS g FROM reg_stock_days WHERE geo LIKE '%-%'
      UNION ALL SELECT *, split_part(geo, '-', 1) FROM reg_stock_days)
GROUP BY GROUPING SETS ((dataset, g, period, sex), (dataset, g, period, age), (dataset, g, period));

-- Unemployed spells that ended and were followed by a registration of the same person within 365 days.
CREATE OR REPLACE TEMP TABLE reg_reregistered AS
SELECT dataset, geo, sex, a25, a50, e0 FROM reg_live s
WHERE unemployed AND deregistration_date IS NOT NULL
      AND EXISTS (SELECT 1 FROM reg_life o WHERE o.dataset = s.dataset AND o.person_id = s.person_id
                  AND o.registration_date > s.deregistration_date
                  AND o.registration_date <= s.deregistration_date + INTERVAL 365 DAY);

-- Flows: each unemployed spell in the month it starts and in the month it ends.
CREATE OR REPLACE TEMP TABLE reg_flow_fine AS
SELECT dataset, geo, sex, age, m, sum(inflows) AS inflows, sum(outflows) AS outflows,
       sum(to_employment) AS to_employment, sum(exhaustions) AS exhaustions, sum(completed) AS completed,
       sum(reregistered) AS reregistered
FROM (
    SELECT dataset, geo, sex, age_group(s0, a25, a50) AS age, s0 AS m, 1 AS inflows, 0 AS outflows,
           0 AS to_employment, 0 AS exhaustions, NULL::BIGINT AS completed, 0 AS reregistered
    FROM reg_live WHERE unemployed
    UNION ALL
    SELECT dataset, geo, sex, age_group(e0, a25, a50), e0, 0, 1, (exit_reason = 'employment')::INT,
           (exit_reason = 'exhaustion')::INT, deregistration_date - registration_date - days_out, 0
    FROM reg_live WHERE unemployed AND deregistration_date IS NOT NULL
    UNION ALL
    SELECT dataset, geo, sex, age_group(e0, a25, a50), e0, 0, 0, 0, 0, NULL, 1 FROM reg_reregistered
)
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE reg_flow_counts AS
SELECT f.dataset, g AS geo, m.period, coalesce(sex, '_T') AS sex, coalesce(age_code(age), '_T') AS age,
       sum(inflows)::BIGINT AS inflows, sum(outflows)::BIGINT AS outflows,
       sum(to_employment)::BIGINT AS outflows_to_employment, sum(exhaustions)::BIGINT AS benefit_exhaustions,
       sum(completed)::BIGINT AS duration_completed_days,
       CASE WHEN any_value(m.mature) THEN sum(outflows) ELSE 0 END::BIGINT AS leavers_mature,
       CASE WHEN any_value(m.mature) THEN sum(reregistered) END::BIGINT AS reregistrations_12m
FROM (SELECT *, geo AS g FROM reg_flow_fine WHERE geo LIKE '%-%'
      UNION ALL SELECT *, split_part(geo, '-', 1) FROM reg_flow_fine) f
JOIN reg_months m USING (dataset, m)
GROUP BY GROUPING SETS ((f.dataset, g, m.period, sex), (f.dataset, g, m.period, age), (f.dataset, g, m.period));

-- Vacancies: positions notified in the month, and open at month end (a running sum like the stocks).
CREATE OR REPLACE TEMP TABLE reg_vacancy_changes AS
SELECT dataset, g AS geo, m, sum(subject) AS subject, sum(other) AS other, sum(open) AS open
FROM (SELECT dataset, geo, positions, subject_to_obligation AS obliged, month_no(notified_date) AS s0,
             coalesce(month_no(closed_date), never()) AS e0 FROM reg_vacancies) v,
     LATERAL (SELECT v.geo AS g UNION SELECT split_part(v.geo, '-', 1)),
     LATERAL (SELECT v.s0 AS m, CASE WHEN v.obliged THEN v.positions ELSE 0 END AS subject,
                     CASE WHEN NOT v.obliged THEN v.positions ELSE 0 END AS other,
                     CASE WHEN v.s0 < v.e0 THEN v.positions ELSE 0 END AS open
              UNION ALL
              SELECT v.e0, 0, 0, -v.positions WHERE v.s0 < v.e0 AND v.e0 < never())
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE reg_vacancy_counts AS
WITH running AS (
    SELECT g.dataset, g.geo, g.m, sum(coalesce(c.open, 0)) OVER w AS open,
           coalesce(c.subject, 0) AS subject, coalesce(c.other, 0) AS other
    FROM (SELECT dataset, geo, min(m) AS lo FROM reg_vacancy_changes GROUP BY ALL) s,
         LATERAL (SELECT s.dataset, s.geo, unnest(months_from(s.lo)) AS m) g
    LEFT JOIN reg_vacancy_changes c ON c.dataset = g.dataset AND c.geo = g.geo AND c.m = g.m
    WINDOW w AS (PARTITION BY g.dataset, g.geo ORDER BY g.m)
)
SELECT r.dataset, r.geo, m.period, '_T' AS sex, '_T' AS age,
       nullif(r.subject, 0)::BIGINT AS vacancies_notified_subject,
       nullif(r.other, 0)::BIGINT AS vacancies_notified_not_subject,
       nullif(r.open, 0)::BIGINT AS vacancies_open
FROM running r JOIN reg_months m USING (dataset, m);

-- National registered unemployed per occupation and month (for the notification obligation).
CREATE OR REPLACE TEMP TABLE reg_occupation AS
WITH changes AS (
    SELECT dataset, split_part(geo, '-', 1) AS country, occupation, m, sum(n) AS n
    FROM (SELECT dataset, geo, occupation, s0 AS m, 1 AS n FROM reg_live
          WHERE unemployed AND occupation IS NOT NULL AND s0 < e0
          UNION ALL
          SELECT dataset, geo, occupation, e0, -1 FROM reg_live
          WHERE unemployed AND occupation IS NOT NULL AND s0 < e0 AND e0 < never()
          UNION ALL
          SELECT dataset, geo, occupation, ms, -1 FROM reg_paused WHERE occupation IS NOT NULL
          UNION ALL
          SELECT dataset, geo, occupation, me, 1 FROM reg_paused WHERE occupation IS NOT NULL AND me < never())
    GROUP BY ALL
), running AS (
    SELECT g.dataset, g.country, g.occupation, g.m,
           sum(coalesce(c.n, 0)) OVER (PARTITION BY g.dataset, g.country, g.occupation ORDER BY g.m) AS n
    FROM (SELECT dataset, country, occupation, min(m) AS lo FROM changes GROUP BY ALL) s,
         LATERAL (SELECT s.dataset, s.country, s.occupation, unnest(months_from(s.lo)) AS m) g
    LEFT JOIN changes c ON c.dataset = g.dataset AND c.country = g.country AND c.occupation = g.occupation
         AND c.m = g.m
)
SELECT r.dataset, r.country, r.occupation, m.period, r.n::BIGINT AS unemployed
FROM running r JOIN reg_months m USING (dataset, m) WHERE r.n > 0;
