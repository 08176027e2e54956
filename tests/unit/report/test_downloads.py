"""CSV downloads never carry a cell a spreadsheet would run as a formula."""

import csv
import io

import pandas as pd
import pytest

from sitrep.report.downloads import neutralise, safe_csv_text


@pytest.mark.parametrize("cell", ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x","y")'])
def test_formula_starts_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-5", "+3", "1,271", "-1.5", "Vatra", "", "<10", "a=b"])
def test_numbers_and_plain_text_stay(cell):
    assert neutralise(cell) == cell


def test_whole_table_including_header_is_safe():
    frame = pd.DataFrame({"=name": ["=cmd|' /C calc'!A0", "ok"], "value": [-5, 7]})
    rows = list(csv.reader(io.StringIO(safe_csv_text(frame).removeprefix("\ufeff"))))
    assert rows[0] == ["'=name", "value"]
    assert rows[1] == ["'=cmd|' /C calc'!A0", "-5"]
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r"))
            assert not (cell.startswith("-") and not cell.lstrip("-").isdigit())


def test_a_download_opens_in_excel_as_utf8_and_an_internal_one_says_so_first():
    frame = pd.DataFrame({"Qarku": ["Korçë"], "Persona": [5]})
    text = safe_csv_text(frame, "sq", ("<10",), "I BRENDSHËM — mos e shpërndani")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == ["I BRENDSHËM — mos e shpërndani"]
    assert rows[1:] == [["Qarku", "Persona"], ["Korçë", "5"]]


@pytest.mark.parametrize("lang, status, shown, hidden, none", [
    ("sq", "Persona — gjendja", "shfaqur", "fshehur", "pa shifër"),
    ("en", "Persona — status", "shown", "hidden", "none"),
])
def test_numbers_stay_numeric_with_a_status_column_and_a_missing_figure_is_blank(lang, status, shown, hidden, none):
    frame = pd.DataFrame({"Qarku": ["Durrës", "Kukës", "Berat"], "Persona": ["6362", "<10", None]})
    rows = list(csv.reader(io.StringIO(safe_csv_text(frame, lang, ("<10",)).removeprefix("\ufeff"))))
    assert rows[0] == ["Qarku", "Persona", status]
    assert rows[1:] == [["Durrës", "6362", shown], ["Kukës", "", hidden], ["Berat", "", none]]


def test_a_column_of_words_is_left_as_text():
    frame = pd.DataFrame({"Emri": ["Vatra", "<10"], "Vlera": ["12", "13"]})
    rows = list(csv.reader(io.StringIO(safe_csv_text(frame, "sq", ("<10",)).removeprefix("\ufeff"))))
    assert rows == [["Emri", "Vlera"], ["Vatra", "12"], ["<10", "13"]]


def test_two_columns_of_one_name_are_both_written_in_their_places():
    frame = pd.DataFrame([["Vatra", "=x", "12", "<10"], ["Tjetra", "y", "3", "4"]],
                         columns=["Emri", "Shënim", "Persona", "Persona"])
    rows = list(csv.reader(io.StringIO(safe_csv_text(frame, "sq", ("<10",)).removeprefix("\ufeff"))))
    assert rows == [["Emri", "Shënim", "Persona", "Persona", "Persona — gjendja"],
                    ["Vatra", "'=x", "12", "", "fshehur"], ["Tjetra", "y", "3", "4", "shfaqur"]]


def test_a_text_column_with_a_formula_below_its_first_rows_is_neutralised():
    frame = pd.DataFrame({"Emri": pd.Series(["Vatra", None, "@SUM(A1)"], dtype="str"), "Vlera": [1, 2, 3]})
    rows = list(csv.reader(io.StringIO(safe_csv_text(frame, "sq").removeprefix("\ufeff"))))
    assert rows == [["Emri", "Vlera"], ["Vatra", "1"], ["", "2"], ["'@SUM(A1)", "3"]]
