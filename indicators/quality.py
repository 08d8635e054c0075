"""Cross-dataset consistency checks, as plain SQL over core.observations."""

from lmo.duck import records


def canton_sum_mismatches(con, dataset: str, measure: str) -> list[dict]:
    """Months where the cantons' values do not add up to the national value."""
    return records(con, """
        WITH cur AS (
            SELECT * FROM core.observations WHERE dataset = ? AND measure = ?
            QUALIFY row_number() OVER (PARTITION BY geo, period ORDER BY vintage DESC) = 1)
        SELECT n.period, n.value AS national, sum(c.value) AS cantons, count(c.geo) AS n_cantons
        FROM cur n JOIN cur c ON c.period = n.period AND c.geo LIKE n.geo || '-%'
        WHERE n.geo = 'CH'
        GROUP BY n.period, n.value
        HAVING sum(c.value) <> n.value OR count(c.geo) <> 26
        ORDER BY n.period""", [dataset, measure])
