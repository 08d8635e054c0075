"""Servers a test starts on 127.0.0.1 and always stops: Redis, a moto S3 server, dagster-celery workers."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from tests.browser import free_port

BIN = Path(sys.executable).parent
CELERY_CONFIG = Path(__file__).parents[1] / "pipelines" / "celery.yaml"


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process's own group (a worker's children too), SIGKILL if it lingers."""
    for sig, grace in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
            process.wait(grace)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def started_all(commands: list[tuple[list[str], Path, Callable[[], bool]]], env: dict | None = None, timeout: float = 240):
    """Run each (command, log, ready) at once until the block ends; fail with a log's tail unless all are ready()
    within timeout."""
    with ExitStack() as stack:
        processes = []
        for command, log, _ in commands:
            with open(log, "wb") as out:
                processes.append(subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env,
                                                  start_new_session=True))
            stack.callback(stop, processes[-1])
        deadline = time.monotonic() + timeout
        for process, (command, log, ready) in zip(processes, commands):
            while not ready():
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"{command[0]} did not start (exit {process.poll()}): {log.read_text()[-2000:]}")
                time.sleep(0.2)
        yield processes


@contextmanager
def started(command: list[str], log: Path, ready: Callable[[], bool], env: dict | None = None):
    with started_all([(command, log, ready)], env) as processes:
        yield processes[0]


def listening(port: int) -> Callable[[], bool]:
    def ready() -> bool:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", port)) == 0
    return ready


@contextmanager
def redis_server(folder: Path):
    """Yield the URL of a Redis server without persistence, its files in folder."""
    if not (binary := shutil.which("redis-server")):
        pytest.fail("redis-server is not installed: `make test` installs it (apt-get install redis-server)")
    port = free_port()
    command = [binary, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder), "--save", "", "--appendonly", "no"]
    with started(command, folder / "redis.log", listening(port)):
        yield f"redis://127.0.0.1:{port}"


@contextmanager
def moto_s3(folder: Path):
    """Yield the endpoint URL of a moto server (S3 API, objects in memory), run as its own process."""
    port = free_port()
    with started([str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)], folder / "moto.log", listening(port)):
        yield f"http://127.0.0.1:{port}"


def celery_workers(folder: Path, count: int = 2) -> tuple[list[str], list[tuple[list[str], Path, Callable[[], bool]]]]:
    """The names of `count` dagster-celery workers (one step at a time each) and the (command, log, ready) that
    start them as a deployment does (pipelines/celery.yaml), for started_all (PATH must hold `celery`)."""
    commands = []
    for i in range(1, count + 1):
        log = folder / f"lmo-worker-{i}.log"
        commands.append(([str(BIN / "dagster-celery"), "worker", "start", "-A", "dagster_celery.app", "-y", str(CELERY_CONFIG),
                          "-i", "pipelines.register_partitions", "-n", f"lmo-worker-{i}", "-l", "INFO", "--", "--concurrency=1"],
                         log, lambda log=log: log.exists() and b" ready." in log.read_bytes()))
    return [f"lmo-worker-{i}@{socket.gethostname()}" for i in range(1, count + 1)], commands
