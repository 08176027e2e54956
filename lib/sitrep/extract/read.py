"""Read raw tables exactly as typed: any of the encodings Excel writes, every cell as text."""

from __future__ import annotations

import csv
import io
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from sitrep.errors import Problem
from sitrep.files import display_path

ENCODING_HINT = "save the file as 'CSV UTF-8' or 'CSV (Windows-1250)'"
ROW = "_row"  # the spreadsheet row of each record: the header is row 1
BLANK_LINE = re.compile(rb"\n[ \t\r]*\n")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def decode(data: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 (with or without a BOM) or Windows-1250; anything else is a problem, never a guess."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(shown, None, "", "is saved as UTF-16, which is not read", ENCODING_HINT)]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp1250")
        except UnicodeDecodeError as error:
            row = data.count(b"\n", 0, error.start) + 1
            byte = data[error.start : error.start + 1].hex()
            return None, [Problem(shown, row, "", f"cannot be read as UTF-8 or Windows-1250 (byte 0x{byte})",
                                  ENCODING_HINT)]
        # Windows-1250 decodes most bytes; control characters mean the guess was wrong.
        bad = next((i for i, char in enumerate(text) if ord(char) < 32 and char not in "\r\n\t"), None)
        if bad is not None:
            row = text.count("\n", 0, bad) + 1
            byte = data[utf8_error.start : utf8_error.start + 1].hex()
            return None, [Problem(shown, row, "", f"cannot be read as UTF-8 or Windows-1250 (byte 0x{byte})",
                                  ENCODING_HINT)]
        return text, []


DELIMITERS = {b",": "a comma (,)", b";": "a semicolon (;)", b"\t": "a tab"}


