"""A dataset of two reports: each period's edition in its own folder, the editions index, and no edition
changed by another's report or build."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from sitebuild import build, overlapping, pages_of, rects, tree_digest, visit

pytestmark = pytest.mark.slow
FIRST, SECOND = "2005-01:2006-07", "2007-01:2007-06"
# What compares periods cites the earlier report as well: the change chapter, and each profile's trend.
COMPARISONS = re.compile(r'<figure class="view" id="trend".*?</figure>', re.S)


def test_adding_a_report_leaves_the_earlier_edition_byte_identical(site_sq, series_site):
    alone, beside = tree_digest(site_sq), tree_digest(series_site.edition(FIRST))
    assert alone and alone.keys() == beside.keys()
    assert alone == beside, sorted(name for name in alone if alone[name] != beside.get(name))


def test_each_edition_cites_only_its_own_report(series_site):
    # "KVKTNj" alone is also the name of the programme that awarded the synthetic grants: the citation is what counts.
    for period, own, other in ((FIRST, "KVKTNj, tetor 2006", "Raport provë"),
                               (SECOND, "Raport provë, shtator 2007", "tetor 2006")):
        pages = pages_of(series_site.edition(period))
        manifest = json.loads((series_site.edition(period) / "manifest.json").read_text(encoding="utf-8"))
        assert len(pages) == len(manifest["pages"]) + 2 >= 19  # with the index and the source text
        texts = {page.name: COMPARISONS.sub("", page.read_text(encoding="utf-8")) for page in pages
                 if page.name != "changes.html"}
        assert not [name for name, text in texts.items() if other in text]
        assert own in texts["summary.html"]


def test_nothing_of_either_period_is_dropped_or_borrowed(series_site):
    first = (series_site.edition(FIRST) / "summary.html").read_text(encoding="utf-8")
    second = (series_site.edition(SECOND) / "summary.html").read_text(encoding="utf-8")
    assert "39\u00a0291" in first and "4\u00a0321" not in first
    assert "4\u00a0321" in second and "39\u00a0291" not in second
    # The report's own claim ("dy projekte") and its NGO effort are in its edition, not the other.
    assert "dy projekte" in second and "dy projekte" not in first
    ngos = (series_site.edition(SECOND) / "ngos.html").read_text(encoding="utf-8")
    assert "Shoqata Test Jugu" in ngos
    assert "Shoqata Test Jugu" not in (series_site.edition(FIRST) / "ngos.html").read_text(encoding="utf-8")


def test_the_editions_index_opens_each_edition_in_chromium(browser, series_site):
    index = series_site.root / "index.html"
    links: list[str] = []

    def read_links(page):
        links.extend(page.locator("table.editions a").evaluate_all("(links) => links.map(a => a.getAttribute('href'))"))

    seen = visit(browser, index, read_links)
    assert not seen.console_errors and not seen.requests, seen
    assert links == ["2007-01_2007-06/index.html", "2005-01_2006-07/index.html"]
    for link in links:
        back: list[str] = []
        seen = visit(browser, series_site.root / link,
                     lambda page: back.append(page.locator("p.all-editions a").get_attribute("href")))
        assert not seen.console_errors and back == ["../index.html"], (link, seen)


def test_building_one_edition_changes_no_other(tmp_path, series_site, two_reports_raw):
    root = shutil.copytree(series_site.root, tmp_path / "site")
    before = {period: tree_digest(root / series_site.edition(period).name) for period in (FIRST, SECOND)}
    run = build(tmp_path, "--period", SECOND, "--lang", "en", "--district", "Vlorë", raw=two_reports_raw)
    assert run.returncode == 0, run.stderr
    assert run.out.name == "2007-01_2007-06-en" and (run.out / "districts" / "vlore.html").is_file()
    for period, digest in before.items():
        assert tree_digest(root / series_site.edition(period).name) == digest, period
    index = (root / "index.html").read_text(encoding="utf-8")
    assert index.count("<tr><td><a href=") == 3 and "2007-01_2007-06-en/index.html" in index


def test_the_change_chapter_is_built_only_where_there_is_an_earlier_period(site_sq, series_site):
    assert not (site_sq / "changes.html").exists() and not (series_site.edition(FIRST) / "changes.html").exists()
    assert 'href="changes.html"' not in (series_site.edition(FIRST) / "index.html").read_text(encoding="utf-8")
    assert 'href="changes.html"' in (series_site.edition(SECOND) / "index.html").read_text(encoding="utf-8")
    first = (series_site.edition(FIRST) / "districts" / "vlore.html").read_text(encoding="utf-8")
    second = (series_site.edition(SECOND) / "districts" / "vlore.html").read_text(encoding="utf-8")
    assert "Qarku Vlorë nëpër periudha" not in first and "Qarku Vlorë nëpër periudha" in second
    assert "Burimi: KVKTNj, tetor 2006; Raport provë, shtator 2007" in COMPARISONS.search(second).group()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_change_chapter_opens_in_chromium(browser, series_site, width):
    texts: list[str] = []
    charts: list[int] = []

    def read(page):
        texts.append(page.locator("main").inner_text())
        charts.append(page.locator(".js-plotly-plot").count())
        # a change's label, beyond its bar's end, is never drawn over the count's name, nor over another label
        labels, names = rects(page, "indicators", ".bartext"), rects(page, "indicators", ".ytick text")
        assert len(labels) == len(names) > 5 and not overlapping(labels + names)

    seen = visit(browser, series_site.edition(SECOND) / "changes.html", read, width=width)
    assert not seen.console_errors and not seen.requests, seen
    text = texts[0]
    assert "Çfarë ndryshoi" in text and "janar 2005 – korrik 2006" in text and "janar 2007 – qershor 2007" in text
    # Per month beside the totals: 39 291 people reached over 19 months, 4 321 over 6.
    assert "2\u00a0067,9" in text.replace(" ", "\u00a0") and "720,2" in text
    assert "Shoqata Test Veriu" in text and "vazhdon" in text and "e re" in text
    assert "Burimi: KVKTNj, tetor 2006; Raport provë, shtator 2007" in text
    assert charts == [2]


# Sentences about the 2006 report's own phases, plan structure and government figures.
SENTENCES_2006 = {
    "grants.html": ("Fazat 1–2 raportohen bashkë.", "Disa projekte nuk kanë fazë të shënuar.", "PKV TF:"),
    "government.html": ("strukturë dy-nivelëshe", "ka shtyllat dhe objektivat e veta", "Mbrojtja e dëshmitarëve"),
}


def _without_quotes(html: str) -> str:
    """A page less the report's words it quotes (a chart's quote list): what is left is the chapter's own text."""
    return re.sub(r"<q [^>]*>.*?</q>", "", html, flags=re.S)


def test_chapter_text_follows_each_editions_own_data(series_site):
    for page, sentences in SENTENCES_2006.items():
        first = (series_site.edition(FIRST) / page).read_text(encoding="utf-8")
        second = _without_quotes((series_site.edition(SECOND) / page).read_text(encoding="utf-8"))
        assert [s for s in sentences if s not in first] == [], page
        assert [s for s in sentences if s in second] == [], page
    government = (series_site.edition(SECOND) / "government.html").read_text(encoding="utf-8")
    assert "Qeveria jep shifra për këto tema: Njësitë rajonale antitrafik." in government
