"""The publication routes on a running dashboard server: SDMX read with sdmx1, releases read over HTTP."""

import io

import duckdb
import pandas as pd
import pytest
import requests

from tests.browser import served_dashboard

pytestmark = pytest.mark.slow
DSD = "DSD_LMO"


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


def test_sdmx1_reads_the_last_observations_as_the_mart_has_them(client, warehouse):
    dsd = client.get("datastructure", DSD, version="1.0").structure[DSD]
    message = client.get("data", "registered_unemployment_rate",
                         key={"REF_AREA": "CH-ZH", "MEASURE": "level", "REALM": "official"}, dsd=dsd,
                         params={"lastNObservations": 3})
    expected = dict(mart(warehouse, """SELECT period, value FROM mart.indicator_values
        WHERE indicator = 'registered_unemployment_rate' AND geo = 'CH-ZH' AND measure = 'level' AND sex = '_T'
          AND age = '_T' AND citizenship = '_T' AND realm = 'official' ORDER BY period DESC LIMIT 3"""))
    assert observations(message) == expected and len(expected) == 3


def test_an_as_of_query_gives_the_values_published_then(client, server, warehouse):
    """In June 2026 the January–May 2025 Zurich rates were Basel-Stadt's revised series; SECO's came in August."""
    import sdmx

    dsd = client.get("datastructure", DSD, version="1.0").structure[DSD]
    url = server + "/sdmx/data/dataflow/LMO/registered_unemployment_rate/1.0/.CH-ZH.......level.."
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
    (series,) = response.json()["data"]["dataSets"][0]["series"].values()
    (expected,) = mart(warehouse, """SELECT value FROM mart.indicator_values WHERE indicator = 'registered_unemployed'
        AND geo = 'CH' AND period = '2026-07' AND measure = 'level' AND sex = '_T' AND age = '_T'
        AND realm = 'official'""")
    assert series["observations"]["0"][0] == expected[0]


def test_a_release_read_over_http_equals_the_published_mart(server, warehouse):
    url = server + "/releases/latest/indicator_values.parquet"
    released = pd.read_parquet(url)
    from kernel.query import published
    from publish.realm import realm_sql

    with duckdb.connect(str(published(warehouse)), read_only=True) as con:
        columns = {row[0] for row in con.execute("SELECT * FROM mart.indicator_values LIMIT 0").description}
        extra = "" if "realm" in columns else f", {realm_sql(columns)} AS realm"
        expected = con.execute(f"SELECT *{extra} FROM mart.indicator_values ORDER BY ALL").df()
    pd.testing.assert_frame_equal(released, expected, check_dtype=False)
    partial = requests.get(url, headers={"Range": "bytes=0-3"}, timeout=60)
    assert partial.status_code == 206 and partial.content == b"PAR1"
    package = requests.get(server + "/releases/2026-12-01/datapackage.json", timeout=60).json()
    assert {r["name"] for r in package["resources"]} >= {"indicator_values", "check_results"}
    assert next(r for r in package["resources"] if r["name"] == "indicator_values")["lmo:rows"] == len(expected)


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
