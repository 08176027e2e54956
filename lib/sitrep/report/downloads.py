"""CSV downloads that a spreadsheet opens as data, never as formulas (OWASP CSV injection)."""

from __future__ import annotations

import re

import pandas as pd

from sitrep.transform.store import to_csv_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)?|\d{1,3}(?:[,.\u00a0 ]\d{3})+)$")


def neutralise(cell: object) -> object:
    """Prefix a cell that a spreadsheet would run with an apostrophe; real numbers stay numbers."""
    if not isinstance(cell, str) or not cell.startswith(FORMULA_START) or NUMBER.match(cell):
        return cell
    return "'" + cell


def safe_csv_text(frame: pd.DataFrame) -> str:
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.columns = [neutralise(str(column)) for column in safe.columns]
    return to_csv_text(safe)
