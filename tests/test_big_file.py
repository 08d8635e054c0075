"""A file of several hundred MB is validated streamed, with memory bounded: one bad row deep inside is found."""

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

pytestmark = [pytest.mark.slow, pytest.mark.scale]
SIZE_MB = 320
CANTONS = ("ZH BE LU UR SZ OW NW GL ZG FR SO BS BL SH AR AI SG GR AG TG TI VD VS NE GE JU").split()
SOURCE = '"SECO, Die Lage auf dem Arbeitsmarkt, Monatsbericht (Tabelle 3: Registrierte Arbeitslose nach Kantonen)"'
# Runs `lmo ingest` and reports the process's peak resident memory (kB) on its last line of stderr.
MEASURED = ("import resource, sys\nfrom lmo.cli import main\ncode = main(sys.argv[1:])\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\nsys.exit(code)")


def block(office: int) -> list[str]:
    """One office's two years of monthly counts and rates for every canton: unique keys across offices."""
    return [f"office_{office:06d},CH-{canton},{year}-{month:02d},{measure},{value},{unit},{SOURCE}"
            for canton in CANTONS for year in (2023, 2024) for month in range(1, 13)
            for measure, value, unit in (("registered_unemployed", 1000 + month, "persons"),
                                         ("registered_unemployment_rate", 2.5, "percent"))]


def write_big(path: Path, bad_office: int | None = None) -> int:
    """Writes offices until SIZE_MB; returns the line of the negative count put in office `bad_office`."""
    template = "\n".join(block(0)) + "\n"
    lines_per_block = template.count("\n")
    bad_line, office = 0, 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("dataset,geo,period,measure,value,unit,source\n")
        while out.tell() < SIZE_MB * 2**20:
            text = template.replace("office_000000", f"office_{office:06d}")
            if office == bad_office:
                text = text.replace(",1007,persons,", ",-7,persons,", 1)
                bad_line = 2 + office * lines_per_block + block(0).index(next(
                    line for line in block(0) if ",1007,persons," in line))
            out.write(text)
            office += 1
    return bad_line


def peak_ingest(path: Path, db: Path) -> tuple[subprocess.CompletedProcess, list[str], int]:
    done = subprocess.run([sys.executable, "-c", MEASURED, "ingest", "observations-csv", str(path), "--db", str(db)],
                          capture_output=True, text=True, timeout=600)
    *message, peak_kb = done.stderr.strip().splitlines()
    return done, message, int(peak_kb)


@pytest.fixture
def big_file(tmp_path) -> tuple[Path, int]:
    path = tmp_path / "huge.csv"
    bad_line = write_big(path, bad_office=1200)
    yield path, bad_line
    path.unlink()


def test_several_hundred_mb_file_is_validated_streamed_with_bounded_memory(big_file, tmp_path):
    path, bad_line = big_file
    size = path.stat().st_size
    assert size > 300 * 2**20 and bad_line > 1_400_000
    small = tmp_path / "small.csv"
    small.write_bytes(path.read_bytes()[:4096].rsplit(b"\n", 1)[0] + b"\n")
    # What the command itself needs (imports, a small file read whole): the big file may add little to it.
    _, _, baseline_kb = peak_ingest(small, tmp_path / "baseline.duckdb")
    db = tmp_path / "w.duckdb"
    done, message, peak_kb = peak_ingest(path, db)
    assert done.returncode == 1, message
    assert message[0] == f"lmo ingest: {path}: rejected, 1 problem(s)"
    assert message[1] == f"{path}: line {bad_line}: column 'value': rule count not negative: value -7.0"
    assert peak_kb < baseline_kb + 256 * 1024, \
        f"peak memory {peak_kb // 1024} MB for a {size // 2**20} MB file, {baseline_kb // 1024} MB for a small one"
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM core.observations").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'incoming%'").fetchone() == (0,)
    report = json.loads(Path(message[-1].removeprefix("quarantined: ")).read_text())
    assert report["problem_count"] == 1 and report["problems"][0]["row"] == f"line {bad_line}"
    copy = Path(message[-1].removeprefix("quarantined: ")).with_name(report["quarantined_as"])
    assert report["bytes"] == size == copy.stat().st_size
    copy.unlink()


def test_a_file_read_streamed_loads_exactly_what_reading_it_whole_loads(tmp_path, monkeypatch):
    from pipelines import streamed, warehouse
    from pipelines.ingest import ingest_file

    path = tmp_path / "offices.csv"
    path.write_text("\n".join(["dataset,geo,period,measure,value,unit,source", *block(0), *block(1)]) + "\n")
    loaded, load, streams = {}, streamed.load, []
    monkeypatch.setattr(streamed, "load", lambda *args: streams.append(args[2]) or load(*args))
    for way, limit_mb in (("whole", "200"), ("streamed", "0")):
        monkeypatch.setenv("LMO_MAX_FILE_MB", limit_mb)
        monkeypatch.setattr(streamed, "CHUNK_ROWS", 500)
        con = warehouse.connect(tmp_path / f"{way}.duckdb")
        result = ingest_file(con, "observations-csv", path, tmp_path / way / "raw", vintage="2026-01-01")
        loaded[way] = (result.rows, result.datasets, result.geos, result.periods,
                       warehouse.checksum(con, ("core.observations",)),
                       con.execute("SELECT name, dataset, vintage, rows FROM raw.files").fetchall())
        con.close()
    assert streams == [path] and loaded["streamed"] == loaded["whole"]
    assert loaded["whole"][:2] == (2 * 1248, ["office_000000", "office_000001"])
