"""The data-quality page as readers get it: notes in the edition's language, no internal ids, short on a phone."""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitrep import paths

from sitebuild import pages_of, visit

pytestmark = pytest.mark.slow
REPORT = paths.RAW / "kvktnj-2006"
PHONE = 390
# The page at 390 px is about 5,800 px tall with its long tables folded (it was 43,000 px with them open): a bound
# with room for a few more views, far below a page of every row.
PHONE_HEIGHT = 9_000
DESKTOP_HEIGHT = 6_000
FRAGMENT = re.compile(r"\b\w+ from lines? [\d–-]+:|\b\w+ empty:|(?:^|[.;]\s)(?:Phase [\d-]+|start|end)\s*:")
FIGURE_ID = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)*-\d+\.[a-z_]+\b")


class VisibleText(HTMLParser):
    """A page's text as a reader sees it: no scripts, styles or attributes."""

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")
        if tag not in ("span", "a", "small", "strong", "em", "abbr", "b", "i"):
            self.parts.append(" ")  # a block or a cell ends a word; an inline mark does not

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style") and self.skip > 0

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible(path: Path) -> str:
    parser = VisibleText()
    parser.feed(path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", "".join(parser.parts))


def rows(name: str) -> list[dict[str, str]]:
    with open(REPORT / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def row_ids() -> set[str]:
    return {row[key] for name, key in (("grants.csv", "grant_id"), ("donor_programs.csv", "program_id"),
                                       ("gov_figures.csv", "figure_id"), ("ngo_efforts.csv", "effort_id"))
            for row in rows(name)}


def test_no_page_of_either_edition_shows_column_shorthand_or_an_internal_id(site_sq, site_en):
    ids = row_ids()
    for site in (site_sq, site_en):
        for page in pages_of(site):
            text = visible(page)
            assert not FRAGMENT.search(text), (page.name, FRAGMENT.search(text).group())
            assert not FIGURE_ID.search(text), (page.name, FIGURE_ID.search(text).group())
        quality = visible(site / "quality.html")
        words = set(re.findall(r"[\w.-]+", quality))
        assert not words & ids, sorted(words & ids)
        for path in (site / "data").glob("quality-*.csv"):
            cells = set(re.findall(r"[\w.-]+", path.read_text(encoding="utf-8-sig")))
            assert not cells & ids, (path.name, sorted(cells & ids))


def test_the_albanian_quality_page_shows_the_albanian_notes_and_the_english_one_the_english(site_sq, site_en):
    translations = {row["note"]: row["note_sq"] for row in rows("note_translations.csv")}
    shqip, english = visible(site_sq / "quality.html"), visible(site_en / "quality.html")
    end = "The end date comes from line 207"
    assert end in english and end not in shqip
    assert "Data e përfundimit vjen nga rreshti 207" in shqip
    for row in rows("grants.csv"):
        assert translations[row["note"]] in shqip and row["note"] in english
    assert "(në anglisht)" not in shqip
    assert "(pa përkthim)" not in shqip
    html = (site_sq / "quality.html").read_text(encoding="utf-8")
    notes = html[html.index('<figure class="view" id="notes"'):]
    assert not re.search(r'\slang="en"', notes[:notes.index("</figure>")]), "a note is marked as English"


def test_the_albanian_note_of_a_hidden_count_is_withheld_in_the_public_edition(site_sq, site_internal):
    albanian = "të 7 ishin viktima"  # the note on Murialdo's 7 victims, in Albanian
    assert albanian in visible(site_internal / "quality.html")
    for page in pages_of(site_sq):
        assert albanian not in page.read_text(encoding="utf-8"), page.name
    for path in (site_sq / "data").glob("*.csv"):
        assert albanian not in path.read_text(encoding="utf-8-sig"), path.name
    assert "[tekst i fshehur" in visible(site_sq / "quality.html")


def test_the_quality_page_is_a_few_screens_long_on_a_phone_and_its_folds_open(browser, site_sq, site_en):
    heights = {}

    def check(page):
        width = page.viewport_size["width"]
        heights[width] = page.evaluate("document.documentElement.scrollHeight")
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
        folds = page.locator("#notes details.view-rows")
        assert folds.count() >= 5
        # Each fold names its table and how many notes it holds.
        assert all(re.search(r"\(\d+\)$", text.strip()) for text in folds.locator("summary").all_inner_texts())
        first = folds.first
        assert not first.locator("table").is_visible()
        first.locator("summary").click()
        assert first.locator("table").is_visible() and first.locator("tbody tr").count() >= 10

    for site in (site_sq, site_en):
        visit(browser, site / "quality.html", check, width=PHONE)
        assert heights[PHONE] < PHONE_HEIGHT, heights
        visit(browser, site / "quality.html", check, width=1280)
        assert heights[1280] < DESKTOP_HEIGHT, heights


def test_a_printed_quality_page_opens_every_fold(browser, site_sq):
    def check(page):
        page.emulate_media(media="print")
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        assert page.locator("details.view-rows:not([open])").count() == 0
        assert page.locator("#notes table").first.is_visible()

    visit(browser, site_sq / "quality.html", check, width=1280)


def test_a_report_without_translations_builds_and_its_notes_show_in_english_marked(series_site):
    from conftest import SYNTHETIC_PERIOD

    html = (series_site.edition(SYNTHETIC_PERIOD) / "quality.html").read_text(encoding="utf-8")
    assert '<span class="note-untranslated">(pa përkthim)</span> <span lang="en">synthetic fixture</span>' in html
    assert "1 shënime (2 rreshta) nuk janë përkthyer ende në shqip" in html
    assert "note_translations.csv: 1 note(s) of 2 row(s) have no Albanian translation" in series_site.stderr
