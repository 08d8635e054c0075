"""The publication routes on a running dashboard server: SDMX read with sdmx1, releases read over HTTP (pandas,
and DuckDB with httpfs), and README's examples run as written there."""

import io
import json
import re
import subprocess
import textwrap
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import requests

from indicators.codelists import codelist
from tests.browser import served_dashboard
from tests.conftest import published_value
from tests.sdmx_schema import schema_errors

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("publish_server")]  # one server fixture, on one worker
DSD = "DSD_LMO"
ROOT = Path(__file__).resolve().parents[1]
DUCKDB_HTTP = ROOT / ".tools" / "duckdb-http" / "bin" / "python"  # `make duckdb-http`
LANGS = ("en", "fr", "de", "it", "ar")


@pytest.fixture(scope="module")
def server(warehouse):
    from kernel.query import published
    from publish.release import releases_dir, write_release

    write_release(published(warehouse), releases_dir(warehouse), "2026-12-01")
    with served_dashboard(warehouse) as url:
        yield url


@pytest.fixture(scope="module")
def client(server):
    import sdmx

    sdmx.add_source({"id": "LMO", "url": server + "/sdmx", "name": "LMO", "versions": ["3.0.0"],
                     "data_content_type": "CSV",
                     "supports": {"dataflow": True, "datastructure": True, "codelist": True, "data": True}},
                    override=True)
    return sdmx.Client("LMO")


@pytest.fixture(scope="module")
def dsd(client):
    """The data structure, read once by sdmx1 for the tests that parse data with it."""
    return client.get("datastructure", DSD, version="1.0").structure[DSD]


def observations(message) -> dict[str, float]:
    return {o.dimension.get_values()[-1]: float(o.value) for o in message.data[0].obs}


