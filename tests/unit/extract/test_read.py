"""Raw tables read exactly as typed: Excel's encodings, every cell text, spreadsheet rows kept, bad shapes named."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from sitrep.extract.read import ROW, decode, read_raw


def write(tmp_path, data: bytes, name: str = "grants.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_cells_are_stripped_text_with_empty_cells_missing(tmp_path):
    frame, problems = read_raw(write(tmp_path, b"grant_id,value,note\n vatra-1 , 007 ,\nvatra-2,1,  \n"))
    assert problems == []
    assert frame["grant_id"].tolist() == ["vatra-1", "vatra-2"]
    assert frame["value"].tolist() == ["007", "1"]  # as typed: leading zeros kept, no numbers guessed
    assert frame["note"].isna().all()
    assert frame[ROW].tolist() == [2, 3]


def test_quoted_cells_keep_commas_and_line_breaks(tmp_path):
    frame, _ = read_raw(write(tmp_path, 'places,quote\n"Lezhës, Lushnjës","një\ndy"\n'.encode()))
    assert frame.loc[0, "places"] == "Lezhës, Lushnjës"
    assert frame.loc[0, "quote"] == "një\ndy"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1250"])
def test_excel_encodings_read_the_same_letters(tmp_path, encoding):
    frame, problems = read_raw(write(tmp_path, "place,name\nKorçë,Gratë Intelektuale\n".encode(encoding)))
    assert problems == []
    assert list(frame.columns) == ["place", "name", ROW]  # a byte-order mark is not part of the first name
    assert frame.loc[0, "place"] == "Korçë" and frame.loc[0, "name"] == "Gratë Intelektuale"


def test_blank_lines_do_not_shift_the_row_numbers_people_are_told(tmp_path):
    frame, _ = read_raw(write(tmp_path, b"org_id,name\nvatra,Vatra\n\n,\narsis,ARSIS\n"))
    assert frame["org_id"].tolist() == ["vatra", "arsis"]
    assert frame[ROW].tolist() == [2, 5]


def test_utf16_is_refused_with_a_hint(tmp_path):
    frame, problems = read_raw(write(tmp_path, "org_id\nvatra\n".encode("utf-16")))
    assert frame is None
    (problem,) = problems
    assert "UTF-16" in problem.message and "CSV UTF-8" in problem.hint
    assert problem.file.endswith("grants.csv")


def test_a_row_with_too_many_cells_is_named(tmp_path):
    frame, problems = read_raw(write(tmp_path, b"org_id,name\nvatra,Vatra\narsis,ARSIS,Tirana\n"))
    assert frame is None
    (problem,) = problems
    assert problem.row == 3 and "3 cells where the header has 2" in problem.message
    assert "double quotes" in problem.hint


def test_missing_and_empty_files(tmp_path):
    frame, problems = read_raw(tmp_path / "absent.csv")
    assert frame is None and problems[0].message == "file is missing"
    frame, problems = read_raw(write(tmp_path, b""))
    assert frame is None and problems[0].message == "file is empty" and problems[0].row == 1


def test_decode_names_the_row_of_bytes_that_are_neither_utf8_nor_windows_1250(tmp_path):
    text, problems = decode(b"org_id\nvatra\n\x81\n", "orgs.csv")
    assert text is None
    assert problems[0].row == 3 and "0x81" in problems[0].message


def test_decode_prefers_utf8_and_falls_back_to_windows_1250():
    assert decode("ë".encode(), "x.csv") == ("ë", [])
    assert decode("ë".encode("cp1250"), "x.csv") == ("ë", [])


def test_the_result_is_a_frame_of_text(tmp_path):
    frame, _ = read_raw(write(tmp_path, b"a,b\n1,2\n"))
    assert isinstance(frame, pd.DataFrame)
    assert pd.api.types.is_string_dtype(frame["a"]) and pd.api.types.is_string_dtype(frame["b"])


@pytest.fixture
def default_cell_limit():
    """The csv module's own cell limit, as a fresh `sitrep clean` has it: importing frictionless (the data package
    tests do) raises that process-wide limit for every later test in the same worker."""
    before = csv.field_size_limit(131_072)
    yield
    csv.field_size_limit(before)


def test_a_quote_never_closed_is_one_line_naming_the_file_and_its_row(tmp_path, default_cell_limit):
    # blank line first (the exact reader), then an open quote and more text than the csv module's cell limit
    data = "grant_id,quote\nvatra-1,a\n\nvatra-2,\"never closed\nvatra-3,b\n" + "x" * 200_000 + "\n"
    frame, problems = read_raw(write(tmp_path, data.encode()))
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'grants.csv'}:4: a double quote opened in this row is never closed "
        "(close it, and write \"\" for a quote inside a cell)"]


def test_a_quote_opened_mid_row_is_told_once_in_one_line_at_its_row(tmp_path):
    data = 'grant_id,quote,note\nvatra-1,"opened here,x\nvatra-2,b,c\nvatra-3,"closed" later,d\n'
    frame, problems = read_raw(write(tmp_path, data.encode()))
    lines = [str(p) for p in problems]
    assert len(lines) == 1 and "\n" not in lines[0]
    assert ":2: quote:" in lines[0] and "runs over several lines" in lines[0]


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\t"])
def test_a_control_character_is_refused_with_its_row_and_column(tmp_path, char):
    frame, problems = read_raw(write(tmp_path, f"grant_id,name\nvatra-1,ok\nvatra-2,Va{char}tra\n".encode()))
    assert [(p.row, p.column) for p in problems] == [(3, "name")]
    assert f"U+{ord(char):04X}" in str(problems[0]) and char not in str(problems[0])


@pytest.mark.parametrize("ends", ["\n", "\r\n"])
@pytest.mark.parametrize("inside", ["\n", "\r\n", "\r"])
def test_a_line_break_inside_a_quoted_cell_is_found_whatever_the_file_ends_its_lines_with(tmp_path, ends, inside):
    """Files without control characters skip the search of their cells: a quoted line break must not slip past."""
    data = ends.join(["grant_id,name,quote", "vatra-1,ok,a", f'vatra-2,ok,"one{inside}two"', "vatra-3,ok,b"]) + ends
    frame, problems = read_raw(write(tmp_path, data.encode()))
    assert [(p.row, p.column) for p in problems] == [(3, "quote")]
    assert "runs over several lines" in problems[0].message


def test_a_file_of_plain_cells_has_no_problem_even_with_quoted_delimiters(tmp_path):
    data = 'grant_id,places\r\nvatra-1,"Lezhës, Lushnjës"\r\nvatra-2,Tiranë\r\n\r\n'
    frame, problems = read_raw(write(tmp_path, data.encode()))
    assert problems == [] and frame["places"].tolist() == ["Lezhës, Lushnjës", "Tiranë"]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separated_files_from_excel_are_read_like_commas(tmp_path, delimiter):
    """Excel in an Albanian or European locale saves 'CSV' with semicolons, and 'Text' with tabs."""
    text = delimiter.join(["grant_id", "value", "places", "quote"]) + "\n"
    text += delimiter.join(["vatra-1", "1,271", '"Lezhës; Lushnjës"' if delimiter == ";" else "Lezhës; Lushnjës",
                            "më shumë se 1,271 gra"]) + "\n"
    text += delimiter.join(["arsis-1", "7", "", "shtatë"]) + "\n"
    for encoding in ("utf-8-sig", "cp1250"):
        frame, problems = read_raw(write(tmp_path, text.encode(encoding)))
        assert problems == []
        assert list(frame.columns) == ["grant_id", "value", "places", "quote", ROW]
        assert frame["value"].tolist() == ["1,271", "7"]  # a comma inside a cell is no delimiter here
        assert frame.loc[0, "places"] == "Lezhës; Lushnjës"
        assert pd.isna(frame.loc[1, "places"])
        assert frame[ROW].tolist() == [2, 3]


def test_semicolon_file_with_blank_lines_and_a_bad_row_keeps_its_delimiter(tmp_path):
    frame, problems = read_raw(write(tmp_path, b"org_id;name\nvatra;Vatra\n\narsis;ARSIS;Tirana\n"))
    assert frame is None
    (problem,) = problems
    assert problem.row == 4 and "3 cells where the header has 2" in problem.message
    assert "semicolon" in problem.hint and '"Lezhës; Lushnjës"' in problem.hint


def test_a_table_whose_lines_end_with_a_carriage_return_alone_is_one_line_saying_so(tmp_path):
    frame, problems = read_raw(write(tmp_path, b"grant_id,value,quote\rvatra-1,7,\"shtat\xc3\xab; gra\"\rarsis-1,2,\r"))
    assert frame is None
    (problem,) = problems
    assert problem.row == 1 and "carriage return alone" in problem.message and "CSV UTF-8" in problem.hint


def test_a_header_with_two_delimiters_is_one_line_naming_both(tmp_path):
    rows = "".join(f"vatra-{n};1,271;Lezhës\n" for n in range(20))
    frame, problems = read_raw(write(tmp_path, ("grant_id;value,places\n" + rows).encode()))
    assert frame is None
    (problem,) = problems  # one line, not twenty rows of "has N cells"
    assert problem.row == 1
    assert "a semicolon (;)" in problem.message and "a comma (,)" in problem.message


def test_a_delimiter_inside_a_quoted_header_name_is_not_counted(tmp_path):
    frame, problems = read_raw(write(tmp_path, b'org_id;"name, as printed"\nvatra;Vatra\n'))
    assert problems == []
    assert list(frame.columns) == ["org_id", "name, as printed", ROW]


def workbook(path, sheets: dict[str, list[list]], formats: dict[tuple[str, str], str] = {}):
    """An .xlsx written by openpyxl, as Excel would save it: typed numbers, dates and booleans, not text."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for (name, cell), number_format in formats.items():
            if name == title:
                sheet[cell].number_format = number_format
    book.save(path)
    return path


