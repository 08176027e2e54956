"""`sitrep cite`'s parts: the line a row cites, where a quote is, and the fills a table would get."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitrep.errors import DataError, UsageError
from sitrep.transform import cite
from sitrep.transform.quotes import SourceText

SYNTHETIC_REPORT = Path(__file__).parents[2] / "fixtures" / "synthetic-2007"
TEXT = SourceText((
    "Hyrje.",                                       # 1
    "Projekti preku 1,271 të rinj dhe ndihmoi",     # 2
    "shtatë viktima; trajnoi dy mësues dhe dy",     # 3
    "punonjës socialë.",                            # 4
))


def test_a_figure_cites_the_line_its_value_is_printed_on_and_other_rows_the_first_line():
    quote = "Projekti preku 1,271 të rinj dhe ndihmoi shtatë viktima"
    assert cite.cited_lines(TEXT, quote, "1.271") == [2]
    assert cite.cited_lines(TEXT, quote, "7") == [3]
    assert cite.cited_lines(TEXT, quote) == [2]
    assert cite.cited_lines(TEXT, quote, "99") == [2]  # not printed: where the quote starts (clean says why)
    assert cite.cited_lines(TEXT, "nuk është këtu", "7") == []


def test_a_value_printed_twice_gives_every_line_it_is_on():
    assert cite.cited_lines(TEXT, "trajnoi dy mësues dhe dy punonjës", "dy") == [3]
    assert cite.cited_lines(TEXT, "trajnoi dy mësues dhe dy punonjës socialë", "2") == [3]
    text = SourceText(("trajnoi dy mësues", "dhe dy punonjës"))
    assert cite.cited_lines(text, "trajnoi dy mësues dhe dy punonjës", "dy") == [1, 2]


@pytest.fixture
def report(tmp_path):
    """A copy of the synthetic report, free to edit."""
    return shutil.copytree(SYNTHETIC_REPORT, tmp_path / "raw" / SYNTHETIC_REPORT.name)


def test_quote_lines_names_the_report_text_and_every_place_the_quote_is(report):
    (line,) = cite.quote_lines(report, "Shoqata Test Jugu ofroi strehim për 12 gra dhe vajza")
    assert line.endswith("report.txt: lines 9–10: Shoqata Test Jugu ofroi strehim për 12 gra dhe vajza në Vlorë "
                         "dhe trajnoi 30 punonjës")
    assert str(report / "report.txt") in line
    assert [line.split(": ")[1] for line in cite.quote_lines(report, "dy")] == ["line 22", "line 23"]


def test_quote_lines_of_a_quote_not_in_the_text_shows_the_nearest_passage(report):
    with pytest.raises(DataError) as caught:
        cite.quote_lines(report, "trajnoi 30 punonjes sociale")
    (problem,) = caught.value.problems
    assert problem.file.endswith("synthetic-2007/report.txt") and "is not in the text" in problem.message
    assert problem.hint.startswith("nearest passage, lines 10–11: 'trajnoi 30 punonjës socialë'; a changed letter: "
                                   "'punonjes sociale' where the text has 'punonjës socialë' (e/ë)")


def blank(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_table_fills_give_each_empty_line_cell_its_line_and_leave_filled_ones(report):
    blank(report / "figures.csv", '"4,321 të rinj",6,', '"4,321 të rinj",,')
    blank(report / "figures.csv", "trajnoi 30 punonjës socialë,10,", "trajnoi 30 punonjës socialë,,")
    fills, missing = cite.table_fills(report / "figures.csv")
    assert [(fill.row, fill.column, fill.line) for fill in fills] == [(2, "source_line", 6), (5, "source_line", 10)]
    assert missing == []


def test_table_fills_name_a_quote_not_found_with_its_nearest_passage(report):
    blank(report / "figures.csv", "trajnoi 30 punonjës socialë,10,", "trajnoi 31 punonjës socialë,,")
    fills, missing = cite.table_fills(report / "figures.csv")
    assert fills == []
    (problem,) = missing
    assert (problem.row, problem.column) == (5, "quote")
    assert problem.message == f"'trajnoi 31 punonjës socialë' is not in {report / 'report.txt'}"
    assert "'31' where the text has '30'" in problem.hint


def test_a_quote_found_twice_is_filled_with_the_first_and_says_where_else(report):
    blank(report / "gov_figures.csv", "U krijuan dy njësi testuese,23,", "dy,,")
    (fill,), _ = cite.table_fills(report / "gov_figures.csv")
    assert (fill.line, fill.also) == (22, (23,))
    assert str(fill).endswith("gov_figures.csv:2: source_line: 22 (the quote is also at line(s) 23: "
                              "check that the first is the one meant)")


def test_only_raw_tables_of_a_report_folder_are_filled(report, tmp_path):
    with pytest.raises(UsageError, match="not a raw table"):
        cite.table_fills(report / "report.toml")
    stray = tmp_path / "figures.csv"
    shutil.copyfile(report / "figures.csv", stray)
    with pytest.raises(UsageError, match="not in a report folder"):
        cite.table_fills(stray)


def test_a_report_is_named_by_its_id_or_its_folder(report):
    raw = report.parent
    assert cite.report_folder(raw, "synthetic-2007") == report
    assert cite.report_folder(raw / "elsewhere", str(report)) == report
    with pytest.raises(UsageError, match=r"no report of that id .* \(reports: synthetic-2007\)"):
        cite.report_folder(raw, "kvktnj-2007")
