"""A dataset of two reports: each period's edition in its own folder, the editions index, and no edition
changed by another's report or build."""

from __future__ import annotations

import json
import shutil

import pytest
from sitebuild import build, pages_of, tree_digest, visit

pytestmark = pytest.mark.slow
FIRST, SECOND = "2005-01:2006-07", "2007-01:2007-06"


def test_adding_a_report_leaves_the_earlier_edition_byte_identical(site_sq, series_site):
    alone, beside = tree_digest(site_sq), tree_digest(series_site.edition(FIRST))
    assert alone and alone.keys() == beside.keys()
    assert alone == beside, sorted(name for name in alone if alone[name] != beside.get(name))


def test_each_edition_cites_only_its_own_report(series_site):
    # "KVKTNj" alone is also the name of the programme that awarded the synthetic grants: the citation is what counts.
    for period, own, other in ((FIRST, "KVKTNj, tetor 2006", "Raport provë"), (SECOND, "Raport provë, shtator 2007", "tetor 2006")):
        pages = pages_of(series_site.edition(period))
        manifest = json.loads((series_site.edition(period) / "manifest.json").read_text(encoding="utf-8"))
        assert len(pages) == len(manifest["pages"]) + 2 >= 19  # with the index and the source text
        texts = {page.name: page.read_text(encoding="utf-8") for page in pages}
        assert all(other not in text for text in texts.values()), [name for name, text in texts.items() if other in text]
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
