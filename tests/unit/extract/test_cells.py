"""Empty cells of a raw CSV filled in place: every other byte (encoding, BOM, delimiter, quoting, line ends) kept."""

from __future__ import annotations

import os
import stat

import pytest

from sitrep.extract.cells import CellError, fill_cells, records, replace_file, text_of


def test_records_count_rows_as_a_spreadsheet_does():
    data = b'\xef\xbb\xbfa,b,c\r\n1,"x, ""y""",\r\n\r\n"two\nlines",,3\r\n'
    found = records(data)
    assert [[text_of(data, span, "utf-8") for span in record] for record in found] == [
        ["a", "b", "c"], ["1", 'x, "y"', ""], [""], ["two\nlines", "", "3"]]
    assert found[0][0] == (3, 4)  # the BOM belongs to no cell


def test_a_file_without_a_final_line_end_keeps_its_last_record():
    assert len(records(b"a,b\n1,2")) == 2 and len(records(b"a,b\n1,2\n")) == 2


def test_records_of_a_semicolon_or_tab_table():
    data = b'a;b\n"x;y";\n'
    assert [[text_of(data, span, "utf-8") for span in record] for record in records(data, b";")] == [
        ["a", "b"], ["x;y", ""]]
    assert len(records(b"a\tb\n1\t\n", b"\t")[1]) == 2


def write(tmp_path, data: bytes):
    path = tmp_path / "figures.csv"
    path.write_bytes(data)
    return path


def test_filling_changes_only_the_empty_cells_named(tmp_path):
    data = ('grant_id,quote,source_line,note\r\nv-1,"Vatra, në Vlorë",,\r\n'
            'v-2,strehoi 45 gra,12,"një ""shënim"""\r\nv-3,x,"",\r\n')
    path = write(tmp_path, data.encode("utf-8"))
    filled = fill_cells(path, {(2, "source_line"): "1911", (4, "source_line"): "7"})
    assert filled.decode("utf-8") == data.replace('Vlorë",,', 'Vlorë",1911,').replace('v-3,x,"",', "v-3,x,7,")


def test_filling_keeps_a_bom_windows_1250_semicolons_and_line_ends(tmp_path):
    text = "grant_id;quote;source_line\nv-1;Korçë dhe Shkodër;\r\nv-2;ë;3"
    path = write(tmp_path, b"\xef\xbb\xbf" + text.encode("utf-8"))
    expected = text.replace("Shkodër;", "Shkodër;5")
    assert fill_cells(path, {(2, "source_line"): "5"}) == b"\xef\xbb\xbf" + expected.encode()
    path = write(tmp_path, text.encode("cp1250"))
    assert fill_cells(path, {(2, "source_line"): "5"}) == expected.encode("cp1250")
    tabs = text.replace(";", "\t")
    path = write(tmp_path, tabs.encode("utf-8"))
    assert fill_cells(path, {(2, "source_line"): "5"}) == tabs.replace("Shkodër\t", "Shkodër\t5").encode()


@pytest.mark.parametrize("fills, problem", [
    ({(2, "line"): "5"}, "has no column 'line'"),
    ({(9, "source_line"): "5"}, "has no cell at row 9"),
    ({(3, "source_line"): "5"}, "row 3, column 'source_line' is not empty"),
])
def test_a_cell_that_cannot_be_filled_is_refused(tmp_path, fills, problem):
    path = write(tmp_path, b"quote,source_line\na,\nb,4\n")
    with pytest.raises(CellError, match=problem):
        fill_cells(path, fills)


def test_a_file_is_replaced_whole_with_its_permissions_and_no_temporary_left(tmp_path):
    path = write(tmp_path, b"old")
    os.chmod(path, 0o640)
    replace_file(path, b"new")
    assert path.read_bytes() == b"new" and stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["figures.csv"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = write(tmp_path, b"old")

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        replace_file(path, b"new")
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["figures.csv"]
