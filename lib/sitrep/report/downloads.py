"""CSV downloads a spreadsheet opens as data: UTF-8 with BOM, numbers as numbers, never formulas (OWASP)."""

from __future__ import annotations

import re

import pandas as pd

from sitrep import i18n
from sitrep.text import BOM
from sitrep.transform.store import columns_csv_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)?|\d{1,3}(?:[,.\u00a0 ]\d{3})+)$")
PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
STATUSES = ("shown", "hidden", "none")


def neutralise(cell: object) -> object:
    """Prefix a cell that a spreadsheet would run with an apostrophe; real numbers stay numbers."""
    if not isinstance(cell, str) or not cell.startswith(FORMULA_START) or NUMBER.match(cell):
        return cell
    return "'" + cell


def status_of(cell: object, hidden_marks: tuple[str, ...]) -> str | None:
    """'shown' for a number, 'hidden' for a privacy mark, 'none' for a blank; None for anything else."""
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)) or (isinstance(cell, str) and not cell.strip()):
        return "none"
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)) or (isinstance(cell, str) and PLAIN_NUMBER.match(cell.strip())):
        return "shown"
    if isinstance(cell, str) and cell.strip() in hidden_marks:
        return "hidden"
    return None


def typed_columns(frame: pd.DataFrame, lang: str, hidden_marks: tuple[str, ...]) -> tuple[list, list[pd.Series]]:
    """A view's columns as its download writes them, and their names, in order (a name may repeat).

    A column of numbers and privacy marks becomes numbers, a hidden or missing one left blank. Where any is hidden
    or missing, a status column goes beside it: shown, hidden or none, in the edition's language.
    """
    names, columns = [], []
    for name, values in frame.items():
        names.append(name)
        if values.dtype != object and not pd.api.types.is_string_dtype(values):
            columns.append(values)
            continue
        statuses = []
        for cell in values:  # a column of text is known as such at its first text cell
            statuses.append(status_of(cell, hidden_marks))
            if statuses[-1] is None:
                break
        if not values.size or None in statuses or "shown" not in statuses:
            columns.append(values)
            continue
        numbers = pd.to_numeric(values.where([s == "shown" for s in statuses]), errors="coerce").astype("Float64")
        if (numbers.dropna() % 1 == 0).all():
            numbers = numbers.round().astype("Int64")
        columns.append(numbers)
        if set(statuses) != {"shown"}:
            names.append(i18n.t("download.status", lang, column=name))
            columns.append(pd.Series([i18n.t(f"download.status.{s}", lang) for s in statuses], index=frame.index))
    return names, columns


def _neutralised(values: pd.Series) -> pd.Series:
    """A column with its formula-like cells neutralised; a text column with none of them as it is."""
    if values.dtype == object:
        return values.map(neutralise)  # as mapped, so that the column's type is inferred as before
    if not pd.api.types.is_string_dtype(values):
        return values
    # An Arrow column's cells made Python strings all at once: one by one, each costs a lookup in Arrow
    if any(isinstance(cell, str) and cell.startswith(FORMULA_START) for cell in values.tolist()):
        return values.map(neutralise)
    return values


def safe_csv_text(frame: pd.DataFrame, lang: str | None = None, hidden_marks: tuple[str, ...] = (),
                  marking: str | None = None) -> str:
    """The CSV of a view: numbers typed (with `lang`), formulas neutralised, a BOM, and `marking` as its first line."""
    if lang:
        names, columns = typed_columns(frame, lang, hidden_marks)
    else:
        names, columns = list(frame.columns), [values for _, values in frame.items()]
    text = columns_csv_text([neutralise(str(name)) for name in names], [_neutralised(column) for column in columns])
    if marking:
        text = '"' + marking.replace('"', '""') + '"\n' + text
    return BOM + text
