"""Dashboard latency: the callback requests the pages send (recorded in Chromium, bench/dashboard_browser.py)
replayed on Dash's HTTP endpoint on 127.0.0.1, alone and by concurrent clients."""

import json
import threading
import time
import urllib.request

import numpy as np


def call(base: str, body: dict) -> float:
    data = json.dumps(body).encode()
    request = urllib.request.Request(f"{base}/_dash-update-component", data=data,
                                     headers={"Content-Type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}")
    return (time.perf_counter() - start) * 1000


def load(base: str, bodies: dict, clients: int, rounds: int, time_limit: float,
         stop: threading.Event | None = None) -> dict:
    """`clients` threads each calling every body `rounds` times (stopping at `time_limit` s or once `stop` is set)."""
    samples: dict[str, list[float]] = {name: [] for name in bodies}
    errors: list[str] = []
    deadline = time.monotonic() + time_limit

    def client():
        for _ in range(rounds):
            for name, body in bodies.items():
                if time.monotonic() > deadline or (stop is not None and stop.is_set()):
                    return
                try:
                    samples[name].append(call(base, body))
                except Exception as error:  # noqa: BLE001 - a failed request is a result, counted
                    errors.append(f"{name}: {error}")

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"clients": clients, "seconds": round(time.monotonic() - start, 1), "errors": len(errors),
            "first_errors": errors[:3], "all": summary([v for values in samples.values() for v in values]),
            "callbacks": {name: summary(values) for name, values in samples.items()}}


def summary(values: list[float]) -> dict:
    if not values:
        return {"requests": 0}
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    return {"requests": len(values), "p50_ms": round(float(p50), 1), "p95_ms": round(float(p95), 1), "p99_ms": round(p99, 1),
            "max_ms": round(float(max(values)), 1)}
