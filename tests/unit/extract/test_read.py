"""Raw tables read exactly as typed: Excel's encodings, every cell text, spreadsheet rows kept, bad shapes named."""

from __future__ import annotations

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


def test_a_quote_never_closed_is_one_line_naming_the_file_and_its_row(tmp_path):
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
