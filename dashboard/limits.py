"""How many heavy requests (whole downloads) run at once, per client and in all, across every worker process.

Each slot is a lock file: `flock` works between the processes gunicorn forks and between threads (each
acquisition opens its own file), and the kernel frees a slot when a worker dies mid-request.
"""

import fcntl
import hashlib
import os
from pathlib import Path

PER_CLIENT = int(os.environ.get("LMO_DOWNLOADS_PER_CLIENT", 2))
TOTAL = int(os.environ.get("LMO_DOWNLOADS_TOTAL", 3))


class Lease:
    """Held slots, released once (on close of the response, or at once when the request failed)."""

    def __init__(self, files: list):
        self.files = files

    def release(self) -> None:
        for file in self.files:
            file.close()
        self.files = []


def held_while(chunks, lease: Lease):
    """The body's chunks, the lease released as soon as the last one is handed over: a client that has read the
    whole body and asks again at once finds its slot free (the server's close comes later)."""
    try:
        yield from chunks
    finally:
        lease.release()


def _take(folder: Path, prefix: str, count: int):
    for index in range(count):
        file = open(folder / f"{prefix}-{index}.lock", "a")  # noqa: SIM115 - held open as the slot
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return file
        except BlockingIOError:
            file.close()
    return None


def acquire(folder: Path, client: str, per_client: int = PER_CLIENT, total: int = TOTAL) -> Lease | str:
    """A lease on one of the client's slots and one of the server's, or "client"/"server" for which is full."""
    folder.mkdir(parents=True, exist_ok=True)
    mine = _take(folder, "client-" + hashlib.sha256(client.encode()).hexdigest()[:20], per_client)
    if mine is None:
        return "client"
    shared = _take(folder, "server", total)
    if shared is None:
        mine.close()
        return "server"
    return Lease([mine, shared])
