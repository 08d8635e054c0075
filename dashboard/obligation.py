"""The obligation to announce vacancies (AVV Art. 53a): occupation types whose unemployment rate (mean of
October Y-2 to September Y-1) reaches 5 % are subject in year Y."""

import pandas as pd

THRESHOLD = 5.0
NEAR = 1.0  # "near the threshold": within one percentage point below it


def classify(rates: pd.DataFrame) -> pd.DataFrame:
    """Occupations (columns occupation, value) with their status: subject, near the threshold, or below."""
    status = ["subject" if v >= THRESHOLD else "near" if v >= THRESHOLD - NEAR else "below" for v in rates["value"]]
    return rates.assign(status=status).sort_values("value", ascending=False).reset_index(drop=True)
