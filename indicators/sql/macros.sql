-- Period arithmetic on '2025', '2025-Q1' and '2025-01' (the frequency column says which), the
-- precedence of status flags, and realms.
CREATE OR REPLACE TEMP MACRO prev_period(p, f) AS CASE f
    WHEN 'A' THEN CAST(CAST(p AS INTEGER) - 1 AS VARCHAR)
    WHEN 'Q' THEN CASE WHEN right(p, 1) = '1'
        THEN CAST(CAST(left(p, 4) AS INTEGER) - 1 AS VARCHAR) || '-Q4'
        ELSE left(p, 6) || CAST(CAST(right(p, 1) AS INTEGER) - 1 AS VARCHAR) END
    ELSE strftime(strptime(p || '-01', '%Y-%m-%d') - INTERVAL 1 MONTH, '%Y-%m') END;
CREATE OR REPLACE TEMP MACRO year_ago(p) AS CAST(CAST(left(p, 4) AS INTEGER) - 1 AS VARCHAR) || substr(p, 5);
CREATE OR REPLACE TEMP MACRO months_back(p, n) AS
    strftime(strptime(p || '-01', '%Y-%m-%d') - to_months(n), '%Y-%m');
-- Which status wins when values are combined (docs/flags.md): a break, then missing, provisional,
-- estimated, imputed, forecast, low reliability, definition differs; A (normal) loses to all.
CREATE OR REPLACE TEMP MACRO status_rank(s) AS
    CASE s WHEN 'B' THEN 9 WHEN 'M' THEN 8 WHEN 'P' THEN 7 WHEN 'E' THEN 6 WHEN 'I' THEN 5 WHEN 'F' THEN 4
           WHEN 'U' THEN 3 WHEN 'D' THEN 2 ELSE 0 END;
-- Confidentiality: C (confidential, withheld) beats N (not for publication), D (secondary), F (free).
CREATE OR REPLACE TEMP MACRO conf_rank(s) AS
    CASE s WHEN 'C' THEN 3 WHEN 'N' THEN 2 WHEN 'D' THEN 1 ELSE 0 END;
CREATE OR REPLACE TEMP MACRO worse_obs(a, b) AS CASE WHEN status_rank(b) > status_rank(a) THEN b ELSE a END;
CREATE OR REPLACE TEMP MACRO worse_conf(a, b) AS CASE WHEN conf_rank(b) > conf_rank(a) THEN b ELSE a END;
-- A withheld cell (disclosure control) withholds every value computed from it.
CREATE OR REPLACE TEMP MACRO withheld(s) AS s IN ('C', 'D');
-- Synthetic (demo) values form a world of their own: never selected, joined or aggregated with others.
CREATE OR REPLACE TEMP MACRO is_demo(realm) AS realm = 'synthetic';
-- The realms a value rests on, '+'-joined in a fixed order (indicators/model.py basis_of).
CREATE OR REPLACE TEMP MACRO basis_of_list(bases) AS array_to_string(list_filter(['official', 'user', 'synthetic'],
    lambda r: list_contains(flatten(list_transform(bases, lambda b: string_split(b, '+'))), r)), '+');
-- A year's value from its months' values (in period order), as a catalogue entry declares: mean or sum.
CREATE OR REPLACE TEMP MACRO aggregate_months(how, monthly) AS
    CASE how WHEN 'mean' THEN list_avg(monthly) WHEN 'sum' THEN list_sum(monthly) END;
