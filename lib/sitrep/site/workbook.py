"""The whole edition's data in one workbook: a README sheet, then one sheet per download, as the edition shows it."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from pathlib import Path

PLAIN_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def _cell(text: str) -> object:
    if PLAIN_NUMBER.match(text):
        return float(text) if "." in text else int(text)
    return text if text else None


def sheet_names(names: list[str]) -> list[str]:
    r"""Excel's sheet names: at most 31 characters, none of []:*?/\, each unique."""
    chosen: list[str] = []
    for name in names:
        base = SHEET_NAME.sub("-", name)[:31]
        candidate, number = base, 2
        while candidate.lower() in {c.lower() for c in chosen} or candidate.lower() == "readme":
            suffix = f"~{number}"
            candidate, number = base[:31 - len(suffix)] + suffix, number + 1
        chosen.append(candidate)
    return chosen


def write_workbook(path: Path, downloads: dict[str, str], readme: list[tuple[str, str]], marking: str | None,
                   dated: datetime.datetime | None = None) -> None:
    """`downloads` are the edition's CSV texts by file name; the first sheet explains them.

    `dated`: the time the workbook and every part of it say they were made (otherwise now), so that the same
    edition is the same bytes.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    from sitrep.report.downloads import BOM  # here: the build process names this function, a worker runs it

    # Write-only: rows stream to the file as they are appended, several times faster than building every cell.
    book = Workbook(write_only=True)
    sheet = book.create_sheet("README")
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 100
    listed = [(marking, "")] if marking else []
    listed += readme
    names = sorted(downloads)
    bold = Font(bold=True)

    def header(sheet, value: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = bold
        return cell

    for (name, title) in zip(names, sheet_names([n.removesuffix(".csv") for n in names])):
        rows = list(csv.reader(io.StringIO(downloads[name].removeprefix(BOM))))
        table = book.create_sheet(title)
        start = 1 if marking and rows and rows[0] == [marking] else 0
        table.freeze_panes = f"B{start + 2}"  # below the header, right of the first column
        if start:
            table.append([marking])
        for index, row in enumerate(rows[start:]):
            table.append([header(table, cell) for cell in row] if index == 0 else [_cell(cell) for cell in row])
        listed.append((title, name))
    for row in listed:
        sheet.append(list(row))
    when = dated or datetime.datetime.now(tz=datetime.timezone.utc).replace(tzinfo=None)
    book.properties.created = book.properties.modified = when
    # openpyxl's own save would date the workbook now, and its zip entries are dated when they are written: it
    # writes them uncompressed into memory, and they are compressed once, into the file, with the edition's date.
    unpacked = io.BytesIO()
    with zipfile.ZipFile(unpacked, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()
    with zipfile.ZipFile(unpacked) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for info, data in parts:
            part = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            part.compress_type, part.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            archive.writestr(part, data)
