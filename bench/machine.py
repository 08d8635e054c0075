"""The machine a benchmark ran on: cores, memory, CPU model, load, library versions."""

import os
import platform
from importlib.metadata import version

import psutil


def cpu_model() -> str:
    try:
        lines = open("/proc/cpuinfo").read().splitlines()
        return next(line.split(":", 1)[1].strip() for line in lines if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor() or "unknown"


def machine() -> dict:
    return {"cores": os.cpu_count(), "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "cpu_model": cpu_model(), "os": platform.platform(), "python": platform.python_version(),
            "load_average_start": os.getloadavg(),
            "versions": {name: version(name) for name in ("duckdb", "pandas", "polars", "pandera", "dagster", "dash")}}
