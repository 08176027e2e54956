"""What a reader meets around the numbers, in chromium at a desktop's and a phone's width: the toolbar, the
internal marking, the source text, phones, the keyboard, print, downloads, links and search."""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sitrep import i18n

from sitebuild import overlapping, pages_of, rects, visit

pytestmark = [pytest.mark.slow, pytest.mark.browser]

WIDTHS = (1280, 390)
SHOTS = Path(__file__).parents[2] / ".pytest-screenshots"
# The ICMC sentence behind a count every public edition hides (7 victims assisted).
HIDDEN_SENTENCE = "ndihmoi shtatë viktima"


def csv_rows(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff"), f"{path.name}: no BOM"
    return list(csv.reader(io.StringIO(text[1:])))


# ---------------------------------------------------------------- 1. toolbar


@pytest.mark.parametrize("width", WIDTHS)
def test_charts_have_no_cloud_share_and_one_localised_toolbar_button(browser, site_sq, width):
    def check(page):
        plots = page.locator(".js-plotly-plot")
        assert plots.count() >= 5
        assert page.locator('[data-title*="Share"], [data-title*="Cloud"], [data-title*="Chart Studio"]').count() == 0
        assert page.locator(".modebar-btn").count() == plots.count(), "one button per chart: download as PNG"
        titles = {page.locator(".modebar-btn").nth(i).get_attribute("data-title") for i in range(plots.count())}
        assert titles == {"Shkarko grafikun si PNG"}

    visit(browser, site_sq / "grants.html", check, width=width)


def test_english_toolbar_is_english(browser, site_en):
    visit(browser, site_en / "donors.html", lambda page: assert_titles(page, {"Download the chart as PNG"}))


def assert_titles(page, expected: set[str]) -> None:
    buttons = page.locator(".modebar-btn")
    assert buttons.count() >= 1
    assert {buttons.nth(i).get_attribute("data-title") for i in range(buttons.count())} == expected


def test_notebook_charts_share_the_same_toolbar():
    from sitrep.report.page import plot_config

    config = plot_config("sq", "grants-reach")
    assert config["modeBarButtons"] == [["toImage"]] and config["showSendToCloud"] is False
    assert config["locales"]["sq"]["dictionary"]["Download plot as a PNG"] == "Shkarko grafikun si PNG"


# ---------------------------------------------------------------- 2. the internal edition says so


def test_every_internal_download_is_marked_in_its_name_and_first_line(site_internal):
    downloads = sorted((site_internal / "data").glob("*.csv"))
    assert downloads
    for path in downloads:
        assert path.name.endswith("-I-BRENDSHEM.csv"), path.name
        assert csv_rows(path)[0] == ["I BRENDSHËM — mos e shpërndani"], path.name


def test_every_internal_page_prints_the_marking_in_its_running_header(site_internal):
    for page_file in pages_of(site_internal):
        style = re.search(r"@page \{ @top-left \{ content: \"([^\"]*)\"", page_file.read_text(encoding="utf-8"))
        assert style and style.group(1).startswith("I BRENDSHËM — mos e shpërndani · Periudha:"), page_file.name


# ---------------------------------------------------------------- 5. the source inside the site


@pytest.mark.parametrize("width", WIDTHS)
def test_a_citation_opens_the_source_on_its_highlighted_lines(browser, site_sq, width):
    def check(page):
        link = page.locator("#reach-by-qark a.source-link")
        href = link.get_attribute("href")
        wanted = [int(n) for n in re.search(r"\?l=([\d,]+)", href).group(1).split(",")]
        link.click()
        page.wait_for_load_state("load")
        cited = [int(e.get_attribute("id")[1:]) for e in page.locator(".source-text li.cited").all()]
        assert cited == wanted
        first = page.locator(f"#L{wanted[0]}")
        assert first.is_visible() and first.bounding_box()["y"] < 900
        # The line is the report's line: the text file's own line, word for word.
        raw = next((Path(__file__).parents[2] / "data" / "raw").rglob("*.txt")).read_text(encoding="utf-8").splitlines()
        assert first.inner_text().split(maxsplit=1)[1].strip() == raw[wanted[0] - 1].strip()
        # Its number is a quiet link in a column of its own, not blue underlined text in the line
        number, line_box = first.locator("a"), first.bounding_box()
        style = number.evaluate("a => [getComputedStyle(a).textDecorationLine, getComputedStyle(a).color]")
        muted = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--muted').trim()")
        assert style[0] == "none" and style[1] == page.evaluate(
            "c => { const e = document.createElement('i'); e.style.color = c; document.body.append(e);"
            " const v = getComputedStyle(e).color; e.remove(); return v; }", muted)
        assert number.bounding_box()["x"] + number.bounding_box()["width"] < line_box["x"] + 0.2 * line_box["width"]

    visit(browser, site_sq / "grants.html", check, width=width)


def test_public_source_withholds_the_lines_of_hidden_counts_and_internal_shows_them(site_sq, site_en, site_internal):
    public = (site_sq / "source.html").read_text(encoding="utf-8")
    internal = (site_internal / "source.html").read_text(encoding="utf-8")
    assert HIDDEN_SENTENCE not in public and "rresht i fshehur" in public
    # without a language of its own, the English marker would take the report's lines' lang="sq" and be read as
    # Albanian
    english = (site_en / "source.html").read_text(encoding="utf-8")
    markers = re.findall(r'<span class="withheld"( lang="\w+")?>([^<]*)</span>', english)
    assert markers and {marker for marker in markers} == {(' lang="en"', i18n.t("source.withheld", "en"))}
    assert HIDDEN_SENTENCE in internal and 'class="withheld"' not in internal
    assert public.count('<li id="L') == internal.count('<li id="L') > 1000


def test_chart_quotes_are_footnotes_reached_by_keyboard(browser, site_sq):
    def check(page):
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("() => !!document.activeElement.closest('#reach-by-qark')"):
                break
        else:
            pytest.fail("the chart cannot be reached with Tab")
        for _ in range(8):  # the chart's other controls are one arrow key away from each other
            if page.evaluate("() => document.activeElement.tagName") == "SUMMARY":
                break
            page.keyboard.press("ArrowRight")
        else:
            pytest.fail("the chart's quotes cannot be reached by keyboard")
        page.keyboard.press("Enter")
        quotes = page.locator("#reach-by-qark details.view-quotes li")
        assert quotes.count() >= 3 and quotes.first.is_visible()
        assert "rreshti" in quotes.first.inner_text() and quotes.first.locator("q[lang=sq]").count() == 1

    visit(browser, site_sq / "grants.html", check)


# ---------------------------------------------------------------- 9. phones


PHONE = 390
# Boxes that may be wider than the screen: they scroll sideways themselves, with a cue.
SCROLLERS = ".plot-scroll, .table-wrap, .view-alt"
OVERFLOW = """() => [...document.querySelectorAll('main *')].filter(e => {
  const r = e.getBoundingClientRect();
  return r.width && r.right > window.innerWidth + 1 && !e.closest('%s');
}).map(e => e.tagName + '.' + e.className)""" % SCROLLERS
def shoot(request, page, edition: str, name: str, width: int) -> None:
    """With --screenshots, the whole page as checked, for eyes: a full-page PNG costs as much as the checks."""
    if request.config.getoption("--screenshots"):
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{edition}-{name.replace('/', '-')}-{width}.png"), full_page=True)


PHONE_PAGES = ("index.html", "grants.html", "donors.html", "ngos.html", "districts/korce.html", "quality.html")


@pytest.mark.parametrize("edition", ["site_sq", "site_en"])
def test_phone_pages_overflow_only_inside_boxes_that_scroll_with_a_cue(request, browser, edition):
    site = request.getfixturevalue(edition)
    for name in PHONE_PAGES:
        def check(page):
            # Folded tables are checked open, as a reader who opens them sees them.
            page.evaluate("document.querySelectorAll('details.view-rows').forEach(d => { d.open = true; })")
            assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE, f"{name} scrolls sideways"
            assert page.evaluate(OVERFLOW) == [], f"{name}: wider than the phone outside a scrolling box"
            boxes = page.locator(".plot-scroll.scrolls, .table-wrap.scrolls")
            for index in range(boxes.count()):
                box = boxes.nth(index)
                cue = box.locator("xpath=following-sibling::p[contains(@class, 'scroll-cue')][1]")
                assert cue.is_visible(), f"{name}: a box that scrolls sideways has no visible cue"
            for plot in page.locator(".js-plotly-plot").all():
                assert plot.bounding_box()["width"] >= 0.9 * PHONE, f"{name}: {plot.get_attribute('id')} is narrow"
            shoot(request, page, edition, name, PHONE)

        visit(browser, site / name, check, width=PHONE)


def test_phone_maps_are_drawn_across_the_width(browser, site_sq):
    for name, figures in (("grants.html", ["reach-map-qarqe", "reach-map-rrethe"]), ("districts/korce.html", ["map"])):
        def check(page):
            for figure in figures:
                (areas,) = rects(page, figure, ".choroplethlayer")
                assert areas[2] - areas[0] >= 0.8 * PHONE, f"{name} {figure}: the map is {areas[2] - areas[0]} px wide"
                assert areas[0] >= 0 and areas[2] <= PHONE

        visit(browser, site_sq / name, check, width=PHONE)


@pytest.mark.parametrize("width", WIDTHS)
def test_panel_titles_and_bar_labels_never_collide(request, browser, site_sq, site_en, width):
    for site in (site_sq, site_en):
        def check(page):
            for figure in ("reach-by-qark", "targets-by-phase", "targets-by-organization"):
                titles = rects(page, figure, ".infolayer .annotation")
                # One title a panel, one panel a people count the chart holds (the registry's, not a fixed four).
                panels = page.evaluate(f"() => document.getElementById('{figure}').querySelector('.js-plotly-plot')"
                                       ".layout.annotations.filter(a => a.text).length")
                assert len(titles) == panels >= 2
                assert not overlapping(titles), f"{figure}: panel titles overlap"
                ticks = rects(page, figure, ".xtick text, .ytick text")
                assert not [pair for pair in overlapping(titles + ticks) if pair[0] in titles]
                assert not overlapping(rects(page, figure, ".bartext, text.bartext")), f"{figure}: bar labels collide"
                if width == PHONE:  # stacked: each title starts below the panel before it
                    tops = sorted(box[1] for box in titles)
                    assert all(b - a > 100 for a, b in zip(tops, tops[1:])), tops
            shoot(request, page, site.name, "grants-panels", width)

        visit(browser, site / "grants.html", check, width=width)


def test_phone_matrices_scroll_with_their_row_names_in_view(browser, site_sq):
    for name, figures in (("donors.html", ["funders", "implementers"]), ("ngos.html", ["places"]),
                          ("grants.html", ["nap-alignment"])):
        def check(page):
            for figure in figures:
                box = page.locator(f"#{figure} .plot-scroll")
                assert "scrolls" in box.get_attribute("class"), f"{figure} fits a phone? then it needs no held names"
                plotted = len(rects(page, figure, ".js-plotly-plot .ytick text"))
                box.evaluate("b => { b.scrollLeft = b.scrollWidth; b.dispatchEvent(new Event('scroll')); }")
                page.evaluate("() => new Promise(requestAnimationFrame)")  # the next frame, with the names moved
                edge = box.bounding_box()
                names = rects(page, figure, ".row-names .ytick text")
                assert len(names) == plotted > 3, f"{figure}: {len(names)} of {plotted} row names held"
                assert all(edge["x"] - 1 <= r[0] and r[2] <= edge["x"] + edge["width"] for r in names), figure
                (cells,) = rects(page, figure, ".js-plotly-plot .heatmaplayer image, .js-plotly-plot .hm image")
                columns = len(rects(page, figure, ".js-plotly-plot .xtick text"))
                assert (cells[2] - cells[0]) / columns >= 24, f"{figure}: columns shrunk to slivers"
                assert not overlapping(names), f"{figure}: row names overlap"
                page.locator(f"#{figure}").screenshot(path=str(SHOTS / f"{name[:-5]}-{figure}-scrolled-390.png"))

        SHOTS.mkdir(exist_ok=True)
        visit(browser, site_sq / name, check, width=PHONE)


@pytest.mark.parametrize("width", WIDTHS)
def test_sankey_labels_do_not_overlap(browser, site_sq, width):
    def check(page):
        labels = rects(page, "flow", ".sankey-node text")
        assert len(labels) > 20 and not overlapping(labels, slack=2)

    visit(browser, site_sq / "donors.html", check, width=width)


def test_long_text_tables_reflow_on_a_phone_under_their_column_names(browser, site_sq):
    def check(page):
        page.locator("#notes details.view-rows > summary").first.click()  # the notes are folded by table
        notes = page.locator("#notes table.reflow").first
        assert page.locator("#notes table.reflow").count() == page.locator("#notes details.view-rows").count() > 1
        wrap = page.locator("#notes .table-wrap").first
        assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth + 1"), "a reflowed table does not scroll"
        cell = notes.locator("tbody td").nth(2)
        label = cell.evaluate("c => getComputedStyle(c, '::before').content")
        header = notes.locator("thead th").nth(2).inner_text()
        assert label.strip('"') == header
        # a table whatever its display: the roles site.js gives it, as the page names its columns only in the head
        assert notes.get_attribute("role") == "table" and cell.get_attribute("role") == "cell"
        assert notes.locator("thead th").nth(2).get_attribute("role") == "columnheader"
        assert notes.locator("tbody tr").first.bounding_box()["width"] >= 0.85 * PHONE

    visit(browser, site_sq / "quality.html", check, width=PHONE)


# ---------------------------------------------------------------- 10. the keyboard


@pytest.mark.parametrize("width", WIDTHS)
def test_every_chart_shows_as_a_table(browser, site_sq, width):
    def check(page):
        switches = page.locator("button.view-switch")
        assert switches.count() == page.locator(".js-plotly-plot").count()
        button = page.locator("#reach-by-qark button.view-switch")
        button.focus()
        page.keyboard.press("Enter")
        table = page.locator("#reach-by-qark-table table")
        assert table.is_visible() and not page.locator("#reach-by-qark .plot-scroll").is_visible()
        assert button.get_attribute("aria-expanded") == "true" and button.inner_text() == "Shfaq si grafik"
        assert "Durrës" in table.inner_text() and "6362" in table.inner_text().replace("\u00a0", "").replace(".", "")

    visit(browser, site_sq / "grants.html", check, width=width)


FOCUSED = """() => { const e = document.activeElement, f = e.closest('figure.view');
  return {figure: f ? f.id : '', kind: e.matches('.plot-scroll, .table-wrap') ? 'scroller' : e.tagName.toLowerCase(),
          scrolls: e.scrollWidth > e.clientWidth + 2, body: e === document.body,
          cls: String(e.className.baseVal ?? e.className)}; }"""


@pytest.mark.parametrize("width", WIDTHS)
def test_skip_link_first_and_each_chart_is_one_tab_stop_with_its_controls_on_the_arrow_keys(browser, site_sq, width):
    def check(page):
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.className") == "skip-link"
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "main"
        stops: dict[str, list[dict]] = {}
        for _ in range(300):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if focused["body"]:
                break
            if focused["figure"]:
                stops.setdefault(focused["figure"], []).append(focused)
        charts = page.locator("figure.view:has(.js-plotly-plot)").count()
        assert charts >= 5 and len(stops) >= charts, stops.keys()
        for figure, seen in stops.items():
            # one stop for the chart, and a second only for a box that scrolls sideways (the keyboard scrolls it)
            assert seen[0]["kind"] in ("button", "a"), (figure, seen)
            assert all(stop["kind"] == "scroller" and stop["scrolls"] for stop in seen[1:]), (figure, seen)
            assert len(seen) <= 2, (figure, seen)
        page.locator("#reach-by-qark .view-switch").focus()
        assert page.locator("#reach-by-qark .view-keys").is_visible()
        reached = set()
        for _ in range(6):
            page.keyboard.press("ArrowRight")
            reached.add(page.evaluate(FOCUSED)["cls"])
        assert {"source-link", "view-csv", "view-anchor", "view-switch"} <= reached
        assert "modebar-btn" in " ".join(reached)
        assert page.evaluate(FOCUSED)["figure"] == "reach-by-qark"

    visit(browser, site_sq / "grants.html", check, width=width)


# ---------------------------------------------------------------- 11. print


def test_printed_pages_drop_the_csv_link_cleanly_and_show_the_quotes(browser, site_sq):
    def check(page):
        page.emulate_media(media="print")
        source = page.locator("#reach-by-qark .view-source")
        assert not source.inner_text().rstrip().endswith("·") and "CSV" not in source.inner_text()
        assert page.locator("#reach-by-qark .view-quotes li").first.is_visible()

    visit(browser, site_sq / "grants.html", check)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed")
def test_whole_report_pdf_has_page_numbers_a_running_header_and_footnotes(site_internal):
    pdf = site_internal / "report.pdf"  # the session's internal edition is built with --pdf (conftest.py)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages > 20
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    printed = text.split("\f")[:pages]
    assert all("I BRENDSHËM" in page for page in printed), "the running header is on every page"
    assert all(re.search(rf"\b{number} / {pages}\b", page) for number, page in enumerate(printed, start=1))
    assert "Citimet e burimit" not in text and "rreshti 1911:" in text  # footnotes printed, their button not
    assert "Shkarko të dhënat" not in text and " · \n" not in text


# ---------------------------------------------------------------- 12. downloads


def test_downloads_are_utf8_with_bom_and_numbers_with_a_status(site_sq, site_en):
    rows = csv_rows(site_sq / "data" / "grants-reach-by-qark.csv")
    header = rows[0]
    counted = i18n.t("grants.column.people", "sq")
    assert f"{counted} — gjendja" in header
    value, status = header.index(counted), header.index(f"{counted} — gjendja")
    statuses = {row[status] for row in rows[1:]}
    assert statuses <= {"shfaqur", "fshehur", "pa shifër"} and "fshehur" in statuses
    for row in rows[1:]:
        assert (row[value] == "") == (row[status] != "shfaqur")
        assert row[value] == "" or row[value].isdigit()
    english = csv_rows(site_en / "data" / "grants-reach-by-qark.csv")[0]
    assert any(column.endswith("— status") for column in english)


def test_full_dataset_workbook_has_a_readme_a_sheet_per_table_and_only_what_the_edition_shows(site_sq, site_internal):
    from openpyxl import load_workbook

    book = load_workbook(site_sq / "data" / "te-dhenat-sq.xlsx", read_only=True)
    downloads = sorted((site_sq / "data").glob("*.csv"))
    assert book.sheetnames[0] == "README" and len(book.sheetnames) == len(downloads) + 1
    cells = [str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
             for cell in row if cell is not None]
    assert HIDDEN_SENTENCE not in " ".join(cells)
    # the README says what the pages' footer says: every line filled in, the source report named in full
    readme = [str(cell) for row in book["README"].iter_rows(values_only=True) for cell in row if cell is not None]
    assert not [cell for cell in readme if "{" in cell or "}" in cell], readme
    footer_source = re.search(r'<footer.*?<p>(.*?)</p>', (site_sq / "index.html").read_text(encoding="utf-8"), re.S)
    assert footer_source and html.unescape(footer_source.group(1)) in readme, readme
    internal = load_workbook(site_internal / "data" / "te-dhenat-sq-I-BRENDSHEM.xlsx", read_only=True)
    first = next(internal["README"].iter_rows(values_only=True))
    assert first[0] == "I BRENDSHËM — mos e shpërndani"
    index = (site_sq / "index.html").read_text(encoding="utf-8")
    assert 'href="data/te-dhenat-sq.xlsx"' in index


# ---------------------------------------------------------------- 13. around the pages


@pytest.mark.parametrize("width", WIDTHS)
def test_each_page_links_to_the_same_page_in_the_other_language(browser, site_sq, site_en, width):
    def check(page):
        link = page.locator("a.lang-link")
        assert link.inner_text() == "English" and link.get_attribute("hreflang") == "en"
        link.click()
        page.wait_for_load_state("load")
        assert page.evaluate("() => document.documentElement.lang") == "en"
        assert page.url.endswith("-en/districts/korce.html")  # the same period's English edition
        assert page.locator("a.lang-link").inner_text() == "shqip"

    visit(browser, site_sq / "districts" / "korce.html", check, width=width)


def test_every_chart_has_an_anchor_and_every_page_a_citation_and_licence(site_sq):
    for page_file in pages_of(site_sq):
        text = page_file.read_text(encoding="utf-8")
        for view in re.findall(r'<figure [^>]*\bid="([^"]+)"', text):
            assert f'href="#{view}"' in text, f"{page_file.name}: {view} has no link of its own"
        assert "Si të citohet:" in text and "licenca MIT" in text, page_file.name


@pytest.mark.parametrize("width", WIDTHS)
def test_search_box_finds_pages_and_charts_offline(browser, site_sq, width):
    def check(page):
        page.fill("#search-input", "vlore")
        results = page.locator(".search-results a")
        assert any(link.get_attribute("href").endswith("districts/vlore.html") for link in results.all())
        title = page.locator("figure.view .view-title").first.inner_text().rstrip("#").strip()
        page.fill("#search-input", title)
        assert any(link.get_attribute("href").startswith("government.html#") for link in results.all()), title
        page.fill("#search-input", "zzzz")
        assert results.count() == 0 and page.locator(".search-status").inner_text() == "Asgjë e gjetur"

    seen = visit(browser, site_sq / "government.html", check, width=width)
    assert not seen.requests and not seen.console_errors