def test_a_sheet_is_read_as_the_text_excel_shows(tmp_path):
    from datetime import date, datetime

    from sitrep.extract.read import read_sheet

    book = workbook(tmp_path / "tabelat.xlsx", {"figures": [
        ["grant_id", "value", "is_target", "start", "end", "month", "share", "quote"],
        ["vatra-1", 1271, True, date(2007, 3, 15), datetime(2007, 6, 30, 0, 0), date(2007, 5, 1), 0.25,
         "  më shumë se 1,271 gra "],
        [None, None, None, None, None, None, None, None],
        ["arsis-1", 1271.0, False, "2007-03", None, None, None, "shtatë"],
    ]}, {("figures", "F2"): "mmm yyyy", ("figures", "D2"): "dd/mm/yyyy"})
    frame, problems = read_sheet(book, "figures")
    assert problems == []
    assert frame["grant_id"].tolist() == ["vatra-1", "arsis-1"]
    assert frame[ROW].tolist() == [2, 4]  # the sheet's own rows: the empty row 3 is skipped, not renumbered
    assert frame["value"].tolist() == ["1271", "1271"]  # never 1271.0
    assert frame["is_target"].tolist() == ["true", "false"]
    assert frame["start"].tolist() == ["2007-03-15", "2007-03"]  # a date cell becomes ISO; text stays as typed
    assert frame.loc[0, "end"] == "2007-06-30"
    assert frame.loc[0, "month"] == "2007-05"  # a date formatted as a month is only as precise as it shows
    assert frame.loc[0, "share"] == "0.25"
    assert frame.loc[0, "quote"] == "më shumë se 1,271 gra"
    assert pd.isna(frame.loc[1, "end"])


