"""The Dagster resource for the warehouse: a path, connections, and the folders beside it."""

from contextlib import contextmanager
from pathlib import Path

import dagster as dg

from kernel import settings
from pipelines import warehouse


class Warehouse(dg.ConfigurableResource):
    path: str

    @contextmanager
    def connect(self, read_only: bool = False):
        con = warehouse.connect(Path(self.path), read_only=read_only)
        try:
            yield con
        finally:
            con.close()

    @property
    def raw_store(self) -> Path:
        return settings.raw_dir(Path(self.path))
