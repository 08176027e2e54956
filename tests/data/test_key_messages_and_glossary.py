"""The report's executive summary and abbreviation list, as typed: each point and entry where the text prints it."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from sitrep import paths

REPORT = paths.RAW / "kvktnj-2006"


def raw(name: str) -> pd.DataFrame:
    return pd.read_csv(REPORT / f"{name}.csv", dtype=str, keep_default_na=False)


def report_lines() -> list[str]:
    return (REPORT / "report.txt").read_text(encoding="utf-8").splitlines()


def words(text: str) -> str:
    """Text as a run of words: the report breaks lines mid-sentence and hyphenates 'ri-integrimit'."""
    return " ".join(text.replace("-", "").split())


def test_every_key_message_is_printed_from_its_line_on():
    lines = report_lines()
    messages = raw("key_messages")
    assert len(messages) >= 6
    for row in messages.itertuples():
        start = int(row.source_line)
        # The quote's first word is on its line, and the whole quote within the 12 lines that follow.
        passage = words(" ".join(lines[start - 1 : start + 12]))
        assert row.quote.split()[0] in lines[start - 1].split(), row.message_id
        for part in row.quote.split("…"):
            assert words(part) in passage, (row.message_id, part)


def test_the_key_messages_come_from_the_executive_summary_in_its_order():
    lines = report_lines()
    heading = next(number for number, line in enumerate(lines, 1) if line.strip() == "PËRMBLEDHJE INFORMUESE")
    following = next(number for number, line in enumerate(lines, 1) if number > heading and "RISHIKIM I" in line)
    messages = raw("key_messages")
    starts = messages["source_line"].astype(int)
    assert starts.between(heading, following).all()
    assert messages["order"].astype(int).tolist() == list(range(1, len(messages) + 1))
    assert starts.is_monotonic_increasing


@pytest.mark.parametrize("printed, english", [
    ("vend burimi", "source country"), ("Greqi dhe Itali", "Greece and Italy"),
    ("Romët dhe Egjiptianët", "Roma and Egyptians"),
    ("trafiku i brendshëm dhe ritrafikimi", "internal trafficking and re-trafficking"),
    ("standardet minimale", "minimum standards"), ("Planin Kombëtar të Veprimit", "National Action Plan"),
])
def test_the_summary_s_points_are_each_quoted_and_glossed(printed, english):
    messages = raw("key_messages")
    row = messages[messages["quote"].str.contains(printed, regex=False)]
    assert len(row) == 1, printed
    assert english in row["gloss_en"].iloc[0]


def test_the_glossary_is_the_whole_abbreviation_list_line_by_line():
    lines = report_lines()
    glossary = raw("glossary")
    numbers = glossary["source_line"].astype(int).tolist()
    assert numbers == list(range(numbers[0], numbers[-1] + 1))  # no entry of the list left out
    assert not re.match(r"^[A-Z][A-Za-zÇ&]+ ", lines[numbers[0] - 2]) and lines[numbers[-1]].strip() == ""
    for row in glossary.itertuples():
        printed = lines[int(row.source_line) - 1].strip()
        assert printed == f"{row.abbreviation} {row.expansion}", row.abbreviation
        assert row.expansion_en.strip()


@pytest.mark.parametrize("abbreviation, english", [
    ("MPÇSSHB", "Ministry of Labour, Social Affairs and Equal Opportunities"), ("PKV", "National Action Plan"),
    ("MKR", "National Referral Mechanism"), ("OSBE", "Organization for Security and Co-operation in Europe"),
])
def test_the_abbreviations_never_explained_before_are_now(abbreviation, english):
    glossary = raw("glossary").set_index("abbreviation")
    assert glossary.loc[abbreviation, "expansion_en"] == english


def test_english_abbreviations_agree_with_the_organisations():
    organizations = raw("organizations")
    glossary = raw("glossary").set_index("abbreviation")
    assert glossary.loc["OSBE", "abbreviation_en"] == "OSCE" and glossary.loc["KVKTNj", "abbreviation_en"] == "CAAHT"
    compared = 0
    for row in organizations[organizations["acronym"] != ""].itertuples():
        if row.acronym in glossary.index:
            english = glossary.loc[row.acronym, "abbreviation_en"] or row.acronym
            assert english == (row.acronym_en or row.acronym), row.acronym
            compared += 1
    assert compared >= 20
