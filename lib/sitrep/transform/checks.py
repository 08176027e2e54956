"""Check raw tables against their rules and each other; report every problem at once."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa
from rapidfuzz import process

from sitrep.errors import Problem
from sitrep.extract.read import ROW
from sitrep.extract.reports import Report
from sitrep.files import display_path
from sitrep.periods import parse_period
from sitrep.text import fold, map_distinct, split_list
from sitrep.transform import vocab
from sitrep.transform.conform import validated
from sitrep.transform.dates import parse_dates
from sitrep.transform.numerals import PRINTED_WORD, QUALIFIERS, outermost, parse_one, printed_numbers
from sitrep.transform.places import Gazetteer
from sitrep.transform.quotes import SourceText
from sitrep.transform.rules import ID_FORM
from sitrep.transform.schema import DATE_ORDER, RAW_TABLES, REFERENCES, RawTable

QUOTE_HINT = "copy the words exactly from the source report; mark text you skip with …"
# Each quote not found costs a fuzzy search of its report's text (a few milliseconds): beyond this many distinct
# ones in a table, the rest get the plain hint, so that a table pasted from the wrong report still fails fast.
MOST_NEAREST = 50


@dataclass
class RawReport:
    """One report's raw tables as read, with the paths people are shown and the text its quotes come from."""

    report: Report
    frames: dict[str, pd.DataFrame]
    shown: dict[str, str]
    source: SourceText
    gazetteer: Gazetteer | None = None  # the shared one with the report's own places.csv, where it has one

    @property
    def id(self) -> str:
        """The report's id."""
        return self.report.id


def check_table(table: RawTable, frame: pd.DataFrame, shown: str, gazetteer: Gazetteer,
                text: str = "the report's text") -> list[Problem]:
    """Run the table's schema; turn each failure into a problem a person can fix (`text` names the report's text)."""
    try:
        validated(table.schema(gazetteer), frame.drop(columns=ROW))
        return []
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    rows = frame[ROW]
    problems = []
    for case in cases.itertuples(index=False):
        row = int(rows.iloc[int(case.index)]) if pd.notna(case.index) else 1
        if case.check == "field_uniqueness":
            first = int(frame.loc[frame[case.column] == case.failure_case, ROW].min())
            if first != row:
                problems.append(_repeated(table, case.column, str(case.failure_case), row, shown, f"row {first}"))
            continue
        problem = _explain(table, case.check, case.column, case.failure_case, row, shown, gazetteer)
        problems.append(_about_lines(problem, case.check, shown, text))
    return problems


def _repeated(table: RawTable, column: str, value: str, row: int, shown: str, where: str) -> Problem:
    """An id given again: for an organisation, reuse is the fix; for anything else, a new id."""
    if table.name == "organizations":
        return Problem(shown, row, column, f"organisation '{value}' already exists ({where})",
                       f"an organisation is listed once: delete this row and refer to it as '{value}'")
    return Problem(shown, row, column, f"'{value}' is already the {column} of {where}",
                   "give this row an id of its own")


def _about_lines(problem: Problem, check: str, shown: str, text: str) -> Problem:
    """A line column's problem names the report text the line is of, and the command that finds it."""
    if problem.column not in LINE_COLUMNS or check not in ("not_nullable", "line_number"):
        return problem
    finder = (f"let 'sitrep cite {shown} --write' fill it from the quote" if shown.endswith(".csv")
              else "'sitrep cite --report ID \"quote\"' finds it")  # a sheet of a workbook is not rewritten
    return Problem(problem.file, problem.row, problem.column, problem.message,
                   f"write the line of {text} it is printed on, or {finder}")


def _explain(table: RawTable, check: str, column, value, row: int, shown: str, gazetteer: Gazetteer) -> Problem:
    known = [f.name for f in table.fields]
    if check == "column_in_dataframe":
        return Problem(shown, 1, str(value), "required column is missing",
                       f"add a column named '{value}' to the header row")
    if check == "column_in_schema":
        nearest = process.extractOne(str(value), known, score_cutoff=60)
        hint = f"did you mean '{nearest[0]}'? " if nearest else ""
        return Problem(shown, 1, str(value), "is not a column of this table", f"{hint}columns: {', '.join(known)}")
    if check == "not_nullable":
        return Problem(shown, row, column, "is empty", "this column must be filled")
    rule = table.rule(column, check, gazetteer)
    if rule is None:
        return Problem(shown, row, column or "", f"'{value}' fails {check}", "see data/raw/README.md")
    message, hint = rule.explain(str(value))
    return Problem(shown, row, column, message, hint)


