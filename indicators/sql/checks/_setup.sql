-- Views every check reads: the latest vintage of each observation, and monthly periods as dates.
CREATE OR REPLACE TEMP VIEW latest AS
SELECT * FROM core.observations
QUALIFY row_number() OVER (PARTITION BY {series}, period ORDER BY vintage DESC) = 1;
CREATE OR REPLACE TEMP MACRO period_start(p, f) AS CASE f
    WHEN 'A' THEN make_date(CAST(p AS INTEGER), 1, 1)
    WHEN 'Q' THEN make_date(CAST(left(p, 4) AS INTEGER), CAST(right(p, 1) AS INTEGER) * 3 - 2, 1)
    ELSE make_date(CAST(left(p, 4) AS INTEGER), CAST(right(p, 2) AS INTEGER), 1) END;
