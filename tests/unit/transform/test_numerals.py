"""Numbers as printed: digits with separators, Albanian number words, qualifiers."""

import pandas as pd
import pytest

from sitrep.transform.numerals import (
    normalise_qualifiers,
    outermost,
    parse_counts,
    parse_one,
    parse_words,
    printed_numbers,
)


@pytest.mark.parametrize("printed, value", [
    ("1,271", 1271), ("6,015", 6015), ("2976", 2976), ("1.271", 1271), ("1 271", 1271), ("1\u00a0271", 1271),
    ("7,717", 7717), ("0", 0), ("1,234,567", 1234567),
    ("shtatë", 7), ("shtate", 7), ("dy", 2), ("pesë", 5), ("dhjetë", 10), ("katër", 4), ("një", 1),
    ("njëmbëdhjetë", 11), ("Nëntë", 9), ("njëzet e pesë", 25), ("dyqind e pesëdhjetë", 250), ("dy mijë", 2000),
])
def test_readable_counts(printed, value):
    assert parse_one(printed) == value


@pytest.mark.parametrize("printed", ["12o", "1,5", "-3", "1,27", "12,3456", "shtatëqind e", "", "abc", "1.2.3"])
def test_unreadable_counts(printed):
    assert parse_one(printed) is None


def test_vectorised_parse_matches_one_by_one():
    values = pd.Series(["1,271", "shtatë", "12o", "2976", "1,271"])
    assert parse_counts(values).tolist() == [1271, 7, pd.NA, 2976, 1271]


def test_words_compose():
    assert parse_words("tre mijë e dyqind") == 3200


@pytest.mark.parametrize("printed, normal", [
    ("", "exact"), ("më shumë se", "more_than"), ("Më shumë se", "more_than"), ("afërsisht", "approximately"),
    ("të paktën", "at_least"), ("te pakten", "at_least"), ("rreth", "approximately"), ("mbi", "more_than"),
])
def test_qualifiers(printed, normal):
    assert normalise_qualifiers(pd.Series([printed])).iloc[0] == normal


def test_unknown_qualifier_is_na():
    assert pd.isna(normalise_qualifiers(pd.Series(["ndoshta"])).iloc[0])


def readings(text: str) -> list[tuple[int, str]]:
    return [(r.value, text[r.start : r.end]) for r in printed_numbers(text)]


@pytest.mark.parametrize("text, value", [
    ("preku 1,271 të rinj", 1271), ("preku 1.271 të rinj", 1271), ("preku 1 271 të rinj", 1271),
    ("preku 1\u00a0271 të rinj", 1271), ("ndihmoi shtatë viktima", 7), ("ndihmoi Shtate viktima", 7),
    ("njëzet e pesë gra", 25), ("dy mijë kopje", 2000), ("5 mijë kopje", 5000), ("nga 7-15 vjet", 15),
    ("strukturë dy-nivelëshe", 2), ("gjatë 15 muajve", 15), ("ndihmoi 83 persona", 83),
])
def test_a_value_is_read_in_any_printed_form(text, value):
    assert value in {reading for reading, _ in readings(text)}


def test_readings_overlap_and_outermost_keeps_what_a_person_would_name():
    text = "1 271 fëmijë, njëzet e pesë gra dhe 2006 150 të rinj"
    assert readings(text)[:3] == [(1271, "1 271"), (1, "1"), (271, "271")]
    named = [text[r.start : r.end] for r in outermost(printed_numbers(text))]
    assert named == ["1 271", "njëzet e pesë", "2006", "150"]


def test_a_changed_number_is_not_read_as_its_neighbour():
    assert 84 not in {value for value, _ in readings("ndihmoi 48 gra")}
    assert 1300 not in {value for value, _ in readings("preku 1.200 të rinj")}
    assert readings("pa numra") == []
