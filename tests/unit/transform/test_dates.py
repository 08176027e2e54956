"""Dates as precise as the text gives them (year, month, day), and reporting periods."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from sitrep.periods import parse_period, parse_published
from sitrep.transform.dates import iso_date, last_day, parse_date, parse_dates


@pytest.mark.parametrize(("text", "first", "precision"), [
    ("2006", date(2006, 1, 1), "year"),
    ("2006-07", date(2006, 7, 1), "month"),
    ("2006-07-19", date(2006, 7, 19), "day"),
    (" 2005-03 ", date(2005, 3, 1), "month"),
    ("15/03/2007", date(2007, 3, 15), "day"),  # what Excel writes in an Albanian or European locale
    ("15.03.2007", date(2007, 3, 15), "day"),
    ("1.3.2007", date(2007, 3, 1), "day"),
    ("03/04/2007", date(2007, 4, 3), "day"),  # the day always comes first
])
def test_parse_date_gives_first_day_and_precision(text, first, precision):
    assert parse_date(text) == (first, precision)


@pytest.mark.parametrize("text", ["", "06", "2006-7", "2006/07", "2006-13", "2006-02-30", "July 2006", "2006-07-19T10",
                                  # the month first (US order), a two-digit year or mixed separators are not guessed
                                  "03/15/2007", "15/03/07", "15.03.07", "15/03.2007", "15-03-2007", "2007/03/15",
                                  "30.02.2007"])
def test_parse_date_refuses_what_is_not_a_date(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(("text", "iso"), [
    ("15.03.2007", "2007-03-15"), ("5/3/2007", "2007-03-05"), ("2007-03", "2007-03"), ("2007", "2007"),
    ("03/15/2007", None),
])
def test_iso_date_keeps_the_precision_typed(text, iso):
    assert iso_date(text) == iso


@pytest.mark.parametrize(("first", "precision", "last"), [
    (date(2006, 7, 19), "day", date(2006, 7, 19)),
    (date(2006, 1, 1), "year", date(2006, 12, 31)),
    (date(2006, 4, 1), "month", date(2006, 4, 30)),
    (date(2005, 12, 1), "month", date(2005, 12, 31)),
    (date(2004, 2, 1), "month", date(2004, 2, 29)),  # leap year
    (date(2006, 2, 1), "month", date(2006, 2, 28)),
])
def test_last_day_a_date_covers(first, precision, last):
    assert last_day(first, precision) == last


def test_parse_period_spans_whole_months():
    assert parse_period("2005-01:2006-07") == (date(2005, 1, 1), date(2006, 7, 31))
    assert parse_period("2007-02:2007-02") == (date(2007, 2, 1), date(2007, 2, 28))


@pytest.mark.parametrize("text", ["2006-07:2005-01", "2005-00:2006-07", "2005-01:2006-13", "2005-01", "2005:2006",
                                  "2005-01-2006-07", "2005-1:2006-7"])
def test_parse_period_refuses_malformed_or_backwards(text):
    assert parse_period(text) is None


def test_parse_dates_columns_first_last_and_precision_keep_the_index():
    values = pd.Series(["2006", "2006-02", "2006-07-19", None, "later"], index=[5, 6, 7, 8, 9], dtype="str")
    parsed = parse_dates(values)
    assert list(parsed.columns) == ["first", "last", "precision"]
    assert parsed.index.tolist() == [5, 6, 7, 8, 9]
    assert all(pd.api.types.is_datetime64_any_dtype(parsed[column]) for column in ("first", "last"))
    assert parsed.loc[5, "first"] == pd.Timestamp("2006-01-01") and parsed.loc[5, "last"] == pd.Timestamp("2006-12-31")
    assert parsed.loc[6, "last"] == pd.Timestamp("2006-02-28")
    assert parsed.loc[7, "first"] == parsed.loc[7, "last"] == pd.Timestamp("2006-07-19")
    assert parsed["precision"].iloc[:3].tolist() == ["year", "month", "day"]
    assert parsed.loc[[8, 9], "first"].isna().all() and parsed.loc[[8, 9], "last"].isna().all()


@pytest.mark.parametrize("values", [["2006", None, "15.03.2007", "2006", "later", None, "15.03.2007"], [None, None],
                                    []])
def test_parse_dates_gives_each_row_what_parse_date_gives_its_cell(values):
    """Each spelling is parsed once and spread back: every row still gets its own cell's dates, in its dtype."""
    column = pd.Series(values, index=range(3, 3 + len(values)), dtype="str")
    parsed = parse_dates(column)
    assert parsed.index.tolist() == column.index.tolist()
    assert str(parsed["first"].dtype) == str(parsed["last"].dtype) == "datetime64[s]"
    assert parsed["precision"].dtype == "str"
    for index, cell in column.items():
        one = None if pd.isna(cell) else parse_date(cell)
        if one is None:
            assert pd.isna(parsed.loc[index, "first"]) and pd.isna(parsed.loc[index, "precision"])
        else:
            assert parsed.loc[index, "first"] == pd.Timestamp(one[0]) and parsed.loc[index, "precision"] == one[1]
            assert parsed.loc[index, "last"] == pd.Timestamp(last_day(*one))


@pytest.mark.parametrize("text, day", [("2006-10", date(2006, 10, 1)), ("2006-10-15", date(2006, 10, 15)),
                                       (" 2007-02 ", date(2007, 2, 1))])
def test_a_publication_date_to_the_month_counts_from_its_first_day(text, day):
    assert parse_published(text) == day


@pytest.mark.parametrize("text", ["2006-13", "2006-02-30", "10/2006", "2006", ""])
def test_a_publication_date_that_is_no_day_is_refused(text):
    assert parse_published(text) is None
