-- A monthly series has every month between its first and its last. Breakdowns of counts made from register
-- microdata are left out: there a month without a row is a month without anyone in the cell, not a gap.
WITH months AS (
    SELECT {series}, period_start(period, frequency) AS month FROM latest
    WHERE frequency = 'M' AND (concept <> 'register' OR [{dims}] = [{totals}])),
steps AS (
    SELECT *, lag(month) OVER (PARTITION BY {series} ORDER BY month) AS before FROM months)
SELECT dataset, geo, measure, strftime(before, '%Y-%m') AS after_period, strftime(month, '%Y-%m') AS next_period,
       date_diff('month', before, month) - 1 AS missing_months
FROM steps WHERE date_diff('month', before, month) > 1
ORDER BY ALL
