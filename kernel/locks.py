"""File locks between processes (flock): released by the kernel whatever ends the process, even SIGKILL."""

import fcntl
from contextlib import contextmanager
from pathlib import Path

# Per process: path -> (open lock file, holders). flock conflicts between two descriptors of one process too,
# so a process takes each lock once and counts who holds it.
_HELD: dict[str, list] = {}


@contextmanager
def one_writer(lock: Path):
    """The block runs while no other process is in a block of the same lock file; others wait their turn."""
    take(lock)
    try:
        yield
    finally:
        give_back(lock)


def take(lock: Path) -> None:
    """Wait for the lock, or count one more holder if this process has it already."""
    key = str(lock)
    if key in _HELD:
        _HELD[key][1] += 1
        return
    lock.parent.mkdir(parents=True, exist_ok=True)
    handle = open(lock, "a")
    fcntl.flock(handle, fcntl.LOCK_EX)
    _HELD[key] = [handle, 1]


def give_back(lock: Path) -> None:
    key = str(lock)
    _HELD[key][1] -= 1
    if not _HELD[key][1]:
        _HELD.pop(key)[0].close()
