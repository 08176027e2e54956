"""Check raw tables against their rules and each other; report every problem at once."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from rapidfuzz import process

from sitrep.errors import Problem
from sitrep.extract.read import ROW
from sitrep.text import map_distinct, split_list
from sitrep.transform.dates import parse_dates
from sitrep.transform.places import Gazetteer
from sitrep.transform.quotes import SourceText
from sitrep.transform.schema import DATE_ORDER, RAW_TABLES, REFERENCES, RawTable

QUOTE_HINT = "copy the words exactly from the source report; mark text you skip with …"


def check_table(table: RawTable, frame: pd.DataFrame, shown: str, gazetteer: Gazetteer) -> list[Problem]:
    """Run the table's schema; turn each failure into a problem a person can fix."""
    try:
        table.schema(gazetteer).validate(frame.drop(columns=ROW), lazy=True)
        return []
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    rows = frame[ROW]
    problems = []
    for case in cases.itertuples(index=False):
        row = int(rows.iloc[int(case.index)]) if pd.notna(case.index) else 1
        problems.append(_explain(table, case.check, case.column, case.failure_case, row, shown, gazetteer))
    return problems


def _explain(table: RawTable, check: str, column, value, row: int, shown: str, gazetteer: Gazetteer) -> Problem:
    known = [f.name for f in table.fields]
    if check == "column_in_dataframe":
        return Problem(shown, 1, str(value), "required column is missing", f"add a column named '{value}' to the header row")
    if check == "column_in_schema":
        nearest = process.extractOne(str(value), known, score_cutoff=60)
        hint = f"did you mean '{nearest[0]}'? " if nearest else ""
        return Problem(shown, 1, str(value), "is not a column of this table", f"{hint}columns: {', '.join(known)}")
    if check == "not_nullable":
        return Problem(shown, row, column, "is empty", "this column must be filled")
    if check == "field_uniqueness":
        return Problem(shown, row, column, f"'{value}' is used by another row too", "each row needs its own id")
    rule = table.rule(column, check, gazetteer)
    if rule is None:
        return Problem(shown, row, column or "", f"'{value}' fails {check}", "see data/raw/README.md")
    message, hint = rule.explain(str(value))
    return Problem(shown, row, column, message, hint)


def check_references(frames: dict[str, pd.DataFrame], shown: dict[str, str]) -> list[Problem]:
    """Every id a table points to exists in the table it points into."""
    problems = []
    for ref in REFERENCES:
        frame, target = frames.get(ref.table), frames.get(ref.target)
        if frame is None or target is None or ref.column not in frame or ref.target_column not in target:
            continue
        known = set(target[ref.target_column].dropna())
        cells = frame[[ref.column, ROW]].dropna()
        if ref.many:
            items = cells.assign(item=map_distinct(cells[ref.column], split_list)).explode("item")
            missing = items[~items["item"].isin(known)]
        else:
            unknown = map_distinct(cells[ref.column], lambda value: value not in known, "bool")
            missing = cells[unknown].assign(item=cells.loc[unknown, ref.column])
        for item, row in zip(missing["item"], missing[ROW]):
            nearest = process.extractOne(str(item), sorted(known), score_cutoff=75)
            hint = f"did you mean '{nearest[0]}'? " if nearest else ""
            problems.append(Problem(
                shown[ref.table], int(row), ref.column, f"'{item}' is not a {ref.target_column} of {ref.target}.csv",
                f"{hint}add it to {ref.target}.csv or correct the id",
            ))
    return problems


def check_date_order(frames: dict[str, pd.DataFrame], shown: dict[str, str]) -> list[Problem]:
    problems = []
    for table, first, last in DATE_ORDER:
        frame = frames.get(table)
        if frame is None or first not in frame or last not in frame:
            continue
        starts, ends = parse_dates(frame[first])["first"], parse_dates(frame[last])["last"]
        for row, start, end in zip(frame.loc[starts > ends, ROW], frame.loc[starts > ends, first], frame.loc[starts > ends, last]):
            problems.append(Problem(shown[table], int(row), last, f"'{end}' is before the start '{start}'", "swap the dates or correct one"))
    return problems


# Each quoted column and the column holding the line it starts on; a row may quote a second passage.
QUOTE_COLUMNS = (("quote", "source_line"), ("place_quote", "place_line"), ("explained_quote", "explained_line"))


def check_quotes(frames: dict[str, pd.DataFrame], shown: dict[str, str], source: SourceText) -> list[Problem]:
    """Every quote is in the source, and its line lies within the lines it covers."""
    problems = []
    for name, frame in frames.items():
        for quote_column, line_column in QUOTE_COLUMNS:
            if quote_column in frame:
                problems += _check_quoted(frame, quote_column, line_column, shown[name], source)
    return problems


def _check_quoted(frame: pd.DataFrame, quote_column: str, line_column: str, shown: str,
                  source: SourceText) -> list[Problem]:
    problems = []
    if line_column in frame:
        lonely = frame[frame[quote_column].isna() != frame[line_column].isna()]
        for row, line in zip(lonely[ROW], lonely[line_column]):
            missing = quote_column if pd.notna(line) else line_column
            problems.append(Problem(shown, int(row), missing, "is empty while its pair is filled",
                                    f"fill both {quote_column} and {line_column}, or neither"))
    quoted = frame[frame[quote_column].notna()]
    # Quotes repeat: each distinct one is looked up in the source once.
    codes, distinct = pd.factorize(quoted[quote_column])
    spans = [source.lines_of(quote) for quote in distinct]
    found = np.array([span is not None for span in spans], dtype=bool)[codes]
    for row, quote in zip(quoted.loc[~found, ROW], quoted.loc[~found, quote_column]):
        shortened = quote if len(quote) <= 60 else quote[:57] + "..."
        problems.append(Problem(shown, int(row), quote_column, f"'{shortened}' is not in the source report",
                                QUOTE_HINT))
    if line_column not in quoted:
        return problems
    first = np.array([span.start if span else 0 for span in spans], dtype=np.int64)[codes]
    last = np.array([span.stop - 1 if span else 0 for span in spans], dtype=np.int64)[codes]
    lines = pd.to_numeric(quoted[line_column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    outside = found & ~np.isnan(lines) & ((lines < first) | (lines > last))
    for row, line, start, stop in zip(quoted.loc[outside, ROW], quoted.loc[outside, line_column],
                                     first[outside], last[outside]):
        problems.append(Problem(
            shown, int(row), line_column, f"line {line} is outside the quote (lines {start}–{stop})",
            f"the quote starts on line {start}",
        ))
    return problems


def check_raw(
    frames: dict[str, pd.DataFrame], shown: dict[str, str], gazetteer: Gazetteer, source: SourceText | None
) -> list[Problem]:
    problems = []
    for name, frame in frames.items():
        problems += check_table(RAW_TABLES[name], frame, shown[name], gazetteer)
    problems += check_references(frames, shown)
    problems += check_date_order(frames, shown)
    if source is not None:
        problems += check_quotes(frames, shown, source)
    return problems
