"""The table builder's data: an indicator's values for places × periods × up to two breakdowns, and the pivot
of them with the rows and columns chosen (pure functions but `values`)."""

import io

import pandas as pd

from dashboard import data, world
from dashboard import lang as L
from dashboard import series as S

MAX_CELLS = 20_000  # a larger pivot is no longer a table anyone reads: narrow the choice


def values(indicator: str, geos: list[str], freq: str, start: str, end: str, dims: list[str],
           measure: str = "level", adjustment: str = "NSA") -> pd.DataFrame:
    """Rows of mart.indicator_values where the chosen breakdowns vary and every other one is the total
    (or the one group the indicator is defined on)."""
    fixed = S.fixed_group(indicator)
    varying = [*dims, *([fixed[0]] if fixed and fixed[0] not in dims else [])]
    with data.reader() as con:
        frame = con.execute(f"""
            SELECT geo, period, {", ".join(data.DIMS)}, value, unit, obs_status, conf_status, source, vintage
            FROM {world.values()}
            WHERE indicator = $indicator AND measure = $measure AND adjustment = $adjustment AND {data.FREQ} = $freq
              AND list_contains($geos, geo) AND period BETWEEN $start AND $end
              {" ".join(f"AND ({d} = '_T' OR list_contains($dims, '{d}'))" for d in data.DIMS)}
            ORDER BY geo, period""", {"indicator": indicator, "measure": measure, "adjustment": adjustment,
                                      "freq": freq, "geos": geos, "start": start, "end": end,
                                      "dims": varying}).df()
    if fixed and fixed[0] not in dims:
        frame = frame[frame[fixed[0]] == fixed[1]]
    return frame.reset_index(drop=True)


def labelled(frame: pd.DataFrame, dims: list[str], lang: str) -> pd.DataFrame:
    """One row per value: place name, period (ISO: it sorts), breakdown names; suppressed values left empty."""
    out = pd.DataFrame({"geo": frame["geo"].map(lambda code: L.geo_name(code, lang)), "period": frame["period"]})
    for dim in dims:
        out[dim] = frame[dim].map(lambda code, d=dim: L.code_label(d, code, lang))
    confidential = frame["conf_status"].isin(["C", "D", "N"])
    return out.assign(value=frame["value"].astype(float).where(~confidential))


def pivot(frame: pd.DataFrame, rows: list[str], columns: list[str]) -> pd.DataFrame:
    """`frame` (labelled) with `rows` down and `columns` across, column names joined by " · "."""
    if not columns:
        return frame[[*rows, "value"]].sort_values(rows, kind="stable").reset_index(drop=True)
    table = frame.pivot_table(index=rows, columns=columns, values="value", aggfunc="first", dropna=False,
                              sort=True)
    table.columns = [" · ".join(map(str, key)) if isinstance(key, tuple) else str(key) for key in table.columns]
    return table.dropna(how="all").reset_index()


def xlsx(table: pd.DataFrame, meta: dict) -> bytes:
    """The pivot as an Excel sheet under its metadata lines (title, definition, unit, source, licence, vintage)."""
    lines = [(key, meta[key]) for key in ("title", "indicator", "definition", "unit", "source", "licence", "vintage")
             if meta.get(key)]
    lines += [(f"flag {code}", name) for code, name in meta.get("flags", {}).items()]
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        table.to_excel(writer, index=False, startrow=len(lines) + 1, sheet_name="LMO")
        sheet = writer.sheets["LMO"]
        for number, (key, text) in enumerate(lines, start=1):
            sheet.cell(row=number, column=1, value=key)
            sheet.cell(row=number, column=2, value=str(text)).data_type = "s"  # text, never a formula
    return buffer.getvalue()
