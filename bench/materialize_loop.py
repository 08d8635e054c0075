"""Rewrite the warehouse again and again (until stopped): the load behind the dashboard benchmark. Each round marks
every dataset changed and forgets the engine's state, so `run_all` recomputes the whole mart and swaps in a new
publication while the dashboard answers."""

import sys
from pathlib import Path

from pipelines import pending
from pipelines.run import run_all
from pipelines.warehouse import connect


def everything_changed(db: Path) -> None:
    with connect(db) as con:
        datasets = [row[0] for row in con.execute("SELECT DISTINCT dataset FROM core.observations").fetchall()]
        pending.mark_pending(con, datasets)
        con.execute("DELETE FROM core.state WHERE name = 'engine'")


if __name__ == "__main__":
    while True:
        everything_changed(Path(sys.argv[1]))
        run_all(Path(sys.argv[1]))
