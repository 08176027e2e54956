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
    rows = list(csv.reader(io.StringIO(safe_csv_text(frame))))
    assert rows[0] == ["'=name", "value"]
    assert rows[1] == ["'=cmd|' /C calc'!A0", "-5"]
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")) and not (cell.startswith("-") and not cell.lstrip("-").isdigit())
