"""Data-quality checks as plain SQL over core.observations, declared in checks.yaml; results kept in mart.check_results."""

import json
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from indicators.codelists import codelist, countries, regions
from indicators.model import ADJUSTMENTS, CONCEPTS, DIMENSIONS, KEY_COLUMNS, REALMS, SERIES_COLUMNS, TOTAL
from kernel.duck import records, transaction

CHECKS_FILE = Path(__file__).with_name("checks.yaml")
SQL_DIR = Path(__file__).with_name("sql") / "checks"
MAX_DETAILS = 50


@cache
def checks() -> list[dict]:
    return yaml.safe_load(CHECKS_FILE.read_text(encoding="utf-8"))


def canton_sum_mismatches(con, dataset: str, measure: str) -> list[dict]:
    """Months where the cantons' values do not add up to the national value."""
    prepare(con)
    return [row for row in violations(con, "cantons_sum") if row["dataset"] == dataset and row["measure"] == measure]


def _literals(values) -> str:
    return ", ".join(f"'{v}'" for v in values)  # our model's own codes, never user input


def check_sql(name: str) -> str:
    """A check's SQL with the model's column lists and codes filled in."""
    return (SQL_DIR / f"{name}.sql").read_text().format(
        series=", ".join(SERIES_COLUMNS), key=", ".join(KEY_COLUMNS), dims=", ".join(DIMENSIONS),
        totals=_literals([TOTAL] * len(DIMENSIONS)), concepts=_literals(CONCEPTS),
        adjustments=_literals(ADJUSTMENTS), realms=_literals(REALMS))


def prepare(con) -> None:
    """Temp views and code-list tables the checks read (session-local, nothing written)."""
    con.execute(check_sql("_setup"))
    geo = sorted(set(codelist("geo")["code"]) | regions() | countries())
    for name, codes in {"geo": geo, "obs_status": codelist("obs_status")["code"],
                        "conf_status": codelist("conf_status")["code"]}.items():
        con.register(f"known_{name}_df", pd.DataFrame({"code": list(codes)}))
        con.execute(f"CREATE OR REPLACE TEMP TABLE known_{name} AS SELECT * FROM known_{name}_df")
        con.unregister(f"known_{name}_df")


def violations(con, name: str, today: str | None = None) -> list[dict]:
    """The rows breaking one check (parameters from checks.yaml, never from user input)."""
    spec = next(c for c in checks() if c["name"] == name)
    sql = check_sql(name)
    params = dict(spec.get("params", {})) | ({"today": today or date.today().isoformat()} if "$today" in sql else {})
    return records(con, sql, params or None)


def run_checks(con, today: str | None = None) -> list[dict]:
    """Every check on every dataset: one result row each (passed, or the offending rows as details)."""
    prepare(con)
    datasets = [r["dataset"] for r in records(con, "SELECT DISTINCT dataset FROM core.observations ORDER BY 1")]
    moment = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    results = []
    for spec in checks():
        found = violations(con, spec["name"], today)
        for dataset in datasets:
            rows = [r for r in found if r["dataset"] == dataset]
            results.append({
                "check_name": spec["name"], "dataset": dataset, "severity": spec["severity"],
                "passed": not rows, "failures": len(rows), "description": spec["description"],
                "details": json.dumps(rows[:MAX_DETAILS], default=str, ensure_ascii=False), "checked_at": moment,
            })
    return results


def plausibility(con) -> list[dict]:
    """Published values against their declared range, parts against wholes: one result per indicator."""
    from indicators.engine import catalogue_frames

    meta = catalogue_frames()[1].astype({"low": "float64", "high": "float64"})
    meta["low"], meta["high"] = meta["low"].fillna(float("-inf")), meta["high"].fillna(float("inf"))
    con.execute((Path(__file__).with_name("sql") / "macros.sql").read_text())
    con.register("plaus_meta", meta)
    sql = (Path(__file__).with_name("sql") / "plausibility.sql").read_text().format(
        dims=", ".join(DIMENSIONS), p_dims=", ".join(f"p.{d}" for d in DIMENSIONS),
        totals=_literals([TOTAL] * len(DIMENSIONS)))
    found = records(con, sql)
    con.unregister("plaus_meta")
    moment = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    return [{"check_name": "plausible_values", "dataset": indicator, "severity": "error", "passed": not rows,
             "failures": len(rows), "description": "published values within their range, parts not above wholes",
             "details": json.dumps(rows[:MAX_DETAILS], default=str, ensure_ascii=False), "checked_at": moment}
            for indicator in meta["indicator"] for rows in [[r for r in found if r["indicator"] == indicator]]]


def store_results(con, results: list[dict]) -> int:
    """Append one run's results to mart.check_results in one transaction."""
    frame = pd.DataFrame(results, columns=["check_name", "dataset", "severity", "passed", "failures",
                                           "description", "details", "checked_at"])
    with transaction(con):
        con.register("check_results_df", frame)
        con.execute("INSERT INTO mart.check_results SELECT * FROM check_results_df")
        con.unregister("check_results_df")
    return len(frame)


def latest_results(con) -> list[dict]:
    """The newest result of each check on each dataset."""
    return records(con, """
        SELECT * FROM mart.check_results
        QUALIFY row_number() OVER (PARTITION BY check_name, dataset ORDER BY checked_at DESC) = 1
        ORDER BY dataset, passed, severity, check_name""")


FRESHNESS_FILE = Path(__file__).with_name("freshness.yaml")


def expected_period(frequency: str, lag: int, today: date) -> str:
    """The latest period a source should have published by `today`, `lag` periods after its end."""
    if frequency == "M":
        months = today.year * 12 + today.month - 1 - lag
        return f"{months // 12}-{months % 12 + 1:02d}"
    if frequency == "Q":
        quarters = today.year * 4 + (today.month - 1) // 3 - lag
        return f"{quarters // 4}-Q{quarters % 4 + 1}"
    return str(today.year - lag)


def periods_between(first: str, last: str, frequency: str) -> int:
    """How many periods `last` is after `first`, both of this frequency."""
    def index(p: str) -> int:
        return {"A": lambda: int(p), "Q": lambda: int(p[:4]) * 4 + int(p[-1]) - 1,
                "M": lambda: int(p[:4]) * 12 + int(p[5:]) - 1}[frequency]()
    return index(last) - index(first)


def freshness(con, today: date | None = None) -> list[dict]:
    """Latest period per dataset and frequency against the one expected from the publication lag."""
    today = today or date.today()
    lags = yaml.safe_load(FRESHNESS_FILE.read_text(encoding="utf-8"))
    rows = records(con, """
        SELECT dataset, frequency, max(period) AS latest, max(vintage) AS vintage
        FROM core.observations GROUP BY ALL ORDER BY ALL""")
    for row in rows:
        prefix = next((p for p in lags["datasets"] if row["dataset"].startswith(p)), None)
        lag = lags["datasets"][prefix].get(row["frequency"], lags["default"][row["frequency"]]) if prefix \
            else lags["default"][row["frequency"]]
        row["expected"] = expected_period(row["frequency"], lag, today)
        row["behind"] = max(periods_between(row["latest"], row["expected"], row["frequency"]), 0)
    return rows