def test_a_sheet_with_a_line_break_or_an_unnamed_column_is_named_at_its_row(tmp_path):
    from sitrep.extract.read import read_sheet

    book = workbook(tmp_path / "t.xlsx", {"grants": [["grant_id", "quote"], ["vatra-1", "një\ndy"]],
                                          "figures": [["grant_id", "value"], ["vatra-1", 7, "shtatë"]]})
    _, (problem,) = read_sheet(book, "grants")
    assert problem.file.endswith("t.xlsx[grants]") and problem.row == 2 and problem.column == "quote"
    assert "line break" in problem.message and "one line" in problem.hint
    frame, (problem,) = read_sheet(book, "figures")
    assert frame is None and problem.row == 2 and "column C" in problem.message


def test_a_report_table_comes_from_its_csv_or_its_sheet_never_both(tmp_path):
    from sitrep.extract.read import read_report_table, workbook_sheets

    tables = ["organizations", "grants", "figures"]
    workbook(tmp_path / "tabelat.xlsx", {"Grants": [["grant_id"], ["vatra-1"]], "figures.csv": [["grant_id"], ["a-1"]]})
    write(tmp_path, b"org_id\nvatra\n", "organizations.csv")
    sheets, problems = workbook_sheets(tmp_path, tables)
    assert problems == [] and set(sheets) == {"grants", "figures"}
    frame, problems, shown = read_report_table(tmp_path, "grants", sheets)
    assert problems == [] and frame["grant_id"].tolist() == ["vatra-1"] and shown.endswith("tabelat.xlsx[Grants]")
    frame, problems, shown = read_report_table(tmp_path, "organizations", sheets)
    assert frame["org_id"].tolist() == ["vatra"] and shown.endswith("organizations.csv")
    write(tmp_path, b"grant_id\nvatra-1\n")
    frame, (problem,), _ = read_report_table(tmp_path, "grants", sheets)
    assert frame is None and problem.file.endswith("grants.csv")
    assert "is also the sheet" in problem.message and "tabelat.xlsx[Grants]" in problem.message
    assert "delete the CSV or the sheet" in problem.hint
    frame, (problem,), _ = read_report_table(tmp_path, "claims", sheets)
    assert problem.message == "file is missing" and "sheet 'claims'" in problem.hint


