"""The register counts the way a typical observatory script computes them: plain pandas, spells expanded
to one row per person and month, flags, one `groupby` per breakdown (no disclosure control)."""

import numpy as np
import pandas as pd

COLUMNS = ["geo", "sex", "birth_date", "unemployed", "registration_date", "deregistration_date", "exit_reason"]
COUNTS = ["jobseekers", "registered_unemployed", "long_term_unemployed", "inflows", "outflows",
          "outflows_to_employment"]
STOCKS, FLOWS = COUNTS[:3], COUNTS[3:]


def person_months(spells: pd.DataFrame) -> pd.DataFrame:
    """One row per spell and calendar month from its registration to its deregistration month (or the
    last complete month), with the month's last day `end`; only complete months of the extract."""
    last_seen = pd.concat([spells["registration_date"], spells["deregistration_date"]]).max()
    last_month = last_seen.to_period("M") - (0 if last_seen.is_month_end else 1)
    first = spells["registration_date"].dt.to_period("M")
    final = spells["deregistration_date"].dt.to_period("M").fillna(last_month).clip(upper=last_month)
    start, stop = first.map(lambda p: p.ordinal).to_numpy(), final.map(lambda p: p.ordinal).to_numpy()
    length = np.maximum(stop - start + 1, 0)
    rows = spells.loc[spells.index.repeat(length)].reset_index(drop=True)
    offset = np.arange(len(rows)) - np.repeat(np.cumsum(length) - length, length)
    rows["month"] = pd.PeriodIndex.from_ordinals(np.repeat(start, length) + offset, freq="M")
    rows["end"] = rows["month"].dt.end_time.dt.normalize()
    return rows


def flags(df: pd.DataFrame) -> pd.DataFrame:
    """One 0/1 column per counted event, and the age group at the month's end."""
    end, birth = df["end"], df["birth_date"]
    age = end.dt.year - birth.dt.year - ((end.dt.month < birth.dt.month)
                                         | ((end.dt.month == birth.dt.month) & (end.dt.day < birth.dt.day)))
    df["age"] = pd.cut(age, [-1000, 24, 49, 1000], labels=["Y15-24", "Y25-49", "Y_GE50"]).astype(str)
    leaves = df["deregistration_date"] <= end
    stock, unemployed = ~leaves, df["unemployed"].astype(bool)
    df["jobseekers"] = stock.astype(int)
    df["registered_unemployed"] = (stock & unemployed).astype(int)
    df["long_term_unemployed"] = (stock & unemployed & ((end - df["registration_date"]).dt.days > 365)).astype(int)
    df["inflows"] = (unemployed & (df["registration_date"].dt.to_period("M") == df["month"])).astype(int)
    df["outflows"] = (unemployed & leaves).astype(int)
    df["outflows_to_employment"] = (unemployed & leaves & (df["exit_reason"] == "employment")).astype(int)
    df["in_stock"], df["in_flow"] = stock, df["inflows"] + df["outflows"] > 0
    return df


def tables(df: pd.DataFrame, measures: list[str]) -> pd.DataFrame:
    """Regions and countries, each by sex, by age group and in total."""
    df = df.assign(country=df["geo"].str.split("-").str[0])
    out = []
    for geo, rows in (("geo", df[df["geo"].str.contains("-")]), ("country", df)):
        for breakdown in ("sex", "age", None):
            keys = ["period", geo] + ([breakdown] if breakdown else [])
            table = rows.groupby(keys)[measures].sum().reset_index().rename(columns={geo: "geo"})
            out.append(table.assign(**{b: "_T" for b in ("sex", "age") if b != breakdown}))
    return pd.concat(out, ignore_index=True).melt(id_vars=["period", "geo", "sex", "age"], var_name="measure")


def indicators(path: str) -> pd.DataFrame:
    spells = pd.read_parquet(path, columns=COLUMNS)
    for column in ("birth_date", "registration_date", "deregistration_date"):
        spells[column] = pd.to_datetime(spells[column])
    df = flags(person_months(spells))
    df["period"] = df["month"].dt.strftime("%Y-%m")
    return pd.concat([tables(df[df["in_stock"]], STOCKS), tables(df[df["in_flow"]], FLOWS)], ignore_index=True)
