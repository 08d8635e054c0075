"""A sortable, paged table of data shown (Dash DataTable), numbers in the page's language."""

import pandas as pd
from babel.numbers import get_decimal_symbol, get_group_symbol
from dash import dash_table
from dash.dash_table.Format import Format, Group, Scheme

from dashboard import lang as L
from dashboard.figures_common import FONT

PAGE_SIZE = 25


def column(name: str, label: str, numeric: bool, decimals: int) -> dict:
    if not numeric:
        return {"id": name, "name": label, "type": "text"}
    return {"id": name, "name": label, "type": "numeric",
            "format": Format(precision=decimals, scheme=Scheme.fixed, group=Group.yes)}


def grid(grid_id: str, frame: pd.DataFrame, labels: dict[str, str], lang: str, decimals: int = 1,
         page_size: int = PAGE_SIZE) -> dash_table.DataTable:
    """`frame` with its columns named by `labels` (column → text), sortable by any column, `page_size` rows a page."""
    locale = L.LOCALES[L.normalize(lang)]
    columns = [column(c, labels.get(c, str(c)), pd.api.types.is_numeric_dtype(frame[c]), decimals)
               for c in frame.columns]
    return dash_table.DataTable(
        id=grid_id, data=frame.astype(object).where(frame.notna(), None).to_dict("records"), columns=columns,
        sort_action="native", page_action="native", page_size=page_size, cell_selectable=False,
        locale_format={"decimal": get_decimal_symbol(locale), "group": get_group_symbol(locale)},
        style_table={"overflowX": "auto"}, style_cell={"fontFamily": FONT, "fontSize": "0.875rem",
                                                       "textAlign": "left", "padding": "4px 8px"},
        style_cell_conditional=[{"if": {"column_type": "numeric"}, "textAlign": "right"}],
        style_header={"fontWeight": "600", "backgroundColor": "#f8f9fa", "color": "#212529"})