def header_delimiter(data: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """The delimiter of a CSV, read from its header row: ',' or what Excel writes in Albanian and European locales.

    Column names never hold a delimiter, so the header is unambiguous where a sniffer would guess from the data:
    the one delimiter found between its names is the file's. A header with two of them is refused in one line.
    """
    end = data.find(b"\n")
    if end < 0 and b"\r" in data:  # no line ends but carriage returns: the whole table would read as one line
        return None, [Problem(shown, 1, "", "its lines end with a carriage return alone (old Mac line ends)",
                              "save the sheet again as 'CSV UTF-8', which ends lines with CR LF")]
    header = data[: end if end >= 0 else len(data)]
    outside = b"".join(header.split(b'"')[::2])  # quoted parts aside
    found = [mark for mark in DELIMITERS if mark in outside]
    if len(found) > 1:
        named = " and ".join(DELIMITERS[mark] for mark in found)
        return None, [Problem(shown, 1, "", f"the header row separates its columns with both {named}",
                              "use one delimiter throughout: save the sheet again as 'CSV UTF-8'")]
    return (found[0].decode() if found else ","), []


def read_raw(path: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """All cells as stripped text (empty → NA), with each record's spreadsheet row in `_row`.

    A cell holding a line break or another control character is a problem of its row.
    """
    frame, problems, plain = _read_raw(path)
    if frame is not None and not plain:
        problems = problems + _cell_problems(frame, display_path(path))
    return frame, problems


def _cell_problems(frame: pd.DataFrame, shown: str, *, sheet: bool = False) -> list[Problem]:
    """Cells with a control character, each a problem of its row and column.

    A line break means a double quote opened in that cell was never closed (the report's line breaks are typed
    as spaces); NUL and the like come from a bad paste.
    """
    problems = []
    for column in frame.columns.drop(ROW):
        cells = frame[column]
        hits = cells.str.contains(CONTROL.pattern, regex=True, na=False)
        if not hits.any():
            continue
        for row, cell in zip(frame.loc[hits, ROW], cells[hits]):
            if ("\n" in cell or "\r" in cell) and sheet:
                problems.append(Problem(shown, int(row), column, f"'{cell}' holds a line break",
                                        "write the cell on one line: the report's line breaks are typed as spaces"))
            elif "\n" in cell or "\r" in cell:
                problems.append(Problem(shown, int(row), column, f"'{cell}' runs over several lines",
                                        'a double quote opened in this row is not closed where the cell ends; '
                                        'close it, and write "" for a quote inside a cell'))
            else:
                char = CONTROL.search(cell).group()
                problems.append(Problem(shown, int(row), column, f"holds the control character U+{ord(char):04X}",
                                        "delete it: it is invisible in most editors and breaks the downloads"))
    return problems


def _read_raw(path: Path) -> tuple[pd.DataFrame | None, list[Problem], bool]:
    """The table, its problems, and whether its bytes show that no cell holds a control character."""
    shown = display_path(path)
    if not path.is_file():
        return None, [Problem(shown, None, "", "file is missing",
                              "every raw table listed in data/raw/README.md must exist")], False
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, decode(data, shown)[1], False
    delimiter, problems = header_delimiter(data.removeprefix(b"\xef\xbb\xbf"), shown)
    if delimiter is None:
        return None, problems, False
    # Arrow reads UTF-8 itself and refuses invalid bytes, so most files never become Python text at all.
    frame, plain = _read_with_arrow(data.removeprefix(b"\xef\xbb\xbf"), delimiter)
    if frame is not None:
        return frame, [], plain
    text, problems = decode(data, shown)
    if text is None:
        return None, problems, False
    frame, plain = _read_with_arrow(text.encode("utf-8"), delimiter)
    if frame is not None:
        return frame, [], plain
    try:
        with warnings.catch_warnings():
            # pandas only warns when the first row has an extra cell: that row is as wrong as any other.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.StringIO(text), sep=delimiter, dtype="str", keep_default_na=False, skip_blank_lines=False,
                index_col=False,
            )
    except pd.errors.EmptyDataError:
        return None, [Problem(shown, 1, "", "file is empty", "the first row must name the columns")], False
    except (pd.errors.ParserError, pd.errors.ParserWarning):
        return None, _shape_problems(text, shown, delimiter), False
    return _tidy(frame), [], False


def _plain(data: bytes, end: int, delimiter: str, records: int) -> bool:
    """Whether no cell can hold a control character: the bytes hold none but line ends, one between records each.

    A line end inside a quoted cell would be one more than the records need; any doubt says no, and the cells
    are then searched one by one.
    """
    if delimiter == "\t" or data.find(b"\x7f", 0, end) >= 0:
        return False
    # One vectorised pass finds every other control byte: a plain file holds one a record (its line end), so the
    # positions found stay few.
    codes = np.frombuffer(data, dtype=np.uint8, count=end)
    positions = np.flatnonzero(codes < 0x20)
    found = codes[positions]
    newlines, returns = found == 0x0A, found == 0x0D
    if not (newlines | returns).all():
        return False
    crlf = np.count_nonzero(returns[:-1] & newlines[1:] & (positions[1:] == positions[:-1] + 1))
    return int(np.count_nonzero(newlines) + np.count_nonzero(returns) - crlf) == records


def _read_with_arrow(data: bytes, delimiter: str = ",") -> tuple[pd.DataFrame | None, bool]:
    """The fast path (Arrow's parser, every cell text); None where only the exact path can read or number rows.

    With the frame comes whether the bytes show that no cell holds a control character.
    """
    end = len(data)
    while end and data[end - 1] in b"\r\n":
        end -= 1
    if BLANK_LINE.search(data, 0, end):
        return None, False  # Arrow skips blank lines, which would shift the row numbers people are told
    try:
        first = data[: data.find(b"\n") if b"\n" in data else None].decode("utf-8")
        header = next(csv.reader(io.StringIO(first), delimiter=delimiter), None)
    except UnicodeDecodeError:
        return None, False
    if not header or len(set(header)) != len(header):
        return None, False
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in header}, strings_can_be_null=True, null_values=[""],
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None, False
    if table.column_names != header:
        return None, False
    plain = _plain(data, end, delimiter, table.num_rows)
    # Strip, blank-to-missing and the dropping of empty records happen in Arrow, before pandas sees a million rows.
    columns = [pa.chunked_array([_stripped(chunk) for chunk in column.chunks], pa.string()) for column in table.columns]
    empty = pc.is_null(columns[0])
    for column in columns[1:]:
        empty = pc.and_(empty, pc.is_null(column))
    rows = pa.array(np.arange(2, table.num_rows + 2))
    tidy = pa.table([*columns, rows], names=[*(name.strip() for name in header), ROW])
    if pc.any(empty).as_py():
        tidy = tidy.filter(pc.invert(empty))
    # Text in the string storage pandas is set to: Arrow's, or Python's while a small dataset is cleaned.
    return tidy.to_pandas(types_mapper={pa.string(): pd.StringDtype(na_value=np.nan)}.get), plain