def test_a_sheet_named_after_no_table_or_a_table_twice_is_a_problem(tmp_path):
    from sitrep.extract.read import workbook_sheets

    workbook(tmp_path / "a.xlsx", {"grants": [["grant_id"]], "Sheet1": [["x"]]})
    workbook(tmp_path / "b.xlsx", {"grants": [["grant_id"]]})
    write(tmp_path, b"not a zip", "c.xlsx")
    write(tmp_path, b"Excel's lock file", "~$a.xlsx")
    sheets, problems = workbook_sheets(tmp_path, ["grants", "figures"])
    assert sheets == {"grants": (tmp_path / "a.xlsx", "grants")}
    messages = sorted((p.file.rsplit("/", 1)[-1], p.message) for p in problems)
    assert messages[0] == ("a.xlsx[Sheet1]", "is not named after a table")
    assert messages[1][0] == "b.xlsx[grants]" and "again" in messages[1][1] and "a.xlsx[grants]" in messages[1][1]
    assert messages[2][0] == "c.xlsx" and "not a readable Excel workbook" in messages[2][1]
    assert len(problems) == 3  # the lock file is not read


def test_a_header_only_sheet_or_csv_is_a_table_with_no_rows(tmp_path):
    from sitrep.extract.read import read_sheet

    frame, problems = read_sheet(workbook(tmp_path / "t.xlsx", {"nap_links": [["grant_id", "plan"]]}), "nap_links")
    assert problems == [] and len(frame) == 0 and list(frame.columns) == ["grant_id", "plan", ROW]
    for delimiter in (b",", b";"):
        frame, problems = read_raw(write(tmp_path, b"grant_id" + delimiter + b"plan\r\n"))
        assert problems == [] and len(frame) == 0 and list(frame.columns) == ["grant_id", "plan", ROW]