def check_references(reports: list[RawReport]) -> list[Problem]:
    """Every id a table points to exists where it may: in the same report, or (organisations) this or an earlier one."""
    problems = []
    for ref in REFERENCES:
        owners: dict[str, str] = {}  # id → the report that introduces it
        for report in reports:
            target = report.frames.get(ref.target)
            if target is not None and ref.target_column in target:
                # The first report to introduce an id owns it: the earlier owners are laid over the new ones.
                owners = {**dict.fromkeys(target[ref.target_column].dropna().tolist(), report.id), **owners}
        for index, report in enumerate(reports):
            frame = report.frames.get(ref.table)
            if frame is None or ref.column not in frame:
                continue
            allowed = {r.id for r in reports[: index + 1]} if ref.earlier else {report.id}
            known = {item for item, owner in owners.items() if owner in allowed}
            # Most cells name what exists: each distinct cell is looked up once, and only the rows of one that
            # names something unknown are looked at further.
            codes, distinct = pd.factorize(frame[ref.column], use_na_sentinel=True)
            if ref.many:
                lists = (split_list(value) for value in distinct.tolist())
                unknown = [not items or any(item not in known for item in items) for items in lists]
            else:
                unknown = [value not in known for value in distinct.tolist()]
            if not any(unknown):
                continue
            frame = frame[np.append(np.array(unknown, dtype=bool), False)[codes]]
            cells = frame[[ref.column, ROW]].dropna()
            if ref.many:
                items = cells.assign(item=map_distinct(cells[ref.column], split_list)).explode("item")
                missing = items[~items["item"].isin(known)]
            else:
                unknown = map_distinct(cells[ref.column], lambda value, known=known: value not in known, "bool")
                missing = cells[unknown].assign(item=cells.loc[unknown, ref.column])
            target_file = report.shown.get(ref.target, f"{ref.target}.csv")
            for item, row in zip(missing["item"], missing[ROW]):
                owner = owners.get(item)
                if owner is not None and ref.earlier:
                    hint = f"it is introduced by the later report '{owner}': introduce it here, or in an earlier report"
                elif owner is not None:
                    hint = f"it belongs to report '{owner}': a row refers to a {ref.target_column} of its own report"
                else:
                    nearest = process.extractOne(str(item), sorted(known), score_cutoff=75)
                    hint = ((f"did you mean '{nearest[0]}'? " if nearest else "")
                            + f"add it to {target_file} or correct the id")
                problems.append(Problem(report.shown[ref.table], int(row), ref.column,
                                        f"'{item}' is not a {ref.target_column} of {ref.target}.csv", hint))
    return problems


def check_shared_ids(reports: list[RawReport]) -> list[Problem]:
    """Ids are one namespace across reports: an id a report gives again says where it already is."""
    problems = []
    for name, table in RAW_TABLES.items():
        for column in (f.name for f in table.fields if f.unique):
            seen: dict[str, tuple[str, str, int]] = {}  # id → the report, file and row that first give it
            for report in reports:
                frame = report.frames.get(name)
                if frame is None or column not in frame:
                    continue
                here = {}
                # Read out of Arrow once: cell by cell, a hundred thousand ids cost a second.
                for item, row in zip(frame[column].tolist(), frame[ROW].tolist()):
                    if pd.isna(item):
                        continue
                    if item in seen:
                        where = f"report '{seen[item][0]}', {seen[item][1]}:{seen[item][2]}"
                        problems.append(_repeated(table, column, item, int(row), report.shown[name], where))
                    here.setdefault(item, (report.id, report.shown[name], row))
                seen = {**here, **seen}
    return problems


def _outside(period: object, start, end) -> bool:
    bounds = parse_period(period) if isinstance(period, str) else None
    return bounds is not None and (bounds[0] < start or bounds[1] > end)


def check_periods(reports: list[RawReport]) -> list[Problem]:
    """A report's grants are reported for the period it covers, so that no edition borrows another's rows."""
    problems = []
    for report in reports:
        grants = report.frames.get("grants")
        if grants is None or "period" not in grants:
            continue
        start, end = report.report.bounds
        metadata = display_path(report.report.folder / "report.toml")
        outside = map_distinct(grants["period"], lambda period: _outside(period, start, end)).fillna(False)
        outside = outside.astype("bool").to_numpy()
        for period, row in zip(grants.loc[outside, "period"], grants.loc[outside, ROW]):
            problems.append(Problem(
                report.shown["grants"], int(row), "period",
                f"'{period}' is outside the report's period {report.report.period}",
                f"a grant belongs to the period of its report ({metadata})",
            ))
    return problems


