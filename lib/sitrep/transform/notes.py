"""The Albanian of each report's notes: one translation table per report, keyed by the English note as written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sitrep.errors import Problem
from sitrep.extract.read import ROW, read_raw
from sitrep.files import display_path
from sitrep.text import map_distinct

NOTES_FILE = "note_translations.csv"
COLUMNS = ("note", "note_sq")
# The tables whose rows carry a `note` (organisations' and claims' have none in the clean tables).
NOTED = ("grants", "figures", "nap_links", "nap_structure", "donor_programs", "events", "gov_figures",
         "ngo_efforts", "key_messages", "glossary", "plans")


@dataclass(frozen=True)
class Untranslated:
    """A note of a report's table that its translation table has no Albanian for."""

    file: str
    row: int | None
    note: str


def _key(text: object) -> str:
    """A note as the translation table keys it: spacing at the ends does not matter."""
    return "" if text is None or pd.isna(text) else str(text).strip()


def read_translations(folder: Path) -> tuple[dict[str, str], list[Problem]]:
    """English note → its Albanian, from the report's note_translations.csv (none when the report has no such file)."""
    path = Path(folder) / NOTES_FILE
    if not path.is_file():
        return {}, []
    frame, problems = read_raw(path)
    if frame is None or problems:
        return {}, problems
    shown = display_path(path)
    missing = [column for column in COLUMNS if column not in frame.columns]
    extra = [column for column in frame.columns if column not in (*COLUMNS, ROW)]
    if missing or extra:
        what = f"has no column {', '.join(missing)}" if missing else f"has an unknown column {', '.join(extra)}"
        return {}, [Problem(shown, 1, "", what, "the header is: note,note_sq (data/raw/README.md, 'Notes')")]
    translations, first = {}, {}
    for note, text, line in zip(frame["note"].map(_key), frame["note_sq"].map(_key), frame[ROW]):
        line = int(line)
        if not note:
            problems.append(Problem(shown, line, "note", "is empty",
                                    "write the English note exactly as the table has it"))
        elif note in first:
            problems.append(Problem(shown, line, "note", f"is translated twice (first at row {first[note]})",
                                    "an identical note is translated once: delete one of the rows"))
        elif text:
            first[note] = line
            translations[note] = text
        else:
            first[note] = line
    return translations, problems


def translate(frame: pd.DataFrame, translations: dict[str, str]) -> pd.DataFrame:
    """The raw table with `note_sq` beside `note`: the Albanian of each note, empty where there is none."""
    if "note" not in frame.columns:
        return frame
    return frame.assign(note_sq=map_distinct(frame["note"], lambda note: translations.get(_key(note)), "str"))


def untranslated(frames: dict[str, pd.DataFrame], shown: dict[str, str],
                 translations: dict[str, str]) -> list[Untranslated]:
    """Every note of one report's tables that has no Albanian, with the file and row it is in."""
    found = []
    for name in NOTED:
        frame = frames.get(name)
        if frame is None or "note" not in frame.columns:
            continue
        # Notes repeat: the rows are looked at only when one of the distinct notes has no Albanian.
        distinct = (_key(note) for note in pd.unique(frame["note"]).tolist())  # an empty note keys as ""
        if all(not key or key in translations for key in distinct):
            continue
        keys = map_distinct(frame["note"], _key, "str").fillna("")
        missing = ((keys != "") & ~keys.isin(list(translations))).to_numpy()
        lines = frame[ROW][missing] if ROW in frame.columns else [None] * int(missing.sum())
        found += [Untranslated(shown.get(name, f"{name}.csv"), None if pd.isna(line) else int(line), note)
                  for note, line in zip(keys[missing].tolist(), list(lines))]
    return found


def warning(report_folder: Path, missing: list[Untranslated]) -> str | None:
    """One line saying how many of a report's notes have no Albanian yet (none when all have)."""
    if not missing:
        return None
    notes = len({item.note for item in missing})
    return (f"{display_path(Path(report_folder) / NOTES_FILE)}: {notes} note(s) of {len(missing)} row(s) have no "
            "Albanian translation (the Albanian edition shows them in English and lists them on its quality page; "
            "`sitrep clean` writes the tables all the same)")