def _stripped(column: pa.Array) -> pa.Array:
    """Cells without surrounding spaces, blanks as missing.

    Raw columns repeat, so the distinct values are looked at first, and the column is only rebuilt when one of
    them needs it.
    """
    encoded = pc.dictionary_encode(column)
    values = encoded.dictionary
    trimmed = pc.utf8_trim_whitespace(values)
    if pc.all(pc.equal(trimmed, values)).as_py() and not pc.any(pc.equal(values, "")).as_py():
        return column
    cleaned = pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)
    return pc.take(cleaned, encoded.indices)


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Stripped cells, empty as NA, each record's spreadsheet row kept, wholly empty records dropped."""
    frame.columns = [str(column).strip() for column in frame.columns]
    frame[ROW] = np.arange(2, len(frame) + 2)
    for column in frame.columns.drop(ROW):
        frame[column] = frame[column].astype("str").str.strip().replace("", pd.NA)
    blank = frame.drop(columns=ROW).isna().all(axis=1)
    return frame[~blank].reset_index(drop=True)


def _shape_problems(text: str, shown: str, delimiter: str = ",") -> list[Problem]:
    """Rows whose cell count differs from the header's, found with the csv module for exact rows."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    problems = []
    try:
        header = next(reader, [])
        records = list(enumerate(reader, start=2))
    except csv.Error:  # a quote left open reads on to the end of the file, past the csv module's cell limit
        row = text.count("\n", 0, _line_start(text, reader.line_num)) + 1
        return [Problem(shown, _record_of(text, row), "", "a double quote opened in this row is never closed",
                        'close it, and write "" for a quote inside a cell')]
    named = {",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]
    example = '"Lezhës, Lushnjës"' if delimiter == "," else '"Lezhës; Lushnjës"'
    for record, cells in records:
        if cells and len(cells) != len(header):
            problems.append(Problem(
                shown, record, "", f"has {len(cells)} cells where the header has {len(header)}",
                f"put cells that contain a {named} in double quotes: {example}" if delimiter != "\t"
                else "a cell holds a tab: delete it, tabs separate the columns of this file",
            ))
    return problems or [Problem(shown, None, "", "is not a readable CSV table", "check its quotes and delimiters")]


def _line_start(text: str, line: int) -> int:
    """Where the given 1-based line of the text begins."""
    position = 0
    for _ in range(max(0, line - 1)):
        found = text.find("\n", position)
        if found < 0:
            break
        position = found + 1
    return position


def _record_of(text: str, line: int) -> int:
    """The spreadsheet row (record) in which the quote still open at `line` was opened."""
    record, quoted = 1, False
    for number, physical in enumerate(text.split("\n")[:line], start=1):
        if not quoted and number > 1:
            record += 1
        if physical.count('"') % 2:
            quoted = not quoted
            if quoted:
                opened = record
    return opened if quoted else record


# A report's tables may be the sheets of a workbook beside its CSVs, each sheet named after its table.
WORKBOOK_SUFFIX = ".xlsx"
MISSING_HINT = "every raw table listed in data/raw/README.md must exist: as {file} or as a workbook's sheet '{name}'"


def sheet_shown(path: Path, sheet: str) -> str:
    """How a sheet is named in messages, as Excel itself names one: tables.xlsx[grants]."""
    return f"{display_path(path)}[{sheet}]"


def workbook_sheets(folder: Path, tables: list[str]) -> tuple[dict[str, tuple[Path, str]], list[Problem]]:
    """The sheets of the folder's workbooks (.xlsx), by the table each is named after (any case, '.csv' allowed).

    A sheet named after no table, or a table given by two sheets, is a problem: it would be read as missing or twice.
    """
    sheets, problems = {}, []
    for path in sorted(Path(folder).glob(f"*{WORKBOOK_SUFFIX}")):
        if path.name.startswith(("~$", ".")):  # Excel's lock file while the workbook is open
            continue
        import openpyxl  # here, not above: only a folder with a workbook pays for it

        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises zip, XML and key errors alike for a file it cannot read
            problems.append(Problem(display_path(path), None, "", f"is not a readable Excel workbook ({error})",
                                    "save it again from Excel as 'Excel Workbook (*.xlsx)'"))
            continue
        titles = workbook.sheetnames
        workbook.close()
        for title in titles:
            name = title.strip().lower().removesuffix(".csv")
            if name not in tables:
                problems.append(Problem(sheet_shown(path, title), None, "", "is not named after a table",
                                        f"name each sheet after its table ({', '.join(tables)}), or delete it"))
            elif name in sheets:
                other = sheet_shown(*sheets[name])
                problems.append(Problem(sheet_shown(path, title), None, "", f"is the table '{name}' again ({other})",
                                        "keep one sheet for each table"))
            else:
                sheets[name] = (path, title)
    return sheets, problems


def read_report_table(folder: Path, name: str, sheets: dict[str, tuple[Path, str]]
                      ) -> tuple[pd.DataFrame | None, list[Problem], str]:
    """One table of a report: its CSV, or its sheet of a workbook; both at once is refused in one line."""
    path = Path(folder) / f"{name}.csv"
    if name in sheets:
        book, sheet = sheets[name]
        if path.is_file():
            return None, [Problem(display_path(path), None, "", f"is also the sheet {sheet_shown(book, sheet)}",
                                  "keep one of them: delete the CSV or the sheet")], display_path(path)
        frame, problems = read_sheet(book, sheet)
        return frame, problems, sheet_shown(book, sheet)
    if not path.is_file():
        return None, [Problem(display_path(path), None, "", "file is missing",
                              MISSING_HINT.format(file=path.name, name=name))], display_path(path)
    frame, problems = read_raw(path)
    return frame, problems, display_path(path)


def read_sheet(path: Path, sheet: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """A sheet as `read_raw` reads a CSV: every cell the text Excel shows, with each record's sheet row in `_row`."""
    import openpyxl

    shown = sheet_shown(path, sheet)
    # Read-only mode parses only this sheet, as it streams: a workbook of many tables is not read once per table.
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        worksheet = workbook[sheet]
        worksheet.reset_dimensions()  # the size some writers record is not trusted: every row is read
        rows = [[_cell_text(cell) for cell in row] for row in worksheet.iter_rows()]
    finally:
        workbook.close()
    if not rows or not any(cell is not None for cell in rows[0]):
        return None, [Problem(shown, 1, "", "sheet is empty", "the first row must name the columns")]
    header = rows[0]
    width = max(index + 1 for index, cell in enumerate(header) if cell is not None)
    problems = []
    for record, row in enumerate(rows[1:], start=2):
        if any(cell is not None for cell in row[width:]):
            column = openpyxl.utils.get_column_letter(width + 1 + next(
                index for index, cell in enumerate(row[width:]) if cell is not None))
            problems.append(Problem(shown, record, "", f"has a value in column {column}, which has no name",
                                    "name the column in row 1, or delete the cell"))
    unnamed = [openpyxl.utils.get_column_letter(index + 1) for index, cell in enumerate(header[:width]) if cell is None]
    if unnamed:
        problems.append(Problem(shown, 1, "", f"column {unnamed[0]} has no name", "name every column in row 1"))
    repeated = sorted({cell for cell in header[:width] if cell is not None and header[:width].count(cell) > 1})
    if repeated:
        problems.append(Problem(shown, 1, repeated[0], "names two columns", "give each column its own name"))
    if problems:
        return None, problems
    body = [row[:width] + [None] * (width - len(row)) for row in rows[1:]]
    frame = pd.DataFrame(body, columns=header[:width], dtype="str")
    frame[ROW] = np.arange(2, len(body) + 2)
    frame = frame[frame.drop(columns=ROW).notna().any(axis=1)].reset_index(drop=True)
    return frame, _cell_problems(frame, shown, sheet=True)


# Excel number formats: what is quoted or bracketed ("[$-sq-AL]", "\"at\"") is not a date code.
FORMAT_LITERAL = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _cell_text(cell) -> str | None:
    """The cell as the text Excel shows: 1271 not 1271.0, a date in ISO as precise as its format, TRUE as true."""
    from datetime import date, datetime, time

    value = cell.value
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    if isinstance(value, (datetime, date)):
        codes = FORMAT_LITERAL.sub("", str(cell.number_format or "")).lower()
        day = value.date() if isinstance(value, datetime) else value
        if "d" in codes or "m" not in codes and "y" not in codes:
            return day.isoformat()
        return f"{day:%Y-%m}" if "m" in codes else f"{day:%Y}"
    if isinstance(value, time):
        return value.isoformat()
    text = str(value).strip()
    return text or None
