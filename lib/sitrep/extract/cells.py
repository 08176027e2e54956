"""Where each cell of a raw CSV lies in its bytes, so that empty cells can be filled and every other byte kept."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from sitrep.extract.read import DELIMITERS, decode, header_delimiter

BOM = b"\xef\xbb\xbf"
Span = tuple[int, int]  # a cell's first byte and the byte after its last, quotes included


class CellError(ValueError):
    """A cell that cannot be filled in place: the table's shape is not what its reader saw."""


def _tokens(delimiter: bytes) -> re.Pattern[bytes]:
    escaped = re.escape(delimiter)
    # A quoted cell (with "" inside), a run of plain bytes, a delimiter, or a line end: CSV as Excel writes it.
    return re.compile(rb'"(?:[^"]+|"")*"?|[^"\r\n' + escaped + rb"]+|" + escaped + rb"|\r\n|\n|\r")


_TOKENS = {delimiter: _tokens(delimiter) for delimiter in DELIMITERS}  # the delimiters the reader reads


def records(data: bytes, delimiter: bytes = b",") -> list[list[Span]]:
    """Each record's cells as byte spans, the header first; a BOM belongs to no cell, and a line end to no record.

    Records are counted as a spreadsheet counts rows: a blank line is a record of one empty cell, and a line end
    inside a quoted cell does not end its record.
    """
    start = len(BOM) if data.startswith(BOM) else 0
    found: list[list[Span]] = []
    record: list[Span] = []
    cell_start, cell_end = start, start
    for token in _TOKENS[delimiter].finditer(data, start):
        text = token.group()
        if text == delimiter:
            record.append((cell_start, cell_end))
            cell_start = cell_end = token.end()
        elif text in (b"\r\n", b"\n", b"\r"):
            record.append((cell_start, cell_end))
            found.append(record)
            record = []
            cell_start = cell_end = token.end()
        else:
            cell_end = token.end()
    if record or cell_end > cell_start:
        record.append((cell_start, cell_end))
        found.append(record)
    return found


def text_of(data: bytes, span: Span, encoding: str) -> str:
    """A cell's text: unquoted, "" read as one quote, surrounding spaces dropped."""
    raw = data[span[0] : span[1]].decode(encoding).strip()
    if len(raw) >= 2 and raw.startswith('"') and raw.endswith('"'):
        raw = raw[1:-1].replace('""', '"').strip()
    return raw


def fill_cells(path: Path, fills: dict[tuple[int, str], str]) -> bytes:
    """The table's bytes with each (row, column) of `fills` written into its empty cell, nothing else changed.

    Raises CellError when a column is not in the header, a row is not in the table, or a cell is not empty.
    """
    data = Path(path).read_bytes()
    text, problems = decode(data, str(path))
    if text is None:
        raise CellError(problems[0].message)
    encoding = "utf-8" if _is_utf8(data) else "cp1250"
    delimiter, problems = header_delimiter(data.removeprefix(BOM), str(path))
    if delimiter is None:
        raise CellError(problems[0].message)
    delimiter = delimiter.encode()
    rows = records(data, delimiter)
    if not rows:
        raise CellError("has no header row")
    header = [text_of(data, span, encoding) for span in rows[0]]
    edits = []
    for (row, column), value in fills.items():
        if column not in header:
            raise CellError(f"has no column '{column}'")
        if not 2 <= row <= len(rows) or len(rows[row - 1]) <= header.index(column):
            raise CellError(f"has no cell at row {row}, column '{column}'")
        span = rows[row - 1][header.index(column)]
        if text_of(data, span, encoding):
            raise CellError(f"row {row}, column '{column}' is not empty")
        edits.append((span, value.encode(encoding)))
    for (start, end), value in sorted(edits, reverse=True):
        data = data[:start] + value + data[end:]
    return data


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def replace_file(path: Path, data: bytes) -> None:
    """Write a file whole or not at all: a temporary file beside it, then one rename; its permissions are kept."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
