"""The realm of every published value: the mart's own `realm` column (read from the source in an older copy)."""

REALMS = ("official", "user", "derived", "synthetic")
# A copy published before mart.indicator_values carried `realm` (an old release, say) still opens: there, generated
# demo data is recognised by its source line (the dashboard's test) and everything else is labelled official.
SYNTHETIC_SOURCE = "synthetic"


def realm_sql(columns: set[str]) -> str:
    """A SQL expression for the realm of a row of mart.indicator_values, given the table's columns."""
    if "realm" in columns:
        return "realm"
    return f"CASE WHEN source ILIKE '%{SYNTHETIC_SOURCE}%' THEN 'synthetic' ELSE 'official' END"


def synthetic_sql(columns: set[str]) -> str:
    """True for a value resting on synthetic inputs (a derived value of synthetic data included)."""
    if "basis" in columns:
        return "basis = 'synthetic'"
    return f"({realm_sql(columns)}) = 'synthetic'"
