"""The Dagster resource for the warehouse: a path, connections, the folders beside it, and its writer's lock."""

from contextlib import contextmanager
from pathlib import Path

import dagster as dg
from pydantic import PrivateAttr

from kernel import locks, settings
from pipelines import warehouse


class Warehouse(dg.ConfigurableResource):
    """A run takes the warehouse's lock at its first connection and keeps it to its end: what its checks passed
    is what it publishes, with no other run writing in between. Steps before (a file read and validated) run
    while other runs hold it."""

    path: str
    _holds: bool = PrivateAttr(default=False)

    @contextmanager
    def connect(self, read_only: bool = False):
        if not self._holds:
            locks.take(self.lock)
            self._holds = True
        con = warehouse.connect(Path(self.path), read_only=read_only)
        try:
            yield con
        finally:
            con.close()

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._holds:
            locks.give_back(self.lock)
            self._holds = False

    @property
    def lock(self) -> Path:
        return settings.writer_lock(Path(self.path))

    @property
    def raw_store(self) -> Path:
        return settings.raw_dir(Path(self.path))

    @property
    def staging(self) -> Path:
        return settings.staging_dir(Path(self.path))
