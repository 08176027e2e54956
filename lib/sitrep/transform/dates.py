"""Dates as precise as the text gives them (reporting periods are sitrep.periods)."""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

PRECISE_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# What Excel writes in an Albanian or European locale: the day first, the year in full. A two-digit year or the
# month first (US order) cannot be told apart from it by the digits alone, so only this one order is read.
DAY_FIRST = re.compile(r"^(\d{1,2})([/.])(\d{1,2})\2(\d{4})$")
DATE_HINT = ("write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2006-07), "
             "or the day first with the year in full: 15/03/2007, 15.03.2007")


def parse_date(text: str) -> tuple[date, str] | None:
    """'2006', '2006-07', '2006-07-19', '19/07/2006' or '19.07.2006' → (first day it covers, precision)."""
    text = str(text).strip()
    match = PRECISE_DATE.match(text)
    if match:
        year, month, day = match.groups()
    elif match := DAY_FIRST.match(text):
        day, _, month, year = match.groups()
    else:
        return None
    try:
        first = date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return first, "day" if day else "month" if month else "year"


def iso_date(text: str) -> str | None:
    """The date as ISO text, only as precise as it was written: '15.03.2007' → '2007-03-15'."""
    parsed = parse_date(text)
    if parsed is None:
        return None
    first, precision = parsed
    return {"year": f"{first:%Y}", "month": f"{first:%Y-%m}", "day": first.isoformat()}[precision]


def last_day(first: date, precision: str) -> date:
    """The last day a date of the given precision covers."""
    if precision == "day":
        return first
    if precision == "year":
        return date(first.year, 12, 31)
    return date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])


def _span(text: str) -> tuple[date, date, str] | None:
    parsed = parse_date(text)
    return None if parsed is None else (parsed[0], last_day(*parsed), parsed[1])


def parse_dates(values: pd.Series) -> pd.DataFrame:
    """Vectorised `parse_date`: columns first (datetime), last (datetime) and precision; each spelling read once."""
    import numpy as np  # here, not above: parameters are checked with this module before anything heavy loads
    import pandas as pd

    # Each distinct spelling is read and converted once, then the columns are taken row by row.
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    spans = [_span(value) for value in (uniques.tolist() if isinstance(uniques.dtype, pd.StringDtype) else uniques)]
    spans.append(None)  # a missing value's code is -1: the last entry
    rows = np.where(codes < 0, len(spans) - 1, codes)

    def part(index: int) -> pd.Series:
        return pd.Series([None if span is None else span[index] for span in spans], dtype=object)

    return pd.DataFrame(
        {"first": pd.to_datetime(part(0)).array.take(rows), "last": pd.to_datetime(part(1)).array.take(rows),
         "precision": part(2).astype("str").array.take(rows)},
        index=values.index,
    )
