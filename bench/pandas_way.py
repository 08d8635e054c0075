"""The same register indicators the way a typical observatory script computes them: plain pandas."""

from itertools import combinations

import pandas as pd

from indicators.person_months import COLUMNS

BREAKDOWNS = ("geo", "sex", "age")
DATES = ("month", "birth_date", "registration_date", "deregistration_date")
COUNTS = ["jobseekers", "registered_unemployed", "long_term_unemployed", "inflows", "outflows",
          "outflows_to_employment"]


def flags(df: pd.DataFrame) -> pd.DataFrame:
    """One 0/1 column per counted event, and the age group at the month's end."""
    end = df["month"] + pd.offsets.MonthEnd(0)
    age = (end.dt.year - df["birth_date"].dt.year
           - ((end.dt.month < df["birth_date"].dt.month)
              | ((end.dt.month == df["birth_date"].dt.month) & (end.dt.day < df["birth_date"].dt.day))))
    df["age"] = pd.cut(age, [-1, 24, 49, 200], labels=["Y15-24", "Y25-49", "Y_GE50"]).astype(str)
    leaves = df["deregistration_date"] <= end
    stock, unemployed = ~leaves, df["unemployed"]
    df["jobseekers"] = stock.astype(int)
    df["registered_unemployed"] = (stock & unemployed).astype(int)
    long_term = (end - df["registration_date"]).dt.days > 365
    df["long_term_unemployed"] = (stock & unemployed & long_term).astype(int)
    df["inflows"] = (unemployed & (df["registration_date"] >= df["month"])).astype(int)
    df["outflows"] = (unemployed & leaves).astype(int)
    df["outflows_to_employment"] = (unemployed & leaves & (df["exit_reason"] == "employment")).astype(int)
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
