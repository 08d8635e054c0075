"""Vintages: the 2025 revision of SECO rates (bulletin as first published vs Basel-Stadt table 2459)."""

import json
from unittest import mock

import duckdb
import pytest

from kernel.settings import DATA_DIR
from pipelines.sources import statabs
from tests.cli_in_process import lmo_here
from tests.correction import lmo_in_process

REVISED_GEOS = {"CH": "CH", "ZH": "CH-ZH", "BS": "CH-BS", "BL": "CH-BL", "AG": "CH-AG"}


def revised_bulletin(bulletin: dict) -> dict:
    """The bulletin with the revised 2025 rates of table 2459 applied (what a revised release carries)."""
    table = statabs.to_canonical(statabs.read(DATA_DIR / "statabs" / "2459.tsv"), "2026-03-05")
    revised = {(row.geo, row.period): row.value for row in table.itertuples()}
    out = json.loads(json.dumps(bulletin))
    series = [("CH", out["national"])] + [(c["code"], c["months"]) for c in out["cantons"]]
    for code, months in series:
        for month in months:
            month["rate"] = revised.get((REVISED_GEOS.get(code), month["period"]), month["rate"])
    return out


def rate(db, geo: str, *as_of: str) -> float:
    done = lmo_here("indicator", "registered_unemployment_rate", "--geo", geo, "--period", "2025-01",
                    "--format", "json", *as_of, db=db)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)[0]["value"]


def ingest(db, *args: str):
    """`lmo ingest` of a SECO bulletin, without what follows the load and is not tested here: the bulletin's PDFs
    and most of the programme effects' bootstrap (each ingest into a new warehouse computes both)."""
    with mock.patch.dict("os.environ", {"LMO_EVAL_REPS": "10"}):
        return lmo_in_process(db, "ingest", "seco-bulletin-json", *args)


@pytest.fixture(scope="module")
def two_vintages(tmp_path_factory, bulletin):
    folder = tmp_path_factory.mktemp("vintages")
    db = folder / "w.duckdb"
    revised = folder / "labour-revised.json"
    revised.write_text(json.dumps(revised_bulletin(bulletin)), encoding="utf-8")
    first = ingest(db, str(DATA_DIR / "seco" / "labour.json"))
    second = ingest(db, str(revised), "--vintage", "2026-09-01")
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    return db


def test_the_revision_adds_a_vintage_and_keeps_the_first_publication(two_vintages):
    with duckdb.connect(str(two_vintages), read_only=True) as con:
        kept = con.execute("""SELECT vintage, value FROM core.observations WHERE geo = 'CH-ZH'
                              AND period = '2025-01' AND measure = 'registered_unemployment_rate'
                              ORDER BY vintage""").fetchall()
    assert kept == [("2026-08-29", 2.6), ("2026-09-01", 2.5)]


def test_latest_by_default_and_as_published_on_a_date(two_vintages):
    assert rate(two_vintages, "CH-ZH") == 2.5 and rate(two_vintages, "CH") == 2.9
    assert rate(two_vintages, "CH-ZH", "--as-of", "2026-08-31") == 2.6
    assert rate(two_vintages, "CH", "--as-of", "2026-08-31") == 3.0


def test_as_of_before_any_publication_says_so(two_vintages):
    done = lmo_here("indicator", "registered_unemployment_rate", "--geo", "CH-ZH", "--as-of", "2025-01-01",
                    db=two_vintages)
    assert done.returncode == 1 and "as of 2025-01-01" in done.stderr


def test_reloading_the_first_file_changes_nothing(two_vintages):
    again = ingest(two_vintages, str(DATA_DIR / "seco" / "labour.json"))
    assert again.returncode == 0 and "already loaded" in again.stdout
    assert rate(two_vintages, "CH-ZH") == 2.5


def test_the_embedded_run_keeps_the_published_rate_and_the_revised_table_apart(warehouse):
    assert rate(warehouse, "CH-ZH") == 2.6
    with duckdb.connect(str(warehouse), read_only=True) as con:
        revised = con.execute("""SELECT value FROM core.observations WHERE dataset = 'statabs_2459'
                                 AND geo = 'CH-ZH' AND period = '2025-01'""").fetchall()
    assert revised == [(2.5,)]
