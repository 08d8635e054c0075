"""Register indicators, the one implementation: register tables in, observations with disclosure control out."""

import json
from collections.abc import Callable
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import yaml

from indicators import linked, linked_protection, obligation
from indicators.disclosure import FREE, min_cell, protect
from indicators.model import DIMENSIONS, TOTAL, ObservationSchema, aggregated, with_defaults
from kernel.duck import transaction
from kernel.settings import DATA_DIR, demo_register_dir

SQL = Path(__file__).with_name("sql") / "register.sql"
SPELLS = ("spell_id, person_id, geo, sex, birth_date::DATE AS birth_date, occupation, "
          "registration_date::DATE AS registration_date, deregistration_date::DATE AS deregistration_date, unemployed, "
          "exit_reason")
VACANCIES = ("geo, occupation, notified_date::DATE AS notified_date, closed_date::DATE AS closed_date, "
             "subject_to_obligation, positions")
INTERRUPTIONS = "spell_id, start_date::DATE AS start_date, end_date::DATE AS end_date"
NO_INTERRUPTIONS = ("SELECT NULL::VARCHAR AS spell_id, NULL::DATE AS start_date, NULL::DATE AS end_date, "
                    "NULL::VARCHAR AS source LIMIT 0")
# Realms never mix: synthetic microdata aggregate into synthetic_register, never into register.
OUT_DATASET = "CASE WHEN {realm} = 'synthetic' THEN 'synthetic_register' ELSE 'register' END"
LABOUR_FORCE = DATA_DIR / "denominators" / "labour_force.csv"
SYNTH_CONFIG = DATA_DIR / "register" / "synth.yaml"
KEYS = ["dataset", "geo", "period", "sex", "age"]
# Counts of persons: these are protected by disclosure control.
PERSONS = ("registered_unemployed", "jobseekers", "long_term_unemployed", "inflows", "outflows",
           "outflows_to_employment", "benefit_exhaustions", "leavers_mature", "reregistrations_12m")
POSITIONS = ("vacancies_notified_subject", "vacancies_notified_not_subject", "vacancies_open")
HIDDEN = ("duration_elapsed_days", "duration_completed_days", "leavers_mature", "reregistrations_12m", "labour_force")
# measure: (numerator, denominator, months the denominator lags, scale, unit)
RATIOS = {
    "registered_unemployment_rate": ("registered_unemployed", "labour_force", 0, 100, "percent"),
    "jobseeker_rate": ("jobseekers", "labour_force", 0, 100, "percent"),
    "inflow_rate": ("inflows", "labour_force", 0, 100, "percent"),
    "long_term_unemployment_share": ("long_term_unemployed", "registered_unemployed", 0, 100, "percent"),
    "outflow_rate": ("outflows", "registered_unemployed", 1, 100, "percent"),
    "outflow_to_employment_rate": ("outflows_to_employment", "registered_unemployed", 1, 100, "percent"),
    "benefit_exhaustion_rate": ("benefit_exhaustions", "outflows", 0, 100, "percent"),
    "reregistration_rate_12m": ("reregistrations_12m", "leavers_mature", 0, 100, "percent"),
    "duration_elapsed_mean": ("duration_elapsed_days", "registered_unemployed", 0, 1, "days"),
    "duration_completed_mean": ("duration_completed_days", "outflows", 0, 1, "days"),
    "vacancy_rate": ("vacancies_open", "labour_force", 0, 100, "percent"),
    "vacancies_per_unemployed": ("vacancies_open", "registered_unemployed", 0, 1, "ratio"),
    "unemployed_per_vacancy": ("registered_unemployed", "vacancies_open", 0, 1, "ratio"),
}
# stock(m) = stock(m−1) + inflows(m) − outflows(m): one linked table with the places, sexes and ages
FLOW = ("registered_unemployed", "inflows", "outflows")
WAYS = {"geo": linked.regions, "sex": linked.breakdown, "age": linked.breakdown}
UNITS = {m: "persons" for m in PERSONS} | {m: "positions" for m in POSITIONS}


def from_warehouse(con: duckdb.DuckDBPyConnection) -> str | None:
    """Register input: the latest vintage of each dataset in core.register_spells / register_vacancies /
    register_interruptions (`source`: the loaded dataset, which links an interruption to its spell)."""
    for name, table, columns in (("reg_spells", "core.register_spells", SPELLS),
                                 ("reg_vacancies", "core.register_vacancies", VACANCIES),
                                 ("reg_interruptions", "core.register_interruptions", INTERRUPTIONS)):
        dataset = OUT_DATASET.format(realm="realm")
        con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT {columns}, {dataset} AS dataset, dataset AS source "
                    f"FROM {table} QUALIFY vintage = max(vintage) OVER (PARTITION BY dataset, geo)")
    return con.execute("SELECT max(vintage) FROM core.register_spells").fetchall()[0][0]


def _quoted(path: str) -> str:
    return "'" + str(path).replace("'", "''") + "'"  # a view cannot take a prepared parameter


