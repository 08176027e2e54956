"""Citations and footers name the report from its metadata (reports.csv), never from fixed strings."""

from __future__ import annotations

import re

import pytest

from sitrep.errors import ParameterError
from sitrep.report.edition import Edition
from sitrep.report.page import Page
from sitrep.report.sources import Source, citation, footer, latest_period, read_sources, within

REPORT = Source(
    id="r-2008",
    title="Raporti i provës",
    title_en="The test report",
    publisher="Botuesi",
    publisher_en="Publisher",
    short="RP",
    short_en="TR",
    published="2008-03",
    period="2007-01:2007-12",
)


def test_a_citation_names_the_report_its_date_and_one_line_or_the_first_and_last():
    assert citation([REPORT], [12, 12], "sq") == "Burimi: RP, mars 2008, rreshti 12"
    assert citation([REPORT], [12, 3, 7], "en") == "Source: TR, March 2008, lines 3–12"
    assert re.search(r"\d", citation([REPORT], [], "en").replace("2008", "")) is None


def test_the_footer_gives_the_full_reference_in_the_editions_language():
    assert footer([REPORT], "sq") == "Burimi: Botuesi, Raporti i provës, mars 2008."
    assert footer([REPORT], "en") == "Source: Publisher, The test report, March 2008."


def test_an_edition_holds_only_reports_whose_whole_period_lies_inside_it(synthetic_clean_dir):
    sources = read_sources(synthetic_clean_dir)
    assert [s.id for s in sources] == ["kvktnj-2006", "synthetic-2007"]
    assert [s.id for s in within(sources, Edition(period="2005-01:2006-07").period_bounds)] == ["kvktnj-2006"]
    assert [s.id for s in within(sources, Edition(period="2006-01:2007-03").period_bounds)] == []


def test_no_period_means_the_latest_report_period_of_the_clean_tables(synthetic_clean_dir, tmp_path):
    assert latest_period(synthetic_clean_dir) == "2007-01:2007-06"
    page = Page("summary", clean_dir=str(synthetic_clean_dir))
    assert page.edition.period == "2007-01:2007-06" and page.received["period"] == ""
    with pytest.raises(ParameterError) as raised:
        latest_period(tmp_path)
    assert "give a period" in str(raised.value)


def test_every_footer_gives_each_reports_terms_from_its_metadata_in_the_editions_language():
    from dataclasses import replace

    from sitrep.site.frame import Frame

    licensed = replace(REPORT, licence="CC BY 4.0, sipas botuesit", licence_en="CC BY 4.0, as the publisher states")
    later = replace(licensed, short="RP2", short_en="TR2", licence="pa licencë", licence_en="")
    albanian = Frame(Edition(period="2007-01:2007-12"), "c", "d", sources=(licensed, later)).licence_line()
    english = Frame(Edition(period="2007-01:2007-12", lang="en"), "c", "d", sources=(licensed,)).licence_line()
    assert "RP: CC BY 4.0, sipas botuesit; RP2: pa licencë" in albanian
    assert "TR: CC BY 4.0, as the publisher states" in english and "sipas" not in english
    assert "licenca MIT" in albanian and "MIT licence" in english
    # No English terms given: the English footer quotes the report's own.
    untranslated = Frame(Edition(period="2007-01:2007-12", lang="en"), "c", "d", sources=(later,)).licence_line()
    assert "TR2: pa licencë" in untranslated
