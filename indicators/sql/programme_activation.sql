-- Activation, the Eurostat LMP headline (tepsr_wc210): participants in LMP categories 2-7 (mean of
-- the year's 12 month-end stocks) per 100 persons wanting to work. Persons wanting to work: ILO
-- unemployed plus the potential labour force (ILOSTAT UNE_TUNE_SEX_AGE_NB + EIP_2PLF_SEX_AGE_NB,
-- thousands), the ILO counterpart of Eurostat's LFS count, where both are loaded for the country and
-- year. Registers of real persons only: a synthetic register is no country's job seekers.
CREATE OR REPLACE TEMP TABLE prog_wanting AS
SELECT geo, period, sex, 1000 * sum(value ORDER BY measure) AS persons
FROM (SELECT * FROM core.observations
      WHERE starts_with(dataset, 'ilostat_') AND measure IN ('unemployed', 'potential_labour_force')
        AND age = '_T' AND citizenship = '_T' AND activity = '_T' AND occupation = '_T' AND length(period) = 4
      QUALIFY row_number() OVER (PARTITION BY measure, geo, period, sex ORDER BY vintage DESC) = 1)
GROUP BY geo, period, sex
HAVING count(*) = 2 AND bool_and(value IS NOT NULL AND conf_status = 'F');

INSERT INTO prog_values
SELECT left(p.period, 4), p.geo, p.programme, p.sex, p.age, p.cit, p.dataset, 'programme_activation',
       CASE WHEN bool_and(p.conf_status = 'F') THEN 100 * avg(p.value ORDER BY p.period) / any_value(w.persons) END,
       'percent', avg(p.numerator ORDER BY p.period), any_value(w.persons),
       CASE WHEN bool_or(p.conf_status = 'C') THEN 'C' WHEN bool_or(p.conf_status = 'D') THEN 'D' ELSE 'F' END
FROM prog_values p
JOIN prog_wanting w ON w.geo = p.geo AND w.period = left(p.period, 4) AND w.sex = p.sex
WHERE p.measure = 'programme_participants' AND p.programme = 'LMP_2-7' AND p.age = '_T' AND p.cit = '_T'
  AND length(p.period) = 7 AND p.dataset NOT LIKE 'synthetic%'
GROUP BY left(p.period, 4), p.geo, p.programme, p.sex, p.age, p.cit, p.dataset
HAVING count(*) = 12;
