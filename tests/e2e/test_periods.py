"""Reporting periods: a second (synthetic) period changes the pages; a period with no data says so."""

from __future__ import annotations

import pytest

from sitebuild import build, pages_of

pytestmark = pytest.mark.slow


def test_a_second_period_changes_the_pages(tmp_path, site_sq, two_reports_raw):
    run = build(tmp_path, "--period", "2007-01:2007-06", "--audience", "internal", raw=two_reports_raw)
    assert run.returncode == 0, run.stderr
    summary = (run.out / "summary.html").read_text(encoding="utf-8")
    # The fixture's own numbers: 2 grants, 4,321 reached, 25 victims, 12 sheltered, 30 trained.
    for shown in ("4\u00a0321", ">25<", ">12<", ">30<", "janar 2007 – qershor 2007"):
        assert shown in summary, shown
    assert "39\u00a0291" not in summary
    assert summary != (site_sq / "summary.html").read_text(encoding="utf-8")
    shkoder = (run.out / "districts" / "shkoder.html").read_text(encoding="utf-8")
    assert "Shoqata Test Veriu" in shkoder
    assert "Shoqata Test Veriu" not in (site_sq / "districts" / "shkoder.html").read_text(encoding="utf-8")


def test_a_period_without_data_gives_pages_that_say_so(tmp_path):
    run = build(tmp_path, "--period", "2010-01:2010-12", "--lang", "en")
    assert run.returncode == 0, run.stderr
    for page in pages_of(run.out):
        html = page.read_text(encoding="utf-8")
        assert "banner-error" not in html, page.name
    summary = (run.out / "summary.html").read_text(encoding="utf-8")
    assert "There are no data for this period." in summary
