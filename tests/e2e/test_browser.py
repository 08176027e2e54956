"""Every page in headless chromium, from disk, on a screen and on a phone: no network, no console errors, every chart
drawn, nothing axe-core finds, every link live."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from sitebuild import axe_violations, check_charts_drawn, pages_of, visit

pytestmark = [pytest.mark.slow, pytest.mark.browser]

WIDTHS = (1280, 390)


def local_links(page_file: Path) -> list[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page_file.read_text(encoding="utf-8"), "html.parser")
    return [tag.get("href") or tag.get("src") for tag in soup.select("a[href], script[src], link[href]")]


SOURCE_LINES = "ol.source-text"
WITHHELD = "ol.source-text .withheld"
MARKER = re.compile(r'<span class="withheld" lang="[\w-]+">[^<]*</span>')


def same_source_lines(site: Path, other: Path) -> bool:
    """Whether two editions show the source text's lines alike: the same markup and styles, but for the words of
    the withheld lines' marker, which are each edition's own (axe reads those in both)."""
    def lines(folder: Path) -> str:
        text = (folder / "source.html").read_text(encoding="utf-8")
        found = "".join(re.findall(r'<div lang="[\w-]+"><ol class="source-text">.*?</ol>', text, re.S))
        return MARKER.sub('<span class="withheld"></span>', found)

    shown = lines(site)
    return bool(shown) and shown == lines(other) and all(
        css.read_bytes() == (other / "assets" / css.name).read_bytes() for css in (site / "assets").glob("*.css"))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("edition", ["site_sq", "site_en"])
def test_every_page_opens_offline_without_errors_draws_every_chart_and_axe_finds_nothing(request, browser, edition,
                                                                                         width):
    site = request.getfixturevalue(edition)
    # The source text's thousands of lines, where they are the Albanian edition's byte for byte under the same
    # stylesheets, are read by axe there; here it reads the rest of the source page.
    excluded = {}
    if edition != "site_sq" and same_source_lines(site, request.getfixturevalue("site_sq")):
        excluded["source.html"] = [SOURCE_LINES]
    # Each page is checked once it has loaded and its charts are drawn, as a reader following links sees it.
    found = {}
    for page_file in pages_of(site):
        name = str(page_file.relative_to(site))

        def check(page, name=name) -> None:
            check_charts_drawn(page)
            found[name] = axe_violations(page, exclude=excluded.get(name, []))
            if name in excluded and page.locator(WITHHELD).count():
                found[name] += axe_violations(page, WITHHELD)

        seen = visit(browser, page_file, check, width=width, axe=True)
        assert not seen.requests, f"{name} asked the network for {seen.requests}"
        assert not seen.console_errors, f"{name}: {seen.console_errors}"
    assert len(found) == len(pages_of(site)) and not {name: v for name, v in found.items() if v}
    # axe's css-orientation-lock, read in the stylesheets and the pages' own styles: no media query on a phone's
    # orientation, so no page is held to one
    styled = sorted((site / "assets").glob("*.css")) + pages_of(site)
    assert not [str(file.relative_to(site)) for file in styled
                if re.search(r"@media[^{]*orientation", file.read_text(encoding="utf-8"))]


def test_every_link_resolves(site_sq, site_en):  # site_en: the other language's edition the pages link to
    for page_file in pages_of(site_sq):
        for href in local_links(page_file):
            parsed = urlparse(href)
            assert parsed.scheme in ("", "file"), f"{page_file.name} links outside the site: {href}"
            target = (page_file.parent / unquote(parsed.path)).resolve() if parsed.path else page_file
            assert target.is_file(), f"{page_file.relative_to(site_sq)} → {href} does not exist"
            if parsed.fragment:
                assert f'id="{parsed.fragment}"' in target.read_text(encoding="utf-8"), f"{href}: no such anchor"


def test_header_footer_and_pager_on_every_page(site_sq):
    chapters = ["summary.html", "government.html", "donors.html", "grants.html", "ngos.html", "quality.html"]
    for page_file in pages_of(site_sq):
        text = page_file.read_text(encoding="utf-8")
        for chapter in chapters:
            assert chapter in text, f"{page_file.name} does not link to {chapter}"
        assert 'class="edition"' in text and "Periudha:" in text
        assert "Versioni i kodit:" in text and "Të dhënat (SHA-256):" in text and "Parametrat:" in text
        if page_file.name != "index.html":
            assert 'rel="prev"' in text
    last = site_sq / "districts" / "vlore.html"
    assert 'rel="next"' not in last.read_text(encoding="utf-8")


def test_index_leads_to_every_page(browser, site_sq):
    reached = set()

    def follow(page) -> None:
        for link in page.locator("main a").all():
            reached.add(link.get_attribute("href"))

    visit(browser, site_sq / "index.html", follow)
    expected = {str(p.relative_to(site_sq)) for p in pages_of(site_sq)} - {"index.html"}
    assert expected <= reached


def test_pages_print_cleanly(browser, site_sq, tmp_path):
    def to_pdf(page) -> None:
        page.emulate_media(media="print")
        assert page.locator("nav .chapters").is_hidden()
        page.pdf(path=str(tmp_path / "grants.pdf"), format="A4")

    visit(browser, site_sq / "grants.html", to_pdf)
    assert (tmp_path / "grants.pdf").stat().st_size > 10_000


def test_self_contained_page_opens_alone(browser, tmp_path, site_self_contained):
    lonely = tmp_path / "alone"
    lonely.mkdir()
    (lonely / "grants.html").write_bytes((site_self_contained / "grants.html").read_bytes())
    seen = visit(browser, lonely / "grants.html", check_charts_drawn)
    assert not seen.requests and not seen.console_errors, seen
