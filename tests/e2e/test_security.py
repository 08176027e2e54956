"""Names are text, downloads are data, parameters are not code."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from sitrep import paths

from sitebuild import build, copy_tree, pages_of, visit

pytestmark = [pytest.mark.slow, pytest.mark.browser]
HOSTILE = "=1+1 X <script>alert(1)</script><img src=x onerror=alert(2)>"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    raw = copy_tree(paths.RAW, tmp / "raw")
    organizations = pd.read_csv(raw / "kvktnj-2006" / "organizations.csv", dtype=str, keep_default_na=False)
    organizations.loc[organizations["org_id"] == "vatra", "name"] = HOSTILE
    organizations.loc[organizations["org_id"] == "vatra", "acronym"] = "<b>V</b>"
    organizations.to_csv(raw / "kvktnj-2006" / "organizations.csv", index=False)
    grants = pd.read_csv(raw / "kvktnj-2006" / "grants.csv", dtype=str, keep_default_na=False)
    grants.loc[grants["grant_id"] == "vatra-2", "title"] = "@SUM(1) <iframe src=javascript:alert(3)>"
    grants.to_csv(raw / "kvktnj-2006" / "grants.csv", index=False)
    run = build(tmp, "--district", "Vlorë", raw=raw)
    assert run.returncode == 0, run.stderr
    return run.out


def test_no_script_from_the_data_runs_and_the_name_shows_as_written(browser, hostile_site):
    shown_anywhere = False
    for page_file in pages_of(hostile_site):
        texts = []
        seen = visit(browser, page_file, lambda page: texts.append(page.locator("body").inner_text()))
        assert not seen.dialogs, f"{page_file.name}: a dialog fired: {seen.dialogs}"
        assert not seen.console_errors, f"{page_file.name}: {seen.console_errors}"
        shown_anywhere |= any(HOSTILE in text or "<script>alert(1)</script>" in text for text in texts)
    assert shown_anywhere, "the hostile name is not shown literally on any page"


def test_markup_never_reaches_the_html_unescaped(hostile_site):
    for page_file in pages_of(hostile_site):
        html = page_file.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html and "<img src=x" not in html and "<iframe" not in html, page_file.name


def test_downloads_hold_no_formula(hostile_site):
    found = False
    for path in (hostile_site / "data").glob("*.csv"):
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    assert not cell.startswith(("=", "+", "@", "\t", "\r")), f"{path.name}: {cell!r}"
                    if cell.startswith("-"):
                        float(cell.replace(",", ""))  # only a real negative number may start with '-'
                    found |= "'=1+1 X <script>" in cell or "'@SUM(1)" in cell
    assert found, "the hostile name is in no download"
