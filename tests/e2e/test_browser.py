"""Every page in headless chromium, from disk: no network, no console errors, every chart drawn, every link live."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from sitebuild import pages_of, visit

pytestmark = [pytest.mark.slow, pytest.mark.browser]

# A chart is drawn when plotly has put marks in it, not merely its empty SVG frame.
MARKS = ("g.trace, path.choroplethlocation, g.sankey-node, g.heatmaplayer image, .hm image, g.point path, "
         ".scatterlayer path")


# Each chart's id, its SVGs, its marks, its template's layout and its paper colour, read in the page in one call
# rather than four round trips a chart.
DRAWN = """(marks) => [...document.querySelectorAll('.js-plotly-plot')].map(n =>
  [n.id, n.querySelectorAll('.main-svg').length, n.querySelectorAll(marks).length,
   typeof ((n.layout.template || {}).layout || {}), n._fullLayout.paper_bgcolor])"""


def check_charts_drawn(page) -> None:
    plots = page.locator(".js-plotly-plot")
    placeholders = page.locator("div.plot")
    assert plots.count() == placeholders.count(), "a chart placeholder was never turned into a plot"
    # charts.js's signal that the charts are drawn, which the tests wait for (sitebuild.wait_drawn), is given
    signal = page.evaluate("() => document.documentElement.getAttribute('data-charts')")
    assert signal == ("drawn" if placeholders.count() else None), signal
    drawn = page.evaluate(DRAWN, MARKS)
    assert len(drawn) == plots.count()
    for name, svgs, marks, template, paper in drawn:
        assert svgs >= 1, f"{name}: no SVG"
        assert marks >= 1, f"{name}: no marks drawn"
        # drawn with the page's shared template, not plotly's defaults (a chart names it; charts.js resolves it)
        assert template == "object", name
        assert paper == "white", f"{name}: plotly's default template"


def local_links(page_file: Path) -> list[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page_file.read_text(encoding="utf-8"), "html.parser")
    return [tag.get("href") or tag.get("src") for tag in soup.select("a[href], script[src], link[href]")]


@pytest.mark.parametrize("edition", ["site_sq", "site_en"])
def test_every_page_opens_offline_without_errors_and_draws_every_chart(request, browser, edition):
    site = request.getfixturevalue(edition)
    for page_file in pages_of(site):
        seen = visit(browser, page_file, check_charts_drawn)
        assert not seen.requests, f"{page_file.name} asked the network for {seen.requests}"
        assert not seen.console_errors, f"{page_file.name}: {seen.console_errors}"


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
