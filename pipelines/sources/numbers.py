"""Numbers as people write them: thousands separators, decimal commas, percent signs and NaN named, never guessed."""

import math
import re

import pandas as pd

NOT_FINITE = {"nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity"}
# what every format agrees on, in ASCII digits: float() would also read '١٣', '１３' and '1_3'
PLAIN = r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?"
OTHER_DIGIT = r"(?![0-9])\d"  # a decimal digit of another script (Arabic-Indic, full-width, Devanagari, ...)


def parse_number(text: str, decimal: str = ".", thousands=()) -> float:
    """A number as people write it; raises ValueError naming the rule the text breaks."""
    value = text.strip()
    if value.lower() in NOT_FINITE:
        raise ValueError("not finite (NaN or infinity)")
    if value.endswith("%"):
        raise ValueError("percent sign (give the number; the unit says percent)")
    for mark in thousands:
        if re.fullmatch(rf"[-+]?[0-9]{{1,3}}({re.escape(mark)}[0-9]{{3}})+([.,][0-9]+)?", value):
            value = value.replace(mark, "")
    if re.fullmatch(r"[-+]?[0-9]{1,3}(['\u2019 \u00a0\u202f][0-9]{3})+([.,][0-9]+)?", value):
        raise ValueError("thousands separator")
    if decimal == ",":
        value = value.replace(".", "").replace(",", ".") if re.fullmatch(r"[-+]?[0-9.]*,[0-9]+", value) else value
    elif re.fullmatch(r"[-+]?[0-9]+,[0-9]+", value):
        raise ValueError("decimal comma (use a point)")
    if re.search(OTHER_DIGIT, value):
        raise ValueError("ASCII digits only (0-9)")
    if not re.fullmatch(PLAIN, value):
        raise ValueError("underscore in a number (give plain digits)" if "_" in value else "number")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("not finite (NaN or infinity)")
    return number


def rule_of(value, decimal: str, thousands) -> float | str:
    """The number a cell holds, or the rule it breaks (a str)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return "number"
    if not isinstance(value, str):
        return float(value) if math.isfinite(value) else "not finite (NaN or infinity)"
    try:
        return parse_number(value, decimal, thousands)
    except ValueError as error:
        return str(error)


def parse_cells(values: pd.Series, decimal: str = ".", thousands=()) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Floats (NaN where empty or bad), the rule each bad cell breaks (else NA), and which cells are empty.

    Plain numbers take a vectorised path; only the others are looked at one by one."""
    text = values.astype(str).str.strip()
    empty = values.isna() | text.eq("")
    numbers = pd.Series(math.nan, index=values.index, dtype=float)
    plain = ~empty & text.str.fullmatch(PLAIN).fillna(False).astype(bool)
    numbers[plain] = pd.to_numeric(text[plain], errors="coerce")
    plain &= numbers.abs().lt(math.inf)  # '1e999' overflows: the slow path names it
    rules = pd.Series(pd.NA, index=values.index, dtype=object)
    for position in (~empty & ~plain).to_numpy().nonzero()[0]:
        found = rule_of(values.iat[position], decimal, thousands)
        if isinstance(found, str):
            rules.iat[position] = found
        else:
            numbers.iat[position] = found
    return numbers, rules, empty
