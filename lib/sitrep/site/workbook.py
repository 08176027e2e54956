"""The whole edition's data in one workbook: a README sheet, then one sheet per download, as the edition shows it."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from pathlib import Path

from sitrep.errors import DataError, Problem
from sitrep.text import BOM

PLAIN_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


# xlsxwriter's status for a cell it could not write as given
OUTSIDE_THE_SHEET, TOO_LONG = -1, -2
TOO_LONG_HINT = "the CSV download holds it whole; shorten the raw cell it comes from and build again"


def _write(sheet, row: int, column: int, text: str, style=None, as_text: bool = False) -> int:
    """A plain number as a number (unless `as_text`), any other text as text: no formula, link or date guessed.

    Returns xlsxwriter's status: negative where Excel cannot hold the cell as written (OUTSIDE_THE_SHEET, TOO_LONG).
    """
    if not text:
        return 0
    if not as_text and PLAIN_NUMBER.match(text):
        return sheet.write_number(row, column, float(text) if "." in text else int(text))
    if text.startswith("<r>") and text.endswith("</r>"):
        # xlsxwriter would write such a text into the file as XML (its own rich strings); as escaped runs of one
        # rich string (three at least), it reads back as written
        runs = (text[:1], text[1:2], text[2:])
        return sheet.write_rich_string(row, column, *(part for run in runs for part in ((style, run) if style
                                                                                         else (run,))))
    return sheet.write_string(row, column, text, style)


def _cell_problem(file: str, header: list[str], sheet, row: int, column: int, text: str, status: int) -> Problem:
    """A cell the workbook cannot hold, named as its download names it: the CSV's file, row and column."""
    name = header[column] if column < len(header) and header[column] else f"column {column + 1}"
    if status == TOO_LONG:  # Excel counts a cell's length in UTF-16 units: a character beyond U+FFFF is two
        units = len(text.encode("utf-16-le")) // 2
        return Problem(file, row + 1, name, f"longer than the {sheet.xls_strmax:,} characters an Excel cell holds "
                       f"({units:,})", TOO_LONG_HINT if header else "")
    if status == OUTSIDE_THE_SHEET and row >= sheet.xls_rowmax:
        return Problem(file, row + 1, name, f"beyond the {sheet.xls_rowmax:,} rows an Excel sheet holds",
                       "the CSV download holds every row; the workbook cannot hold a table this long")
    if status == OUTSIDE_THE_SHEET:
        return Problem(file, row + 1, name, f"beyond the {sheet.xls_colmax:,} columns an Excel sheet holds",
                       "the CSV download holds every column; the workbook cannot hold a table this wide")
    return Problem(file, row + 1, name, f"a cell Excel cannot hold (xlsxwriter status {status})")


def sheet_names(names: list[str]) -> list[str]:
    r"""Excel's sheet names: at most 31 characters, none of []:*?/\, each unique."""
    chosen: list[str] = []
    for name in names:
        base = SHEET_NAME.sub("-", name)[:31].strip("'") or "-"  # Excel refuses an apostrophe at either end
        candidate, number = base, 2
        while candidate.lower() in {c.lower() for c in chosen} or candidate.lower() == "readme":
            suffix = f"~{number}"
            candidate, number = base[:31 - len(suffix)] + suffix, number + 1
        chosen.append(candidate)
    return chosen


def write_workbook(path: Path, downloads: dict[str, str], readme: list[tuple[str, str]], marking: str | None,
                   dated: datetime.datetime | None = None, shown_as: str = "data") -> None:
    """`downloads` are the edition's CSV texts by file name; the first sheet explains them.

    `dated`: the time the workbook and every part of it say they were made (otherwise now), so that the same
    edition is the same bytes. A cell Excel cannot hold stops it with a DataError naming the cell in its download:
    the folder `shown_as` (where the reader finds the downloads), the file, its row and column.
    """
    import xlsxwriter

    unpacked = io.BytesIO()
    # In memory: xlsxwriter's own zip dates every part 1980; it is packed again below, dated by the edition.
    book = xlsxwriter.Workbook(unpacked, {"in_memory": True})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("README")
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 100)
    listed = [(marking, "")] if marking else []
    listed += readme
    names = sorted(downloads)
    problems: list[Problem] = []
    for (name, title) in zip(names, sheet_names([n.removesuffix(".csv") for n in names])):
        rows = list(csv.reader(io.StringIO(downloads[name].removeprefix(BOM))))
        table = book.add_worksheet(title)
        start = 1 if marking and rows and rows[0] == [marking] else 0
        if start:
            _write(table, 0, 0, marking, as_text=True)
        table.freeze_panes(start + 1, 1)  # below the header, right of the first column
        header = rows[start] if len(rows) > start else []
        beyond = False
        for row_number, row in enumerate(rows[start:], start):
            for column, text in enumerate(row):
                is_header = row_number == start
                status = _write(table, row_number, column, text, bold if is_header else None, as_text=is_header)
                if status < 0:
                    problems.append(_cell_problem(f"{shown_as}/{name}", header, table, row_number, column, text,
                                                  status))
                    beyond = status == OUTSIDE_THE_SHEET
                    if beyond:  # every cell after it is outside too: the first one says it
                        break
            if beyond:
                break
        listed.append((title, name))
    for row_number, row in enumerate(listed):
        for column, text in enumerate(row):
            status = _write(sheet, row_number, column, text or "", as_text=True)
            if status < 0:
                problems.append(_cell_problem(f"{shown_as}/{path.name}", [], sheet, row_number, column, text or "",
                                              status))
    if problems:  # a sheet that is not its download would be a different table under the same name
        raise DataError(problems)
    when = dated or datetime.datetime.now(tz=datetime.timezone.utc).replace(tzinfo=None)
    book.set_properties({"created": when})  # xlsxwriter dates both created and modified by it
    book.close()
    with zipfile.ZipFile(unpacked) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for info, data in parts:
            part = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            part.compress_type, part.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            archive.writestr(part, data)