def check_date_order(frames: dict[str, pd.DataFrame], shown: dict[str, str]) -> list[Problem]:
    """No end date before its start."""
    problems = []
    for table, first, last in DATE_ORDER:
        frame = frames.get(table)
        if frame is None or first not in frame or last not in frame:
            continue
        starts, ends = parse_dates(frame[first])["first"], parse_dates(frame[last])["last"]
        backwards = frame[(starts > ends).to_numpy()]
        for row, start, end in zip(backwards[ROW], backwards[first], backwards[last]):
            problems.append(Problem(shown[table], int(row), last, f"'{end}' is before the start '{start}'",
                                    "swap the dates or correct one"))
    return problems


def check_units(frames: dict[str, pd.DataFrame], shown: dict[str, str]) -> list[Problem]:
    """Each figure's unit is one its measure counts in (victims assisted: persons or cases; pages: other)."""
    frame = frames.get("figures")
    if frame is None or "unit" not in frame or "metric" not in frame:
        return []
    # A million figures hold a few distinct (metric, unit) pairs: each is judged once.
    metric_codes, metrics = _stripped_codes(frame["metric"])
    unit_codes, units = _stripped_codes(frame["unit"])
    # factorize, not np.unique: a hash of a million integers where numpy sorts them, a tenth of the time
    inverse, pairs = pd.factorize(metric_codes * len(units) + unit_codes)
    judged = []
    for pair in pairs.tolist():
        metric, unit = metrics[pair // len(units)], units[pair % len(units)]
        fits = vocab.units_of(metric)
        judged.append((metric, unit, fits) if fits and unit in vocab.UNITS and unit not in fits else None)
    failing = np.array([verdict is not None for verdict in judged], dtype=bool)[inverse.ravel()]
    rows = frame[ROW].to_numpy()[failing].tolist()
    return [Problem(shown["figures"], int(row), "unit", f"'{unit}' is not a unit of {metric}",
                    f"{metric} counts {' or '.join(fits)}")
            for row, (metric, unit, fits) in zip(rows, (judged[i] for i in inverse.ravel()[failing].tolist()))]


def _stripped_codes(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Each cell's code among the column's distinct texts, stripped (an empty cell's text is "")."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = [str(value).strip() for value in uniques.tolist()] + [""]
    return np.where(codes < 0, len(uniques), codes), texts


# Each quoted column and the column holding the line it starts on; a row may quote a second passage.
QUOTE_COLUMNS = (("quote", "source_line"), ("place_quote", "place_line"), ("explained_quote", "explained_line"))
LINE_COLUMNS = tuple(line for _, line in QUOTE_COLUMNS)


def check_quotes(frames: dict[str, pd.DataFrame], shown: dict[str, str], source: SourceText,
                 text: str = "the report's text") -> list[Problem]:
    """Every quote is in the source (`text` names it), and its line lies within the lines it covers."""
    problems = []
    for name, frame in frames.items():
        for quote_column, line_column in QUOTE_COLUMNS:
            if quote_column in frame:
                problems += _check_quoted(frame, quote_column, line_column, shown[name], source, text)
    return problems


def _check_quoted(frame: pd.DataFrame, quote_column: str, line_column: str, shown: str,
                  source: SourceText, text: str) -> list[Problem]:
    problems = []
    lonely = (frame[quote_column].isna() != frame[line_column].isna()).to_numpy() if line_column in frame else None
    if lonely is not None and lonely.any():  # rows are filtered only when there is one to tell
        lonely = frame[lonely]
        for row, line in zip(lonely[ROW], lonely[line_column]):
            if pd.isna(line):  # the quote says where the line is: the same problem as an empty required line
                problems.append(_about_lines(Problem(shown, int(row), line_column, "is empty"), "not_nullable",
                                             shown, text))
                continue
            problems.append(Problem(shown, int(row), quote_column, "is empty while its pair is filled",
                                    f"fill both {quote_column} and {line_column}, or neither"))
    # Only the columns read below are filtered: a table of a million rows is not copied whole.
    cells = frame[[column for column in (ROW, quote_column, line_column) if column in frame]]
    filled = cells[quote_column].notna()
    quoted = cells if filled.all() else cells[filled]
    # Quotes repeat: each distinct one is looked up in the source once.
    codes, distinct = pd.factorize(quoted[quote_column])
    spans = [source.lines_of(quote) for quote in distinct.tolist()]
    found = np.array([span is not None for span in spans], dtype=bool)[codes]
    hints: dict[str, str] = {}
    missing = zip(quoted.loc[~found, ROW], quoted.loc[~found, quote_column]) if not found.all() else ()
    for row, quote in missing:
        if quote not in hints:
            nearest = source.nearest(quote) if len(hints) < MOST_NEAREST else None
            hints[quote] = f"{nearest.hint()}; {QUOTE_HINT}" if nearest else QUOTE_HINT
        shortened = quote if len(quote) <= 60 else quote[:57] + "..."
        problems.append(Problem(shown, int(row), quote_column, f"'{shortened}' is not in {text}", hints[quote]))
    if line_column not in quoted:
        return problems
    first = np.array([span.start if span else 0 for span in spans], dtype=np.int64)[codes]
    last = np.array([span.stop - 1 if span else 0 for span in spans], dtype=np.int64)[codes]
    # Line numbers repeat too: each distinct one is read once.
    line_codes, distinct_lines = pd.factorize(quoted[line_column], use_na_sentinel=True)
    numbers = pd.to_numeric(pd.Series(distinct_lines), errors="coerce")
    lines = np.append(numbers.to_numpy(dtype=float, na_value=np.nan), np.nan)[line_codes]
    outside = found & ~np.isnan(lines) & ((lines < first) | (lines > last))
    if not outside.any():
        return problems
    for row, line, start, stop in zip(quoted.loc[outside, ROW], quoted.loc[outside, line_column],
                                     first[outside], last[outside]):
        problems.append(Problem(
            shown, int(row), line_column, f"line {line} is outside the quote (lines {start}–{stop} of {text})",
            f"the quote starts on line {start}",
        ))
    return problems


def check_values(frames: dict[str, pd.DataFrame], shown: dict[str, str]) -> list[Problem]:
    """Each figure's value, and its qualifier when it has one, is printed in its own quote."""
    problems = []
    for name, frame in frames.items():
        if "value" not in frame or "quote" not in frame:
            continue
        columns = ["value", "quote"] + (["qualifier"] if "qualifier" in frame else [])
        rows = frame[frame["value"].notna() & frame["quote"].notna()]
        # A million figure rows hold a few hundred distinct (value, quote, qualifier): each is read once. Each column
        # is factorised on its own (fast on Arrow strings) and the codes combined into one key per row.
        key = np.zeros(len(rows), dtype=np.int64)
        uniques = []
        for column in columns:
            column_codes, column_uniques = pd.factorize(rows[column], use_na_sentinel=False)
            key = key * (len(column_uniques) + 1) + column_codes
            uniques.append(column_uniques)
        codes, distinct_keys = pd.factorize(key)
        verdicts = [_value_problems(*_cells_of(int(item), uniques)) for item in distinct_keys]
        failing = np.array([bool(verdict) for verdict in verdicts], dtype=bool)
        if not failing.any():
            continue
        for row, code in zip(rows.loc[failing[codes], ROW], codes[failing[codes]]):
            problems += [Problem(shown[name], int(row), column, message, hint)
                         for column, message, hint in verdicts[code]]
    return problems


def _cells_of(key: int, uniques: list) -> list[str]:
    """The cells a combined key was made of (an empty one as "")."""
    cells = []
    for column_uniques in reversed(uniques):
        key, code = divmod(key, len(column_uniques) + 1)
        cell = column_uniques[code]
        cells.append("" if pd.isna(cell) else str(cell))
    return cells[::-1]


def _value_problems(value: str, quote: str, qualifier: str = "") -> list[tuple[str, str, str]]:
    """What of a figure its quote does not print: (column, message, hint) for the value and the qualifier."""
    problems = []
    number = parse_one(value)
    readings = printed_numbers(quote)
    if number is not None and number not in {reading.value for reading in readings}:
        shown = list(dict.fromkeys(quote[r.start : r.end] for r in outermost(readings)))
        hint = (f"the quote prints {', '.join(shown)}" if shown
                else "the quote prints no number: quote the words that print it")
        problems.append(("value", f"{value} is not in its quote", hint))
    if qualifier and f" {fold(qualifier)} " not in f" {fold(quote)} ":
        printed = _printed_qualifiers(quote)
        hint = (f"the quote says '{printed[0]}': write the qualifier as printed" if printed
                else "the quote prints no qualifier: leave it empty, or quote the words that print it")
        problems.append(("qualifier", f"'{qualifier}' is not in its quote", hint))
    return problems


def _printed_qualifiers(quote: str) -> list[str]:
    """The qualifiers a quote prints, as it prints them."""
    words = [(fold(match.group()), match.start(), match.end()) for match in PRINTED_WORD.finditer(quote)]
    found = []
    for printed in (key for key in QUALIFIERS if key):
        size = len(printed.split())
        for first in range(len(words) - size + 1):
            if " ".join(word for word, _, _ in words[first : first + size]) == printed:
                found.append((words[first][1], quote[words[first][1] : words[first + size - 1][2]]))
    return [text for _, text in sorted(found)]


def check_glossary(frames: dict[str, pd.DataFrame], shown: dict[str, str]) -> list[Problem]:
    """Each glossary entry's abbreviation and expansion are those its quote prints; each abbreviation is listed once."""
    frame = frames.get("glossary")
    if frame is None or not {"abbreviation", "expansion", "quote"} <= set(frame.columns):
        return []
    problems, seen = [], {}
    cells = zip(frame[ROW], frame["abbreviation"], frame["expansion"], frame["quote"])
    for row, abbreviation, expansion, quote in cells:
        if not all(isinstance(cell, str) for cell in (abbreviation, expansion, quote)):
            continue  # an empty required cell is already a problem of its own
        printed = " ".join(quote.split())
        if not printed.startswith(abbreviation):
            problems.append(Problem(shown["glossary"], int(row), "abbreviation",
                                    f"'{abbreviation}' is not where its quote starts",
                                    "write the abbreviation exactly as the entry prints it"))
        elif " ".join(expansion.split()) not in printed[len(abbreviation):]:
            problems.append(Problem(shown["glossary"], int(row), "expansion", "is not the expansion its quote prints",
                                    "copy the words after the abbreviation from the entry's line"))
        if abbreviation in seen:
            problems.append(Problem(shown["glossary"], int(row), "abbreviation",
                                    f"'{abbreviation}' is already listed on row {seen[abbreviation]}",
                                    "list each abbreviation once"))
        seen.setdefault(abbreviation, int(row))
    return problems


# A translation column of a list: the same entries, in the same order (an id is written as it is).
LIST_TRANSLATIONS = (("events", "actors", "actors_en"),)


def check_translations(frames: dict[str, pd.DataFrame], shown: dict[str, str]) -> list[Problem]:
    """A translated list has one English entry for each printed one, and keeps each org_id where it stands."""
    problems = []
    for table, printed, english in LIST_TRANSLATIONS:
        frame = frames.get(table)
        if frame is None or printed not in frame or english not in frame:
            continue
        for row, source, target in zip(frame[ROW], frame[printed], frame[english]):
            if not isinstance(target, str) or not target.strip():
                continue
            parts = split_list(source) if isinstance(source, str) else []
            translated = split_list(target)
            if len(parts) != len(translated):
                problems.append(Problem(shown[table], int(row), english,
                                        f"has {len(translated)} entries where {printed} has {len(parts)}",
                                        f"translate each entry of {printed}, in its order, separated by ';'"))
                continue
            for part, entry in zip(parts, translated):
                if ID_FORM.fullmatch(part) and entry != part:
                    problems.append(Problem(shown[table], int(row), english, f"'{entry}' stands where the id "
                                            f"'{part}' is", "keep an org_id as it is; only names are translated"))
    return problems


def check_report(report: RawReport, gazetteer: Gazetteer) -> list[Problem]:
    """One report's tables on their own: rules, date order, quotes in its own text, values in their quotes."""
    problems = []
    for name, frame in report.frames.items():
        problems += check_table(RAW_TABLES[name], frame, report.shown[name], gazetteer,
                                display_path(report.report.text_path))
    problems += check_date_order(report.frames, report.shown)
    problems += check_units(report.frames, report.shown)
    problems += check_quotes(report.frames, report.shown, report.source, display_path(report.report.text_path))
    problems += check_values(report.frames, report.shown)
    problems += check_glossary(report.frames, report.shown)
    problems += check_translations(report.frames, report.shown)
    return problems


def check_raw(reports: list[RawReport], gazetteer: Gazetteer) -> list[Problem]:
    """Every report on its own, then what ties them together: shared ids and references."""
    problems = []
    for report in reports:
        problems += check_report(report, report.gazetteer or gazetteer)
    return problems + check_shared_ids(reports) + check_references(reports) + check_periods(reports)