def _dataset(con: duckdb.DuckDBPyConnection, files: str) -> str:
    """The output and the loaded dataset of exchange-format files: by their realm and dataset columns,
    user and register (the contract's defaults) where they have none."""
    columns = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM read_parquet({_quoted(files)})").fetchall()}
    out = OUT_DATASET.format(realm="coalesce(realm, 'user')" if "realm" in columns else "'user'")
    source = "coalesce(dataset, 'register')" if "dataset" in columns else "'register'"
    return f"{out} AS dataset, {source} AS source"


def from_parquet(con: duckdb.DuckDBPyConnection, spells: str, vacancies: str | None, vintage: str,
                 interruptions: str | None = None) -> str:
    """Register input: files of the exchange format in Parquet (a path or glob each; vacancies and
    interruptions may be None: a register without interruptions has none)."""
    con.execute(f"CREATE OR REPLACE TEMP VIEW reg_spells AS SELECT {SPELLS}, {_dataset(con, spells)} "
                f"FROM read_parquet({_quoted(spells)})")
    con.execute("CREATE OR REPLACE TEMP VIEW reg_interruptions AS " + (
        NO_INTERRUPTIONS if interruptions is None else
        f"SELECT {INTERRUPTIONS}, {_dataset(con, interruptions)} FROM read_parquet({_quoted(interruptions)})"))
    if vacancies is None:
        con.execute("CREATE OR REPLACE TEMP VIEW reg_vacancies AS SELECT NULL::VARCHAR AS geo, NULL::VARCHAR AS "
                    "occupation, NULL::DATE AS notified_date, NULL::DATE AS closed_date, NULL::BOOLEAN AS "
                    "subject_to_obligation, NULL::INTEGER AS positions, NULL::VARCHAR AS dataset LIMIT 0")
    else:
        con.execute(f"CREATE OR REPLACE TEMP VIEW reg_vacancies AS SELECT {VACANCIES}, {_dataset(con, vacancies)} "
                    f"FROM read_parquet({_quoted(vacancies)})")
    return vintage


def counts(con: duckdb.DuckDBPyConnection, months: tuple[str | None, str | None] = (None, None)) -> pd.DataFrame:
    """Long table of counts (and day sums) per dataset, geo, month, sex and age, of the periods
    `months` (first, last; None: every complete month) of the input chosen by from_warehouse/from_parquet."""
    for statement in filter(str.strip, SQL.read_text().split(";\n")):
        params = {k: v for k, v in zip(("first", "last"), months) if f"${k}" in statement}
        con.execute(statement, params)
    frames = [con.execute(f"SELECT * FROM {t}").df() for t in ("reg_counts", "reg_flow_counts", "reg_vacancy_counts")]
    long = [f.melt(id_vars=KEYS, var_name="measure", value_name="value") for f in frames if len(f)]
    out = pd.concat(long, ignore_index=True) if long else pd.DataFrame(columns=[*KEYS, "measure", "value"])
    return out.dropna(subset=["value"]).astype({"value": float})


def synthetic_scale(folder: Path | None = None) -> dict[str, float]:
    """Country → synthetic ÷ published unemployed, for synthetic registers calibrated on a published stock."""
    scale = {}
    for path in (folder or demo_register_dir()).glob("*/synth-metadata.json"):
        meta = json.loads(path.read_text(encoding="utf-8"))
        calibration = meta.get("calibration", {})
        if "bulletin" in calibration.get("target", ""):
            scale[meta["country"]] = calibration["expected_unemployed_per_published_unemployed"]
    return scale


def labour_force(path: Path = LABOUR_FORCE) -> pd.DataFrame:
    """Denominators per dataset: as in the file for `register`; for `synthetic_register` scaled down
    like the synthetic stock, and only where the synthetic register was calibrated on published data."""
    lf = pd.read_csv(path, dtype=str, comment="#").astype({"labour_force": float})[["geo", "sex", "age", "labour_force"]]
    scale = synthetic_scale()
    synthetic = lf[lf["geo"].str[:2].isin(list(scale))]
    synthetic = synthetic.assign(dataset="synthetic_register",
                                 labour_force=synthetic["labour_force"] * synthetic["geo"].str[:2].map(scale))
    return pd.concat([lf.assign(dataset="register"), synthetic], ignore_index=True)


def _lag(period: str, months: int) -> str:
    return (pd.Period(period, "M") - months).strftime("%Y-%m") if months else period


