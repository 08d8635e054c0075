"""The same register indicators the way a typical observatory script computes them: plain pandas."""

from itertools import combinations

import pandas as pd

from indicators.person_months import COLUMNS

BREAKDOWNS = ("geo", "sex", "age")
DATES = ("month", "birth_date", "registration_date", "deregistration_date")
COUNTS = ["jobseekers", "registered_unemployed", "long_term_unemployed", "inflows", "outflows",
          "outflows_to_employment"]


def flags(df: pd.DataFrame) -> pd.DataFrame:
    """One 0/1 column per counted event, and the age group at the month."""
    age = (df["month"].dt.year - df["birth_date"].dt.year
           - ((df["month"].dt.month < df["birth_date"].dt.month)
              | ((df["month"].dt.month == df["birth_date"].dt.month) & (df["birth_date"].dt.day > 1))))
    df["age"] = pd.cut(age, [-1, 24, 49, 200], labels=["Y15-24", "Y25-49", "Y_GE50"]).astype(str)
    next_month = df["month"] + pd.DateOffset(months=1)
    leaves = df["deregistration_date"] < next_month
    stock = ~leaves
    df["jobseekers"] = stock.astype(int)
    df["registered_unemployed"] = (stock & df["unemployed"]).astype(int)
    long_term = df["registration_date"] < df["month"] - pd.DateOffset(months=11)
    df["long_term_unemployed"] = (stock & df["unemployed"] & long_term).astype(int)
    df["inflows"] = (df["registration_date"] >= df["month"]).astype(int)
    df["outflows"] = leaves.astype(int)
    df["outflows_to_employment"] = (leaves & (df["exit_reason"] == "employment")).astype(int)
    return df


def indicators(path: str) -> pd.DataFrame:
    df = pd.read_parquet(path, columns=list(COLUMNS))
    for column in DATES:
        df[column] = pd.to_datetime(df[column])
    df = flags(df)
    df["period"] = df["month"].dt.strftime("%Y-%m")
    tables = []
    for size in range(len(BREAKDOWNS) + 1):
        for keys in combinations(BREAKDOWNS, size):
            table = df.groupby(["period", *keys], observed=True)[COUNTS].sum().reset_index()
            for missing in set(BREAKDOWNS) - set(keys):
                table[missing] = "CH" if missing == "geo" else "_T"
            tables.append(table)
    wide = pd.concat(tables, ignore_index=True)
    wide["long_term_unemployment_share"] = 100 * wide["long_term_unemployed"] / wide["registered_unemployed"]
    long = wide.melt(id_vars=["period", *BREAKDOWNS], var_name="measure", value_name="value")
    return long.dropna(subset=["value"])
