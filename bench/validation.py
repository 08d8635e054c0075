"""The same person-month rules checked three ways: pandera on pandas, SQL in DuckDB, pandera on polars."""

import datetime as dt

import duckdb

from indicators.codelists import cantons

SEXES = ["M", "F"]
EXITS = ["employment", "exhaustion", "other"]
OLDEST = dt.date(1900, 1, 1)


def geos() -> list[str]:
    return list(cantons())


def duckdb_checks(path: str) -> int:
    """Every rule as one count of breaking rows, in a single scan; returns the rows breaking any rule."""
    sql = """
        SELECT count_if(NOT (
            spell_id IS NOT NULL AND person_id IS NOT NULL AND unemployed IS NOT NULL
            AND month = date_trunc('month', month) AND geo IN (SELECT unnest($geos))
            AND sex IN (SELECT unnest($sexes)) AND birth_date BETWEEN $oldest AND month
            AND date_trunc('month', registration_date) <= month
            AND (deregistration_date IS NULL
                 OR (deregistration_date >= month AND deregistration_date >= registration_date))
            AND (exit_reason IS NULL OR exit_reason IN (SELECT unnest($exits)))
            AND (exit_reason IS NULL) = (deregistration_date IS NULL)))
        FROM read_parquet($path)"""
    with duckdb.connect() as con:
        return con.execute(sql, {"geos": geos(), "sexes": SEXES, "exits": EXITS, "oldest": OLDEST,
                                 "path": path}).fetchall()[0][0]


def pandera_pandas(path: str) -> int:
    import pandas as pd
    import pandera.pandas as pa

    frame = pd.read_parquet(path)
    for column in ("month", "birth_date", "registration_date", "deregistration_date"):
        frame[column] = pd.to_datetime(frame[column])
    next_month = frame["month"] + pd.offsets.MonthBegin(1)
    schema = pa.DataFrameSchema({
        "spell_id": pa.Column(str), "person_id": pa.Column(str), "unemployed": pa.Column(bool),
        "month": pa.Column("datetime64[s]", pa.Check(lambda s: s.dt.day == 1)),
        "geo": pa.Column(str, pa.Check.isin(geos())), "sex": pa.Column(str, pa.Check.isin(SEXES)),
        "birth_date": pa.Column("datetime64[s]", pa.Check.ge(pd.Timestamp(OLDEST))),
        "deregistration_date": pa.Column("datetime64[s]", nullable=True),
        "exit_reason": pa.Column(str, pa.Check.isin(EXITS), nullable=True),
    }, checks=[
        pa.Check(lambda df: df["birth_date"] <= df["month"]),
        pa.Check(lambda df: df["registration_date"] < next_month),
        pa.Check(lambda df: df["deregistration_date"].isna() | ((df["deregistration_date"] >= df["month"])
                                                               & (df["deregistration_date"] >= df["registration_date"]))),
        pa.Check(lambda df: df["exit_reason"].isna() == df["deregistration_date"].isna()),
    ])
    schema.validate(frame, lazy=True)
    return 0


def pandera_polars(path: str) -> int:
    import pandera.polars as pa
    import polars as pl

    def rule(expr):
        return pa.Check(lambda data: data.lazyframe.select(expr))

    schema = pa.DataFrameSchema({
        "spell_id": pa.Column(pl.String), "person_id": pa.Column(pl.String), "unemployed": pa.Column(pl.Boolean),
        "month": pa.Column(pl.Date, rule(pl.col("month").dt.day() == 1)),
        "geo": pa.Column(pl.String, pa.Check.isin(geos())), "sex": pa.Column(pl.String, pa.Check.isin(SEXES)),
        "birth_date": pa.Column(pl.Date, pa.Check.ge(OLDEST)),
        "deregistration_date": pa.Column(pl.Date, nullable=True),
        "exit_reason": pa.Column(pl.String, pa.Check.isin(EXITS), nullable=True),
    }, checks=[
        rule(pl.col("birth_date") <= pl.col("month")),
        rule(pl.col("registration_date") < pl.col("month").dt.offset_by("1mo")),
        rule(pl.col("deregistration_date").is_null() | ((pl.col("deregistration_date") >= pl.col("month"))
                                                        & (pl.col("deregistration_date") >= pl.col("registration_date")))),
        rule(pl.col("exit_reason").is_null() == pl.col("deregistration_date").is_null()),
    ])
    schema.validate(pl.read_parquet(path), lazy=True)
    return 0
