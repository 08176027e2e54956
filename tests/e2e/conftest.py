"""Fixtures of the end-to-end tests: built editions of the site, and a headless Debian chromium.

Each edition is built once per test session, also when pytest-xdist runs the tests in several workers
(sitebuild.once_per_session): tests only read what these fixtures built, and copy it to change it.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import nbformat
import pytest

from sitrep import paths
from sitrep.site.frame import site_pages

from sitebuild import CHROMIUM, CHROMIUM_ARGS, Run, build, copy_tree, once_per_session, session_folder, user_environment


def built(run: Run) -> Run:
    assert run.returncode == 0, run.stderr
    return run


@pytest.fixture(scope="session")
def editions(tmp_path_factory) -> Path:
    """The folder holding the two language editions side by side, as `make report` builds them."""
    return session_folder(tmp_path_factory, "editions")


@pytest.fixture(scope="session")
def site_sq(tmp_path_factory, editions) -> Path:
    return once_per_session(tmp_path_factory, "site_sq", lambda: built(
        build(editions, "--translation", str(editions / "en"), name="sq")).out)


@pytest.fixture(scope="session")
def site_en(tmp_path_factory, editions) -> Path:
    return once_per_session(tmp_path_factory, "site_en", lambda: built(
        build(editions, "--lang", "en", "--translation", str(editions / "sq"), name="en")).out)


@pytest.fixture(scope="session")
def site_internal(tmp_path_factory) -> Path:
    """The internal edition, with its whole report printed to report.pdf where the PDF test can read it."""
    pdf = ["--pdf"] if shutil.which("pdftotext") else []  # the PDF test is skipped without poppler's tools
    return once_per_session(tmp_path_factory, "site_internal", lambda: built(
        build(session_folder(tmp_path_factory, "internal"), "--audience", "internal", *pdf)).out)


@pytest.fixture(scope="session")
def site_self_contained(tmp_path_factory) -> Path:
    """An edition whose every page carries its own plotly and assets (one district profile: the pages are heavy)."""
    return once_per_session(tmp_path_factory, "site_self_contained", lambda: built(
        build(session_folder(tmp_path_factory, "self-contained"), "--self-contained", "--district", "Korçë")).out)


# The last county profile: in a warm build its worker has run other profiles before it, so a value one profile
# left behind in the kernel would show in it.
LAST_DISTRICT = [plan for plan in site_pages() if not plan.needs][-1].district


@pytest.fixture(scope="session")
def isolated_site(tmp_path_factory) -> Run:
    """Every notebook run once in a fresh kernel of its own (the chapters and the last county profile), with nothing
    cached and site_sq's options, in a user's environment no build may depend on (sitebuild.user_environment):
    test_build.py compares it with site_sq, test_isolation.py looks for what the user's startup file would leave."""
    def make() -> Run:
        tmp = session_folder(tmp_path_factory, "isolated")
        return build(tmp, "--isolated", "--no-cache", "--district", LAST_DISTRICT, "--translation", str(tmp / "en"),
                     name="sq", env=user_environment(tmp))

    return once_per_session(tmp_path_factory, "isolated_site", make)


@pytest.fixture(scope="session")
def probe_site(tmp_path_factory) -> Run:
    """The chapters and one county profile built by a single warm worker (--jobs 1), in a user's environment no build
    may depend on (sitebuild.user_environment) with a TMPDIR of its own, from notebooks where the summary leaves a
    variable behind and the government chapter, run after it in the same worker, asserts it cannot see it, and with
    a chapter added. test_isolation.py reads that the user's startup file never ran, test_build.py that no variable
    leaked (and builds a copy of it again with --no-cache), test_extending.py the added chapter."""
    def make() -> Run:
        tmp = session_folder(tmp_path_factory, "probe")
        notebooks = copy_tree(paths.NOTEBOOKS, tmp / "notebooks")
        # a chapter added as the README says: a copy of a notebook and a row of the chapter registry
        shutil.copyfile(notebooks / "01_summary.ipynb", notebooks / "08_second_look.ipynb")
        with open(notebooks / "chapters.csv", encoding="utf-8", newline="") as handle:
            last = max(int(row["order"]) for row in csv.DictReader(handle))
        with open(notebooks / "chapters.csv", "a", encoding="utf-8", newline="") as handle:
            handle.write(f"{last + 1},second-look,08_second_look.ipynb,chapter.ngos,\n")
        probe = "assert 'leaked_from_summary' not in globals(), 'namespace leaked'"
        for name, code in (("01_summary.ipynb", "leaked_from_summary = 1"), ("02_government.ipynb", probe)):
            notebook = nbformat.read(notebooks / name, as_version=4)
            notebook.cells.insert(3, nbformat.v4.new_code_cell(code))
            nbformat.write(notebook, notebooks / name)
        (tmp / "tmp").mkdir()
        environment = {**user_environment(tmp), "TMPDIR": str(tmp / "tmp")}
        return build(tmp, "--district", "Berat", "--jobs", "1", notebooks=notebooks, env=environment)

    return once_per_session(tmp_path_factory, "probe_site", make)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def series_site(tmp_path_factory, two_reports_raw):
    """Both reports built together, as `sitrep build` does: every period's edition and the editions index."""
    # with the same options as the one-report site_sq, so that the 2005–06 edition can be compared byte for byte
    root = session_folder(tmp_path_factory, "series")
    return once_per_session(tmp_path_factory, "series_site", lambda: built(
        build(root, "--translation", str(root / "en"), raw=two_reports_raw, name="sq")))
