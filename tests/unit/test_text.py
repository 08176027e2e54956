"""Text folding shared by places, numerals and vocabularies: fold, is_missing, split_list, map_distinct, joined_by."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sitrep.text import fold, is_missing, joined_by, map_distinct, split_list


@pytest.mark.parametrize(("printed", "folded"), [
    ("Korçë", "korce"),
    ("  SHKODËR  ", "shkoder"),
    ("Durrës-Kavajë", "durres kavaje"),
    ("«Vatra», (Vlorë).", "vatra vlore"),
    ("në\t të  gjithë\nvendin", "ne te gjithe vendin"),
    ("Korc\u0327e\u0308", "korce"),  # decomposed letters fold like composed ones
])
def test_fold_lowercases_strips_diacritics_punctuation_and_spaces(printed, folded):
    assert fold(printed) == folded


def test_fold_makes_spellings_of_one_name_equal():
    assert fold("Gjirokastër") == fold("gjirokaster") == fold("GJIROKASTËR")
    assert fold("Tiranë") != fold("Tirana")


@pytest.mark.parametrize("value", [None, float("nan"), pd.NA])
def test_is_missing_for_every_empty_cell(value):
    assert is_missing(value)


@pytest.mark.parametrize("value", ["", "0", 0, 0.0, "nan"])
def test_is_missing_not_for_values(value):
    assert not is_missing(value)


def test_split_list_strips_and_drops_empty_items():
    assert split_list(" usaid ;unicef;; ;iom ") == ["usaid", "unicef", "iom"]
    assert split_list("vatra") == ["vatra"]


@pytest.mark.parametrize("cell", [None, pd.NA, float("nan"), "", " ; "])
def test_split_list_of_an_empty_cell_is_empty(cell):
    assert split_list(cell) == []


def test_map_distinct_calls_once_per_distinct_value_and_keeps_order_and_index():
    calls = []

    def length(value):
        calls.append(value)
        return len(value)

    values = pd.Series(["aa", "b", "aa", "ccc", "b"], index=[10, 11, 12, 13, 14])
    mapped = map_distinct(values, length)
    assert mapped.tolist() == [2, 1, 2, 3, 1]
    assert mapped.index.tolist() == [10, 11, 12, 13, 14]
    assert sorted(calls) == ["aa", "b", "ccc"]


def test_map_distinct_leaves_missing_values_missing_without_calling():
    calls = []
    values = pd.Series(["x", None, "x", pd.NA], dtype="str")
    mapped = map_distinct(values, lambda value: calls.append(value) or value.upper())
    assert mapped.iloc[0] == "X" and mapped.iloc[2] == "X"
    assert is_missing(mapped.iloc[1]) and is_missing(mapped.iloc[3])
    assert calls == ["x"]


def test_map_distinct_casts_to_the_dtype_asked():
    mapped = map_distinct(pd.Series(["1", "22", "1"]), len, "Int64")
    assert str(mapped.dtype) == "Int64"
    assert mapped.tolist() == [1, 2, 1]
    flags = map_distinct(pd.Series(["a", "bb"]), lambda value: len(value) > 1, "bool")
    assert flags.dtype == bool and flags.tolist() == [False, True]


@pytest.mark.parametrize("dtype, function", [("str", str.upper), ("bool", lambda value: value > "b"),
                                             ("Int64", len), (None, str.upper)])
@pytest.mark.parametrize("size", [12, 30_000])
def test_map_distinct_gives_what_a_row_by_row_map_gives_at_any_size(dtype, function, size):
    """Long columns are spread from typed distinct results, short ones row by row: the result is the same."""
    values = pd.Series((["a", None, "bb", "c", pd.NA, "bb"] * size)[:size], index=range(5, 5 + size), dtype="str")
    row_by_row = np.array([None if is_missing(value) else function(value) for value in values], dtype=object)
    expected = pd.Series(row_by_row, index=values.index)
    expected = expected.astype(dtype) if dtype else expected
    pd.testing.assert_series_equal(map_distinct(values, function, dtype), expected)


def test_map_distinct_of_an_empty_series():
    mapped = map_distinct(pd.Series([], dtype="str"), len)
    assert len(mapped) == 0


def test_joined_by_joins_each_keys_values_in_their_order_as_groupby_would():
    keys = pd.Series(["b", "a", "b", None, "a", "b"])
    values = pd.Series(["1", "2", "3", "4", "5", "6"])
    joined = joined_by(keys, values, " | ")
    expected = keys.to_frame("key").assign(value=values).groupby("key")["value"].agg(" | ".join)
    assert joined.sort_index().to_dict() == expected.to_dict() == {"a": "2 | 5", "b": "1 | 3 | 6"}


def test_joined_by_joins_each_column_of_a_frame_by_the_same_keys():
    keys = pd.Series(["b", "a", "b", None])
    values = pd.DataFrame({"name": ["x", "y", "z", "w"], "code": ["1", "2", "3", "4"]})
    joined = joined_by(keys, values, "; ")
    assert list(joined.columns) == ["name", "code"]
    assert joined.sort_index().to_dict("index") == {"a": {"name": "y", "code": "2"},
                                                    "b": {"name": "x; z", "code": "1; 3"}}


def test_joined_by_of_no_rows_is_empty():
    assert joined_by(pd.Series([], dtype="str"), pd.Series([], dtype="str"), ";").empty
