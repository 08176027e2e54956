"""`sitrep cite`: where a quote is in its report's text; a raw table's empty line cells filled from its quotes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sitrep.errors import DataError, Problem, UsageError
from sitrep.extract.cells import CellError, fill_cells, replace_file
from sitrep.extract.read import ROW, read_raw
from sitrep.extract.reports import METADATA_FILE, Report, read_report, report_folders
from sitrep.files import display_path
from sitrep.transform.checks import QUOTE_COLUMNS, QUOTE_HINT
from sitrep.transform.numerals import parse_one, printed_numbers
from sitrep.transform.quotes import SourceText
from sitrep.transform.schema import RAW_TABLES


@dataclass(frozen=True)
class Fill:
    """One empty line cell and the line its row's quote gives it."""

    file: str
    row: int
    column: str
    line: int
    also: tuple[int, ...] = ()  # where else the quote is in the text
    repeated: tuple[int, ...] = ()  # every line of the quote that prints the row's value, when more than one does

    def __str__(self) -> str:
        text = f"{self.file}:{self.row}: {self.column}: {self.line}"
        if self.also:
            where = ", ".join(map(str, self.also))
            return f"{text} (the quote is also at line(s) {where}: check that the first is the one meant)"
        if self.repeated:
            where = ", ".join(map(str, self.repeated))
            return f"{text} (the quote prints the value on lines {where}: check which one is meant)"
        return text


def open_report(folder: Path) -> tuple[Report, SourceText]:
    """A report folder's metadata (checked, its text's hash too) and its text."""
    report, problems = read_report(folder)
    if problems:
        raise DataError(problems)
    return report, SourceText.read(report.text_path)


def report_folder(raw_dir: Path, report_id: str) -> Path:
    """The folder of a report named by its id (or by its folder)."""
    for folder in (Path(raw_dir) / report_id, Path(report_id)):
        if (folder / METADATA_FILE).is_file():
            return folder
    known = ", ".join(folder.name for folder in report_folders(raw_dir)) if Path(raw_dir).is_dir() else ""
    raise UsageError(f"--report {report_id!r}: no report of that id in {display_path(raw_dir)}"
                     + (f" (reports: {known})" if known else " (give its folder, or --raw DIR)"))


def quote_lines(folder: Path, quote: str) -> list[str]:
    """Where a quote is in the report's text, one line of output for each place; DataError when it is not there."""
    report, source = open_report(folder)
    shown = display_path(report.text_path)
    spans = source.occurrences(quote)
    if not spans:
        nearest = source.nearest(quote)
        raise DataError([Problem(shown, None, "", f"{_shortened(quote)} is not in the text",
                                 f"{nearest.hint(limit=200)}; {QUOTE_HINT}" if nearest else QUOTE_HINT)])
    lines = []
    for span in spans:
        where = f"line {span.start}" if len(span) == 1 else f"lines {span.start}–{span[-1]}"
        text = " ".join(line.strip() for line in source.lines[span.start - 1 : span.stop - 1])
        lines.append(f"{shown}: {where}: {text}")
    return lines


def cited_lines(source: SourceText, quote: str, value: str | None = None) -> list[int]:
    """The lines a row may cite, best first: each line of its quote that prints its value, else the quote's first."""
    span = source.lines_of(quote)
    if span is None:
        return []
    number = parse_one(value) if isinstance(value, str) else None
    lines = [source.line_at(quote, reading.start) for reading in printed_numbers(quote) if reading.value == number]
    return list(dict.fromkeys(line for line in lines if line is not None)) or [span.start]


def table_fills(path: Path) -> tuple[list[Fill], list[Problem]]:
    """Each empty line cell of a raw table with the line its row's quote gives it, and what could not be found."""
    path = Path(path)
    if path.suffix.lower() != ".csv" or path.stem not in RAW_TABLES:
        tables = ", ".join(table.file for table in RAW_TABLES.values())
        raise UsageError(f"{display_path(path)}: not a raw table (one of {tables})")
    if not (path.parent / METADATA_FILE).is_file():
        raise UsageError(f"{display_path(path)}: not in a report folder (a folder with a {METADATA_FILE})")
    report, source = open_report(path.parent)
    frame, problems = read_raw(path)
    if problems or frame is None:
        raise DataError(problems)
    shown, text = display_path(path), display_path(report.text_path)
    fills, missing = [], []
    for quote_column, line_column in QUOTE_COLUMNS:
        if quote_column not in frame or line_column not in frame:
            continue
        empty = frame[frame[line_column].isna() & frame[quote_column].notna()]
        values = empty["value"] if quote_column == "quote" and "value" in empty else pd.Series(None, index=empty.index)
        for row, quote, value in zip(empty[ROW], empty[quote_column], values):
            lines = cited_lines(source, quote, value)
            if not lines:
                nearest = source.nearest(quote)
                missing.append(Problem(shown, int(row), quote_column, f"{_shortened(quote)} is not in {text}",
                                       f"{nearest.hint()}; {QUOTE_HINT}" if nearest else QUOTE_HINT))
                continue
            also = tuple(span.start for span in source.occurrences(quote)[1:])
            fills.append(Fill(shown, int(row), line_column, lines[0], also, tuple(lines) if len(lines) > 1 else ()))
    return fills, missing


def table_paths(target: Path) -> list[Path]:
    """A table, or every raw table of a report folder."""
    target = Path(target)
    if target.is_dir():
        if not (target / METADATA_FILE).is_file():
            raise UsageError(f"{display_path(target)}: not a report folder (a folder with a {METADATA_FILE})")
        return [target / table.file for table in RAW_TABLES.values() if (target / table.file).is_file()]
    if not target.is_file():
        raise UsageError(f"{display_path(target)}: no such table (with no --report, each argument is a raw table)")
    return [target]


def run_cite(targets: list[str], raw_dir: Path, report_id: str | None, write: bool) -> int:
    """The command: print where quotes are, or the line cells a table would get (and write them with `write`)."""
    if report_id is not None:
        if write:
            raise UsageError("--write fills tables: give tables, not --report with quotes")
        folder = report_folder(raw_dir, report_id)
        problems = []
        for quote in targets:
            try:
                print("\n".join(quote_lines(folder, quote)))
            except DataError as error:
                problems += error.problems
        if problems:
            raise DataError(problems)
        return 0
    paths = [path for target in targets for path in table_paths(Path(target))]
    problems, filled = [], 0
    for path in paths:
        fills, missing = table_fills(path)
        problems += missing
        for fill in fills:
            print(fill)
        if write and fills:
            try:
                data = fill_cells(path, {(fill.row, fill.column): str(fill.line) for fill in fills})
            except CellError as error:
                raise DataError([Problem(display_path(path), None, "", str(error),
                                         "nothing was written; check the table with sitrep clean")]) from None
            replace_file(path, data)
        filled += len(fills)
    verb = "filled" if write else "would fill"
    advice = "" if write or not filled else "; run again with --write to write them"
    print(f"sitrep cite: {verb} {filled} cell(s) in {len(paths)} table(s){advice}")
    if problems:
        raise DataError(problems)
    return 0


def _shortened(quote: str) -> str:
    return f"'{quote}'" if len(quote) <= 60 else f"'{quote[:57]}...'"
