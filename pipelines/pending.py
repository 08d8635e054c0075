"""What changed in core and is not yet published: the work list of the mart, the checks and the publication.

A load marks its datasets pending in its own transaction; the publication clears what the mart covered.
So a run killed anywhere leaves the list, and the next run (or the same ingest) completes the work."""

from datetime import UTC, datetime

from kernel.duck import scalar

REGISTER_TABLES = ("core.register_spells", "core.register_vacancies", "core.register_programmes",
                   "core.register_interruptions")


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def mark_pending(con, datasets) -> None:
    """Inside the caller's transaction: these datasets changed and are not yet published."""
    moment = now()
    for dataset in datasets:
        con.execute("INSERT INTO core.pending VALUES (?, ?) ON CONFLICT (dataset) DO UPDATE SET since = excluded.since",
                    [dataset, moment])


def pending(con) -> dict[str, datetime]:
    """Datasets changed since the last publication, with when."""
    return dict(con.execute("SELECT dataset, since FROM core.pending ORDER BY dataset").fetchall())


def register_pending(con, tables=REGISTER_TABLES) -> bool:
    """Whether register microdata of these tables changed since the last publication."""
    union = " UNION ".join(f"SELECT DISTINCT dataset FROM {t}" for t in tables)  # our table names
    return bool(scalar(con, f"SELECT count(*) FROM core.pending WHERE dataset IN ({union})"))


def state(con, name: str) -> str | None:
    return scalar(con, "SELECT value FROM core.state WHERE name = ?", [name])


def set_state(con, name: str, value: str) -> None:
    con.execute("INSERT INTO core.state VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                [name, value])


def clear_published(con) -> None:
    """After a publication: the changes the mart had covered (a change arriving later stays pending)."""
    upto = state(con, "mart_upto")
    if upto:
        con.execute("DELETE FROM core.pending WHERE since <= CAST(? AS TIMESTAMP)", [upto])
