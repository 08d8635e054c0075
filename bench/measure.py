"""Run a benchmark step in a child process under a memory cap and a time limit; read its report."""

import json
import subprocess
import sys
import time

import psutil


def run_step(step: str, path: str, cap_mb: float, timeout: float, *more: str) -> dict:
    """The step's own report, or why it was stopped (memory cap, time limit, failure)."""
    proc = subprocess.Popen([sys.executable, "-m", "bench.tasks", step, path, *more],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watched, start, peak = psutil.Process(proc.pid), time.monotonic(), 0.0
    while proc.poll() is None:
        try:
            peak = max(peak, watched.memory_info().rss / 2**20)
        except psutil.NoSuchProcess:
            break
        if peak > cap_mb or time.monotonic() - start > timeout:
            proc.kill()
            proc.wait()
            reason = f"memory above the {cap_mb:.0f} MB cap" if peak > cap_mb else f"over {timeout:.0f} s"
            return {"step": step, "stopped": reason, "seconds": round(time.monotonic() - start, 1),
                    "peak_rss_mb": round(peak, 1)}
        time.sleep(0.05)
    out, err = proc.communicate()
    if proc.returncode != 0:
        return {"step": step, "stopped": f"failed: {err.strip().splitlines()[-1] if err.strip() else proc.returncode}"}
    return json.loads(out.strip().splitlines()[-1])
