"""A file of several hundred MB is refused with memory bounded: hashed and quarantined in blocks, never read whole."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

SIZE_MB = 400
# Runs `lmo ingest` and reports the process's peak resident memory (kB) on its last line of stderr.
MEASURED = ("import resource, sys\nfrom lmo.cli import main\ncode = main(sys.argv[1:])\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\nsys.exit(code)")


@pytest.fixture
def big_file(tmp_path) -> Path:
    path = tmp_path / "huge.csv"
    line = b"cantonal_office,CH-ZH,2025-01,registered_unemployed,22573,persons,SECO\n"
    block = line * (2**20 // len(line))
    with open(path, "wb") as out:
        out.write(b"dataset,geo,period,measure,value,unit,source\n")
        for _ in range(SIZE_MB):
            out.write(block)
    yield path
    path.unlink()


def peak_ingest(path: Path, db: Path) -> tuple[subprocess.CompletedProcess, list[str], int]:
    done = subprocess.run([sys.executable, "-c", MEASURED, "ingest", "observations-csv", str(path), "--db", str(db)],
                          capture_output=True, text=True, timeout=600)
    *message, peak_kb = done.stderr.strip().splitlines()
    return done, message, int(peak_kb)


def test_several_hundred_mb_file_is_refused_with_bounded_memory(big_file, tmp_path):
    size = big_file.stat().st_size
    assert size > 350 * 2**20
    small = tmp_path / "small.csv"
    small.write_bytes(big_file.read_bytes()[:4096].rsplit(b"\n", 1)[0] + b"\n")
    # What the command itself needs (imports, a rejected small file): the big file may add little to it.
    _, _, baseline_kb = peak_ingest(small, tmp_path / "baseline.duckdb")
    done, message, peak_kb = peak_ingest(big_file, tmp_path / "w.duckdb")
    assert done.returncode == 1
    assert f"{big_file}: file: column '-': rule file too large: value '{size} bytes (limit 209715200" in message[1]
    assert peak_kb < baseline_kb + 64 * 1024, \
        f"peak memory {peak_kb // 1024} MB for a {size // 2**20} MB file, {baseline_kb // 1024} MB for a small one"
    report = json.loads(Path(message[-1].removeprefix("quarantined: ")).read_text())
    copy = Path(message[-1].removeprefix("quarantined: ")).with_name(report["quarantined_as"])
    assert report["bytes"] == size == copy.stat().st_size
    copy.unlink()