def mart(warehouse, sql: str, params=(), copy: bool = True) -> list:
    """A query on the published copy (or, copy=False, on the warehouse itself: core.observations)."""
    from kernel.query import published

    with duckdb.connect(str(published(warehouse) if copy else warehouse), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def test_sdmx1_reads_structures_with_names_in_every_language(client):
    message = client.get("dataflow", "registered_unemployment_rate", version="1.0")
    assert str(message.dataflow["registered_unemployment_rate"].name) == "Registered unemployment rate"
    geneva = message.codelist["CL_REF_AREA"]["CH-GE"].name.localizations
    assert geneva == {"de": "Genf", "fr": "Genève", "it": "Ginevra", "en": "Geneva", "ar": "جنيف"}
    assert [d.id for d in message.structure[DSD].dimensions][-2:] == ["REALM", "TIME_PERIOD"]


def test_sdmx1_reads_the_last_observations_as_the_mart_has_them(client, dsd, warehouse):
    message = client.get("data", "registered_unemployment_rate",
                         key={"REF_AREA": "CH-ZH", "MEASURE": "level", "REALM": "official"}, dsd=dsd,
                         params={"lastNObservations": 3})
    expected = dict(mart(warehouse, """SELECT period, value FROM mart.indicator_values
        WHERE indicator = 'registered_unemployment_rate' AND geo = 'CH-ZH' AND measure = 'level' AND sex = '_T'
          AND age = '_T' AND citizenship = '_T' AND realm = 'official' ORDER BY period DESC LIMIT 3"""))
    assert observations(message) == expected and len(expected) == 3


def test_an_as_of_query_gives_the_values_published_then(client, dsd, server, warehouse):
    """In June 2026 the January–May 2025 Zurich rates were Basel-Stadt's revised series; SECO's came in August."""
    import sdmx

    url = server + "/sdmx/data/dataflow/LMO/registered_unemployment_rate/1.0/.CH-ZH.......level..official"
    window = {"c[TIME_PERIOD]": "ge:2025-01+le:2025-05"}
    then = client.session.get(url, params=window | {"asOf": "2026-06-30"})
    now = client.session.get(url, params=window)
    values_then = observations(sdmx.read_sdmx(io.BytesIO(then.content), format="csv", structure=dsd))
    values_now = observations(sdmx.read_sdmx(io.BytesIO(now.content), format="csv", structure=dsd))

    def source(dataset):
        return dict(mart(warehouse, """SELECT period, value FROM core.observations
        WHERE dataset = ? AND geo = 'CH-ZH' AND measure = 'registered_unemployment_rate'
          AND period BETWEEN '2025-01' AND '2025-05'""", [dataset], copy=False))
    assert values_then == source("statabs_2459") and values_now == source("seco_bulletin")
    assert values_then != values_now


def test_sdmx_json_by_accept_header(server, warehouse):
    response = requests.get(server + "/sdmx/data/dataflow/LMO/registered_unemployed/1.0/.CH.........official",
                            params={"c[MEASURE]": "level", "c[TIME_PERIOD]": "eq:2026-07"},
                            headers={"Accept": "application/vnd.sdmx.data+json;version=2.0.0"}, timeout=60)
    assert response.headers["Content-Type"].startswith("application/vnd.sdmx.data+json")
    assert schema_errors(response.json(), "data") == []
    (series,) = response.json()["data"]["dataSets"][0]["series"].values()
    (expected,) = mart(warehouse, """SELECT value FROM mart.indicator_values WHERE indicator = 'registered_unemployed'
        AND geo = 'CH' AND period = '2026-07' AND measure = 'level' AND sex = '_T' AND age = '_T'
        AND realm = 'official'""")
    assert series["observations"]["0"][0] == expected[0]


@pytest.fixture(scope="module")
def published_mart(warehouse) -> tuple[str, str, list[str]]:
    """The published warehouse, and the query and columns of its mart.indicator_values as a release has it."""
    from kernel.query import published
    from publish.realm import realm_sql

    db = str(published(warehouse))
    with duckdb.connect(db, read_only=True) as con:
        columns = [row[0] for row in con.execute("SELECT * FROM mart.indicator_values LIMIT 0").description]
    extra = "" if "realm" in columns else f", {realm_sql(columns)} AS realm"
    return db, f"SELECT *{extra} FROM mart.indicator_values", columns + ([] if extra == "" else ["realm"])


def rows_apart(published_mart, release) -> tuple[int, int, int]:
    """The mart's rows, the release's and the rows in only one of them (the release (a DataFrame or a Parquet file), compared in
    DuckDB (a million rows: pandas would take seconds to sort and compare them)."""
    db, mart, _ = published_mart
    with duckdb.connect(db, read_only=True) as con:
        if isinstance(release, pd.DataFrame):
            con.register("release", release)
        else:
            con.execute(f"CREATE TEMP VIEW release AS SELECT * FROM read_parquet('{release}')")
        return con.execute(f"""SELECT (SELECT count(*) FROM ({mart})), (SELECT count(*) FROM release),
            (SELECT count(*) FROM ({mart} EXCEPT ALL FROM release)) + (SELECT count(*) FROM (FROM release EXCEPT ALL {mart}))
            """).fetchone()


def test_a_release_read_over_http_equals_the_published_mart(server, published_mart):
    url = server + "/releases/latest/indicator_values.parquet"
    released = pd.read_parquet(url)
    assert list(released.columns) == published_mart[2]
    rows, released_rows, apart = rows_apart(published_mart, released)
    assert released_rows == rows > 100000 and apart == 0
    partial = requests.get(url, headers={"Range": "bytes=0-3"}, timeout=60)
    assert partial.status_code == 206 and partial.content == b"PAR1"
    package = requests.get(server + "/releases/2026-12-01/datapackage.json", timeout=60).json()
    assert {r["name"] for r in package["resources"]} >= {"indicator_values", "check_results"}
    assert next(r for r in package["resources"] if r["name"] == "indicator_values")["lmo:rows"] == rows


@pytest.mark.parametrize("env, headers, expected", [
    ({"LMO_AUTH_USERS": "ana:secret"}, {}, 401),
    ({"LMO_AUTH_USERS": "ana:secret"}, {"Authorization": "Basic YW5hOnNlY3JldA=="}, 200),
    ({"LMO_AUTH_HEADER": "X-Remote-User"}, {}, 401),
])
def test_publication_routes_have_the_dashboards_access_control(warehouse, monkeypatch, env, headers, expected):
    monkeypatch.setenv("LMO_DB", str(warehouse))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    from dashboard.app import create_app

    client = create_app().server.test_client()
    for path in ("/sdmx/structure/codelist/LMO/CL_SEX/1.0", "/releases/"):
        assert client.get(path, headers=headers).status_code == expected


def readme_examples(language: str) -> list[str]:
    """The fenced examples of README's publishing section, as written there."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Publishing"):]
    section = section[:section.index("\n## ")]
    return [textwrap.dedent(block) for block in re.findall(rf"^  ```{language}\n(.*?)^  ```$", section, re.M | re.S)]


def seco(bulletin: dict, geo: str, field: str):
    """SECO's July 2026 figure for Switzerland or a canton (the bulletin names cantons by abbreviation)."""
    return published_value(bulletin, geo.removeprefix("CH-"), "2026-07", field)


def on(server: str, example: str) -> str:
    return example.replace("http://127.0.0.1:8050", server)  # `lmo serve`'s default address


def test_readme_curl_examples_work(server, bulletin):
    data, structure = (subprocess.run(["bash", "-c", on(server, example)], capture_output=True, text=True, check=True)
                       .stdout for example in readme_examples("sh"))
    rates = pd.read_csv(io.StringIO(data), dtype={"OBS_VALUE": float})
    totals = rates[(rates["SEX"] == "_T") & (rates["AGE"] == "_T") & (rates["CITIZENSHIP"] == "_T")
                   & (rates["FREQ"] == "M") & (rates["ADJUSTMENT"] == "NSA")].set_index(["REF_AREA", "TIME_PERIOD"])["OBS_VALUE"]
    for geo in ("CH", "CH-GE"):
        assert totals[geo, "2026-07"] == seco(bulletin, geo, "rate")
        assert totals[geo].index.min() == "2025-01" and totals[geo].index.max() == "2026-07"
    sexes = codelist("sex").set_index("code")
    (cl,) = json.loads(structure)["data"]["codelists"]
    assert {c["id"]: c["names"] for c in cl["codes"]} == {
        code: {lang: sexes.at[code, f"name_{lang}"] for lang in LANGS} for code in sexes.index}


def test_readme_python_examples_work(server, warehouse, bulletin):
    read, client = [e for e in readme_examples("python") if "duckdb" not in e]
    names: dict = {}
    exec(on(server, read), names)
    as_of = names["rates"].set_index("TIME_PERIOD")["OBS_VALUE"]
    statabs = dict(mart(warehouse, """SELECT period, value FROM core.observations WHERE dataset = 'statabs_2459'
        AND geo = 'CH-ZH' AND measure = 'registered_unemployment_rate' AND period BETWEEN '2025-01' AND '2025-05'""",
                        copy=False))
    assert len(statabs) == 5 and {p: as_of[p] for p in statabs} == statabs
    exec(on(server, client), names)
    series = names["series"].xs(("level", "2026-07"), level=["MEASURE", "TIME_PERIOD"])
    assert series.xs(("_T", "_T", "_T", "NSA"), level=["SEX", "AGE", "CITIZENSHIP", "ADJUSTMENT"]).item() == \
        seco(bulletin, "CH-ZH", "rate")


def test_readme_duckdb_example_reads_a_release_over_http(server, published_mart, bulletin, tmp_path):
    """DuckDB 1.5.5 with PyPI's httpfs extension (the side environment of `make duckdb-http`) reads the release."""
    if not DUCKDB_HTTP.exists():
        pytest.skip("DuckDB with httpfs is set up by `make duckdb-http` (part of `make test`)")
    (example,) = [e for e in readme_examples("python") if "duckdb" in e]
    whole, answer = tmp_path / "release.parquet", tmp_path / "latest.json"
    script = on(server, example) + textwrap.dedent(f"""
        import json
        con.execute("COPY (SELECT * FROM '{server}/releases/latest/indicator_values.parquet') TO '{whole}'")
        json.dump(latest, open('{answer}', 'w'))""")
    subprocess.run([str(DUCKDB_HTTP), "-c", script], capture_output=True, text=True, check=True)
    latest = dict(json.loads(answer.read_text()))
    places = ("CH", "CH-GE", "CH-ZH")
    assert [latest[geo] for geo in places] == [seco(bulletin, geo, "unemployed") for geo in places]
    rows, released_rows, apart = rows_apart(published_mart, whole)
    assert released_rows == rows > 100000 and apart == 0


def test_structures_name_every_code_in_every_language_as_sdmx_json(server):
    response = requests.get(server + "/sdmx/structure/codelist/LMO/*/1.0", timeout=60,
                            headers={"Accept": "application/vnd.sdmx.structure+json;version=2.0.0"})
    assert response.headers["Content-Type"].startswith("application/vnd.sdmx.structure+json")
    assert schema_errors(response.json(), "structure") == []
    lists = response.json()["data"]["codelists"]
    unnamed = [(cl["id"], code["id"], lang) for cl in lists for code in cl["codes"] for lang in LANGS
               if not code["names"].get(lang)]
    assert len(lists) == 13 and unnamed == []
    ref_area = {code["id"]: code["names"] for code in next(cl for cl in lists if cl["id"] == "CL_REF_AREA")["codes"]}
    countries = codelist("countries").set_index("alpha2")  # CLDR's names (Babel)
    shown = [code for code in ref_area if code in countries.index]
    assert len(shown) > 50 and all(ref_area[c]["de"] == countries.at[c, "name_de"] for c in shown)
    assert ref_area["CH-GE"] == {"en": "Geneva", "fr": "Genève", "de": "Genf", "it": "Ginevra", "ar": "جنيف"}
    assert requests.get(server + "/sdmx/structure/codelist/LMO/CL_SEX/1.0", timeout=60).headers[
        "Content-Type"].startswith("application/vnd.sdmx.structure+xml")
    assert requests.get(server + "/sdmx/structure/codelist/LMO/CL_SEX/1.0", headers={"Accept": "text/csv"},
                        timeout=60).status_code == 406


def test_availability_is_a_data_constraint_of_the_codes_with_data(server, warehouse):
    response = requests.get(server + "/sdmx/availability/dataflow/LMO/registered_unemployed/1.0/.CH.........official",
                            timeout=60)
    assert schema_errors(response.json(), "structure") == []
    (constraint,) = response.json()["data"]["dataConstraints"]
    (count, first, last), = mart(warehouse, """SELECT count(*), min(period), max(period) FROM mart.indicator_values
        WHERE indicator = 'registered_unemployed' AND geo = 'CH' AND realm = 'official'""")
    region = {v["id"]: v for v in constraint["cubeRegions"][0]["keyValues"]}
    assert constraint["annotations"][0]["title"] == str(count) and region["REF_AREA"]["values"] == ["CH"]
    assert region["TIME_PERIOD"]["timeRange"]["startPeriod"]["period"] == first
    assert region["TIME_PERIOD"]["timeRange"]["endPeriod"]["period"] == last


@pytest.mark.parametrize("path, status, message", [
    ("/data/dataflow/LMO/registered_unemployed/1.0/?asOf=2026-99-99", 400, "asOf '2026-99-99' is not an ISO 8601"),
    ("/data/dataflow/LMO/registered_unemployed/1.0/?lastNObservations=abc", 400, "'abc' is not a positive whole"),
    ("/data/dataflow/LMO/registered_unemployed/1.0/?includeHistory=maybe", 400, "is not true or false"),
    ("/data/dataflow/LMO/registered_unemployed/1.0/?c[TIME_PERIOD]=ge:2026-13", 400, "'2026-13' is not YYYY"),
    ("/data/dataflow/LMO/registered_unemployed/2.0", 404, "version '2.0'"),
    ("/data/dataflow/LMO/registered_unemployed/1.0/CH/extra", 404, "no such SDMX resource"),
])
def test_malformed_sdmx_queries_are_refused_with_an_sdmx_error(server, path, status, message):
    response = requests.get(server + "/sdmx" + path, timeout=60)
    assert response.status_code == status and f'<mes:ErrorMessage code="{status}">' in response.text
    assert message in response.text.replace("&#39;", "'")


def test_a_trailing_slash_after_the_version_is_the_whole_dataflow(server):
    with_slash = requests.get(server + "/sdmx/data/dataflow/LMO/registered_unemployed/1.0/", timeout=60)
    without = requests.get(server + "/sdmx/data/dataflow/LMO/registered_unemployed/1.0", timeout=60)
    assert with_slash.status_code == 200 and with_slash.text.startswith("STRUCTURE,")
    assert len(with_slash.text.splitlines()) == len(without.text.splitlines()) > 100
