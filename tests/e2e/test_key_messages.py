"""The report's key messages open the summary, and each page links its abbreviations' first uses to the glossary."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import SYNTHETIC_PERIOD

from rawdata import raw_rows
from sitebuild import axe_violations, pages_of, visit

pytestmark = pytest.mark.slow
WIDTHS = (1280, 390)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def anchors(path: Path) -> set[str]:
    return {tag["id"] for tag in soup(path).select("[id]")}


def main_of(page: BeautifulSoup):
    return page.select_one("main")


@pytest.mark.parametrize("edition", ["site_sq", "site_en"])
def test_the_summary_opens_with_the_key_messages_before_the_headline_figures(request, edition):
    site = request.getfixturevalue(edition)
    lang = "en" if edition == "site_en" else "sq"
    main = main_of(soup(site / "summary.html"))
    section = main.select_one("section.key-messages")
    headline = main.select_one("ul.headline")
    assert section is not None and headline is not None
    text = str(main)
    assert text.index('class="key-messages"') < text.index('class="headline"')
    typed = sorted(raw_rows("key_messages"), key=lambda row: int(row["order"]))
    points = section.select("li.key-message")
    assert [point["id"] for point in points] == [row["message_id"] for row in typed]
    source_ids = anchors(site / "source.html")
    for point, row in zip(points, typed):
        quote = point.select_one("blockquote")
        assert quote["lang"] == "sq" and " ".join(quote.get_text().split()) == row["quote"]
        assert point.select_one("h3").get_text() == (row["point_en"] if lang == "en" else row["point"])
        gloss = point.select_one(".key-message-gloss")
        assert (gloss.get_text() == row["gloss_en"]) if lang == "en" else gloss is None
        link = urlparse(point.select_one("a.source-link")["href"])
        assert link.path == "source.html" and link.fragment == f"L{row['source_line']}"
        assert link.fragment in source_ids  # the line's anchor exists on the source page
        first, last = (int(n) for n in re.fullmatch(r"l=(\d+)-(\d+)", link.query).groups())
        assert first == int(row["source_line"]) <= last and f"L{last}" in source_ids


def test_an_edition_whose_report_has_no_key_messages_has_no_such_section(series_site):
    summary = series_site.edition(SYNTHETIC_PERIOD) / "summary.html"
    main = main_of(soup(summary))
    assert main.select_one("ul.headline") is not None  # the page is there, with its figures
    assert main.select_one(".key-messages") is None and "key-message" not in str(main)


@pytest.mark.parametrize("edition", ["site_sq", "site_en"])
def test_every_page_links_each_abbreviation_once_and_never_inside_a_script_or_a_link(request, edition):
    site = request.getfixturevalue(edition)
    glossary = {row["abbreviation"]: row for row in raw_rows("glossary")}
    source = soup(site / "source.html")
    entries = {tag["id"] for tag in source.select("dl.glossary dt[id]")}
    assert len(entries) == len(glossary)
    linked_pages = 0
    for page_file in pages_of(site):
        if page_file.name in ("source.html", "index.html") and page_file.parent == site:
            continue
        page = soup(page_file)
        links = page.select("a.glossary-link")
        targets = [urlparse(link["href"]).fragment for link in links]
        assert len(targets) == len(set(targets)), f"{page_file.name}: an abbreviation linked twice"
        assert set(targets) <= entries, f"{page_file.name}: a link to no glossary entry"
        for link in links:
            assert urlparse(link["href"]).path.endswith("source.html")
            assert link.find_parent(["a", "script", "h1", "h2", "h3", "blockquote", "button"]) is None
            assert link.select_one("abbr[title]") is not None and not link.find("a")
        raw = page_file.read_text(encoding="utf-8")
        for script in re.findall(r"<script\b[^>]*>(.*?)</script>", raw, re.S):
            assert "glossary-link" not in script, page_file.name
        linked_pages += bool(links)
    assert linked_pages >= 10


def test_the_english_edition_links_english_abbreviations_with_english_expansions(site_en, site_sq):
    by_anchor = {}
    for row in raw_rows("glossary"):
        from sitrep.report.glossary import anchor

        by_anchor[anchor(row["abbreviation"])] = row
    for site, lang in ((site_en, "en"), (site_sq, "sq")):
        seen = 0
        for page_file in pages_of(site):
            for link in soup(page_file).select("a.glossary-link"):
                row = by_anchor[urlparse(link["href"]).fragment]
                abbr = link.select_one("abbr")
                expected = row["expansion_en"] if lang == "en" else row["expansion"]
                assert abbr["title"] == expected
                forms = {row["abbreviation"], row["abbreviation_en"]} - {""} if lang == "en" else {row["abbreviation"]}
                assert abbr.get_text() in forms
                seen += 1
        assert seen > 30


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("edition", ["site_sq", "site_en"])
def test_key_messages_and_glossary_links_are_visible_and_axe_finds_nothing(request, browser, edition, width):
    site = request.getfixturevalue(edition)
    found = {}

    def summary(page):
        first = page.locator("li.key-message").first
        assert first.is_visible()
        box = first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, box  # no sideways overflow on a phone
        assert page.locator("li.key-message blockquote").first.is_visible()
        key_top = page.locator("section.key-messages").bounding_box()["y"]
        assert key_top < page.locator("ul.headline").bounding_box()["y"]
        link = page.locator("a.glossary-link").first
        link.scroll_into_view_if_needed()
        assert link.is_visible() and link.locator("abbr").get_attribute("title")
        found["summary"] = axe_violations(page)

    def grants(page):
        link = page.locator("a.glossary-link").first
        link.scroll_into_view_if_needed()
        assert link.is_visible()
        target = link.get_attribute("href").split("#")[1]
        link.click()
        page.wait_for_load_state("load")
        entry = page.locator(f"dt#{target}")
        assert entry.is_visible() and page.url.endswith(f"source.html#{target}")
        # test_browser.py runs every rule on the whole source page at this width; what the link changes on it is
        # the entry it targets, highlighted with its description (site.css: dt:target, dt:target + dd).
        found["source"] = axe_violations(page, f"dt#{target}", f"dt#{target} + dd")

    visit(browser, site / "summary.html", summary, width=width)
    visit(browser, site / "grants.html", grants, width=width)
    assert found.keys() == {"summary", "source"}
    assert found == {"summary": [], "source": []}, found


def test_the_search_box_finds_abbreviations_in_the_editions_language(site_en, site_sq):
    import json

    for site, wanted in ((site_en, "OSCE: Organization for Security and Co-operation in Europe"),
                         (site_sq, "OSBE: Organizata për Siguri dhe Bashkëpunim në Europë")):
        text = (site / "assets" / "search-index.js").read_text(encoding="utf-8")
        index = json.loads(text.removeprefix("window.SitrepSearch = ").rstrip().rstrip(";"))
        found = {entry["h"]: entry["t"] for entry in index["entries"]}
        assert found.get("source.html#g-osbe") == wanted
        assert sum(href.startswith("source.html#g-") for href in found) == len(raw_rows("glossary"))
