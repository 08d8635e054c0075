"""Published layer: a new read-only publication for readers, only when every blocking check passed."""

from pathlib import Path

import dagster as dg

from kernel.settings import published_path
from pipelines import pending, publication
from pipelines.assets.mart import indicator_values, programme_effects
from pipelines.resources import Warehouse


@dg.asset(group_name="published", deps=[indicator_values, programme_effects],
          description="Read-only publication of the mart, quality and programme results (no microdata), "
                      "swapped in whole; readers keep the previous one until it is complete")
def published_warehouse(warehouse: Warehouse) -> dg.MaterializeResult:
    db = Path(warehouse.path)
    with warehouse.connect() as con:
        changed = sorted(pending.pending(con))
    if not changed and published_path(db).exists():
        publication.write_status(db, publication.publication_status(db) | {"held_back": None})
        return dg.MaterializeResult(metadata={"path": str(published_path(db)), "new": False})
    target = publication.publish(db)
    with warehouse.connect() as con:
        pending.clear_published(con)
    return dg.MaterializeResult(metadata={"path": str(target), "new": True, "datasets": changed})
