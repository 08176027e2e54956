"""The committed notes: sentences a reader understands, each with a reviewed Albanian translation."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from sitrep import paths
from sitrep.extract.reports import read_reports
from sitrep.transform.notes import NOTED, NOTES_FILE, read_translations

REPORTS = [report for report in read_reports(paths.RAW)[0]]
# Column shorthand a reader cannot follow: "end from line 207: …", "Places empty: …", "Phase 1-2: …", "start: …".
FRAGMENT = re.compile(r"\b\w+ from lines? [\d–-]+:|\b\w+ empty:|^(?:phase [\d-]+|start|end|places|partners)\s*:"
                      r"|[.;]\s*(?:phase [\d-]+|start|end)\s*:", re.IGNORECASE)
# Codes of the tables and vocabularies (legal_aid, table.metric) and row ids with a number (i3sp-1, gov-10).
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|\b[a-z_]{2,}\.[a-z_]{2,}\b|\b(?!phase-)[a-z][a-z0-9]*(?:-[a-z0-9]+)*-\d+\b")
QUOTED = re.compile(r"(?:(?<=\s)|^|(?<=\())'([^']+?)'(?=[\s),.;:]|$)")


def notes(report) -> pd.DataFrame:
    """Every non-empty note of a report's tables, with the table it is in."""
    frames = []
    for name in NOTED:
        table = pd.read_csv(report.folder / f"{name}.csv", dtype=str, keep_default_na=False)
        frames.append(table.loc[table["note"].str.strip() != "", ["note"]].assign(table=name))
    return pd.concat(frames, ignore_index=True).assign(note=lambda f: f["note"].str.strip())


def ids(report) -> set[str]:
    """The row ids of a report's tables that a reader never sees."""
    found = set()
    for name, column in (("grants", "grant_id"), ("donor_programs", "program_id"), ("gov_figures", "figure_id"),
                         ("ngo_efforts", "effort_id"), ("claims", "claim_id")):
        table = pd.read_csv(report.folder / f"{name}.csv", dtype=str, keep_default_na=False)
        found |= {value for value in table[column] if "-" in value}
    return found


@pytest.mark.parametrize("report", REPORTS, ids=lambda report: report.id)
def test_every_committed_note_has_an_albanian_translation_and_none_is_left_over(report):
    translations, problems = read_translations(report.folder)
    assert problems == []
    written = set(notes(report)["note"])
    assert sorted(written - set(translations)) == [], f"notes without a row in {NOTES_FILE}"
    table = pd.read_csv(report.folder / NOTES_FILE, dtype=str, keep_default_na=False)
    assert sorted(set(table["note"]) - written) == [], "translations of notes no table has any longer"


@pytest.mark.parametrize("report", REPORTS, ids=lambda report: report.id)
def test_no_note_holds_column_shorthand_or_an_internal_id(report):
    known = ids(report)
    for note in sorted(set(notes(report)["note"])):
        assert not FRAGMENT.search(note), note
        assert not CODE.search(note), note
        assert not {word for word in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", note)} & known, note


@pytest.mark.parametrize("report", REPORTS, ids=lambda report: report.id)
def test_each_translation_is_albanian_and_keeps_the_notes_numbers_and_quoted_words(report):
    translations, _ = read_translations(report.folder)
    for note, albanian in translations.items():
        assert albanian != note and re.search(r"[ëçË]|\b(dhe|nuk|si|është|lexohet|shkruhet)\b", albanian), note
        # Line numbers and counts are the reader's way back to the text: a translation keeps every one.
        assert set(re.findall(r"\d+", note)) == set(re.findall(r"\d+", albanian)), note
        # The report's own words stay as printed.
        for quoted in QUOTED.findall(note):
            if re.search(r"[ëç]|\b(e|të|në|dhe|i)\b", quoted):
                assert quoted in albanian, (quoted, albanian)