def ratios(cells: pd.DataFrame, lf: pd.DataFrame) -> pd.DataFrame:
    """Every ratio measure; withheld (NaN, worst status) when its numerator or denominator is."""
    base = cells.set_index([*KEYS, "measure"])[["value", "conf_status"]]
    on = ["dataset", "geo"] if "dataset" in lf else ["geo"]
    lf_rows = lf.merge(cells[["dataset", "geo", "period"]].drop_duplicates(), on=on)
    lf_rows = lf_rows.assign(measure="labour_force", value=lf_rows.pop("labour_force"), conf_status=FREE)
    base = pd.concat([base, lf_rows.set_index([*KEYS, "measure"])[["value", "conf_status"]]])
    out, present = [], set(base.index.get_level_values("measure").unique())
    for measure, (num, den, lag, scale, unit) in RATIOS.items():
        if num not in present or den not in present:
            continue
        top, bottom = (base.xs(m, level="measure").reset_index() for m in (num, den))
        periods = pd.DataFrame({"period": pd.unique(top["period"].to_numpy(dtype=object))})
        top = top.merge(periods.assign(den_period=[_lag(p, lag) for p in periods["period"]]), on="period")
        both = top.merge(bottom, left_on=["dataset", "geo", "den_period", "sex", "age"],
                         right_on=["dataset", "geo", "period", "sex", "age"], suffixes=("", "_d"))
        hidden = (both["conf_status"] != FREE) | (both["conf_status_d"] != FREE)
        value = np.where(both["value_d"] > 0, scale * both["value"] / both["value_d"].where(both["value_d"] > 0), np.nan)
        out.append(both[KEYS].assign(measure=measure, value=np.where(hidden, np.nan, value), unit=unit,
                                     conf_status=np.where(hidden, np.where(both["conf_status"] != FREE,
                                                                           both["conf_status"], both["conf_status_d"]), FREE)))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame()


def observations(con: duckdb.DuckDBPyConnection, threshold: int | None = None,
                 lf: pd.DataFrame | None = None, staff: pd.DataFrame | None = None,
                 source: Callable[[duckdb.DuckDBPyConnection], str | None] = from_warehouse,
                 months: tuple[str | None, str | None] = (None, None)) -> pd.DataFrame:
    """Canonical observations of every register measure, small cells suppressed: of the register
    that `source` names (default: the warehouse), for the periods `months` (first, last; the yearly
    notification lists only when every month is computed)."""
    threshold = min_cell() if threshold is None else threshold
    vintage = source(con)
    cells = counts(con, months)
    if cells.empty:
        return cells
    persons = cells[cells["measure"].isin(PERSONS)].assign(n=lambda f: f["value"], country=lambda f: f["geo"].str[:2])
    protected = protect(persons, [("geo", "sex"), ("geo", "age")], ["dataset", "country", "period", "measure"], threshold)
    protected = linked_protection.protect(protected, WAYS, [FLOW], ["age"], linked_protection.annual_of_months(PERSONS))
    rest = cells[~cells["measure"].isin(PERSONS)].assign(conf_status=FREE)
    cells = pd.concat([protected.drop(columns=["n", "country"]), rest], ignore_index=True)
    rates = ratios(cells, labour_force() if lf is None else lf)
    levels = cells[~cells["measure"].isin(HIDDEN)].assign(unit=lambda f: f["measure"].map(UNITS))
    listed = pd.DataFrame()
    if months == (None, None):
        monthly = con.execute("SELECT * FROM reg_occupation").df()
        listed = obligation.lists(monthly, obligation.employed() if staff is None else staff, threshold,
                                  synthetic_scale())
    out = pd.concat([levels, rates, listed], ignore_index=True)
    out["source"] = np.where(out["dataset"] == "synthetic_register", "Synthetic PES register (generated, not real)",
                             "PES register")
    out[[d for d in DIMENSIONS if d in out]] = out[[d for d in DIMENSIONS if d in out]].fillna(TOTAL)
    out = aggregated(with_defaults(out, concept="register", vintage=vintage))
    out["conf_status"] = out["conf_status"].fillna(FREE)
    out["obs_status"] = out["obs_status"].fillna("A")
    return ObservationSchema.validate(out)


def synthetic_coverage(frame: pd.DataFrame) -> pd.DataFrame:
    """Synthetic values only from the month the generated registers cover (synth.yaml's window): the months before
    are the generator's burn-in, whose stocks still fill up and would read as a falling or rising labour market."""
    first = yaml.safe_load(SYNTH_CONFIG.read_text(encoding="utf-8"))["window"]["first"]
    synthetic = frame["dataset"].str.startswith("synthetic_")
    before = frame["period"].str[:4].lt(first[:4]) | (frame["period"].str.len().eq(7) & frame["period"].lt(first))
    return frame[~(synthetic & before)]


def has_register(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'core' "
                       "AND table_name = 'register_spells'").fetchall()[0][0] > 0


def refresh(con: duckdb.DuckDBPyConnection) -> int:
    """Replace the register aggregates in core.observations (datasets register, synthetic_register)."""
    frame = synthetic_coverage(observations(con)) if has_register(con) else pd.DataFrame()
    if len(frame):  # parallel float sums differ in the last bits from run to run: store what is reproducible
        frame = frame.assign(value=frame["value"].round(8))
    with transaction(con):
        con.execute("DELETE FROM core.observations WHERE dataset IN ('register', 'synthetic_register')")
        if len(frame):
            con.register("register_observations", frame)
            con.execute("INSERT INTO core.observations SELECT * FROM register_observations")
            con.unregister("register_observations")
    return len(frame)
