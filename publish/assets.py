"""Dagster assets of the publication: the release and the bulletins after each publication."""

import datetime as dt
from pathlib import Path

import dagster as dg

from kernel.vocabulary import LANGS
from pipelines.resources import Warehouse


@dg.asset(group_name="published", deps=["published_warehouse"],
          description="Immutable release of the published copy: Parquet per table and a Frictionless data package")
def release(warehouse: Warehouse) -> dg.MaterializeResult:
    from kernel.query import published
    from publish.release import releases_dir, write_release

    db = Path(warehouse.path)
    path = write_release(published(db), releases_dir(db), dt.date.today().isoformat())
    return dg.MaterializeResult(metadata={"path": str(path), "release": path.name})


@dg.asset(group_name="published", deps=["published_warehouse"],
          description="The monthly bulletin of the latest month, HTML and PDF in every language")
def bulletin(warehouse: Warehouse) -> dg.MaterializeResult:
    from kernel.settings import LmoError
    from publish.bulletin_files import write_all

    try:
        written = write_all(Path(warehouse.path), LANGS)
    except LmoError as error:  # a warehouse without the bulletin's figures (only international data, say)
        return dg.MaterializeResult(metadata={"files": [], "none": str(error)})
    return dg.MaterializeResult(metadata={"files": [str(p) for p in written]})


assets = [release, bulletin]
