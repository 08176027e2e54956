"""A report's note translations: keyed by the English note, checked, and reported where missing."""

from __future__ import annotations

import pandas as pd
import pytest
from tests.conftest import two_reports

from sitrep import paths
from sitrep.errors import DataError
from sitrep.transform.notes import NOTES_FILE, read_translations, translate, untranslated
from sitrep.transform.run import read_checked, run_clean


def write(folder, text):
    (folder / NOTES_FILE).write_text(text, encoding="utf-8")


def test_an_identical_note_is_translated_once_and_a_second_row_for_it_is_refused(tmp_path):
    write(tmp_path, "note,note_sq\nPlanned.,E planifikuar.\nPlanned.,E parashikuar.\n,Bosh.\n")
    translations, problems = read_translations(tmp_path)
    assert translations == {"Planned.": "E planifikuar."}
    assert [(p.row, p.column, p.message) for p in problems] == [
        (3, "note", "is translated twice (first at row 2)"), (4, "note", "is empty")]


def test_a_header_without_note_sq_is_one_problem_and_no_file_is_no_translation(tmp_path):
    assert read_translations(tmp_path) == ({}, [])
    write(tmp_path, "note,albanian\nPlanned.,E planifikuar.\n")
    translations, problems = read_translations(tmp_path)
    assert translations == {} and len(problems) == 1 and "note_sq" in problems[0].message


def test_a_changed_english_note_shows_as_untranslated():
    frame = pd.DataFrame({"note": ["Planned.", "Planned, for 2007.", None], "_row": [2, 3, 4]})
    translations = {"Planned.": "E planifikuar."}
    shown = translate(frame, translations)
    assert shown["note_sq"].tolist()[0] == "E planifikuar." and shown["note_sq"].isna().tolist()[1:] == [True, True]
    missing = untranslated({"events": frame}, {"events": "r/events.csv"}, translations)
    assert [(m.file, m.row, m.note) for m in missing] == [("r/events.csv", 3, "Planned, for 2007.")]


def test_notes_all_translated_leave_nothing_untranslated_spacing_aside():
    frame = pd.DataFrame({"note": [" Planned. ", None, "Planned.", "Done."], "_row": [2, 3, 4, 5]})
    translations = {"Planned.": "E planifikuar.", "Done.": "Kryer."}
    assert untranslated({"events": frame, "grants": frame}, {}, translations) == []
    missing = untranslated({"events": frame, "grants": frame}, {}, {"Planned.": "E planifikuar."})
    assert [(m.file, m.row, m.note) for m in missing] == [("grants.csv", 5, "Done."), ("events.csv", 5, "Done.")]


def test_clean_carries_the_albanian_beside_each_note_and_warns_of_the_missing_without_failing(tmp_path, capsys):
    raw = two_reports(tmp_path / "raw")
    run_clean(raw, tmp_path / "clean")
    warned = capsys.readouterr().err
    # The synthetic report has notes and no translations: said in one line, and the tables are written.
    assert f"synthetic-2007/{NOTES_FILE}: 1 note(s) of 2 row(s) have no Albanian translation" in warned
    assert "kvktnj-2006" not in warned
    grants = pd.read_csv(tmp_path / "clean" / "grants.csv", dtype=str)
    ours = grants[grants["report_id"] == "kvktnj-2006"]
    assert ours["note_sq"].notna().all() and (ours["note_sq"] != ours["note"]).all()
    assert grants.loc[grants["report_id"] == "synthetic-2007", "note_sq"].isna().all()


def test_a_translation_table_with_a_duplicate_stops_the_cleaning(tmp_path):
    raw = two_reports(tmp_path / "raw")
    folder = raw / "synthetic-2007"
    write(folder, "note,note_sq\nsynthetic fixture,shembull\nsynthetic fixture,shembull i dytë\n")
    with pytest.raises(DataError) as raised:
        read_checked(raw, paths.REFERENCE)
    assert f"synthetic-2007/{NOTES_FILE}:3: note: is translated twice" in "\n".join(raised.value.lines())
