"""Fixtures of the end-to-end tests: built editions of the site, and a headless Debian chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import CHROMIUM, CHROMIUM_ARGS, build


@pytest.fixture(scope="session")
def editions(tmp_path_factory) -> Path:
    """The folder holding the two language editions side by side, as `make report` builds them."""
    return tmp_path_factory.mktemp("editions")


@pytest.fixture(scope="session")
def site_sq(editions) -> Path:
    run = build(editions, "--translation", str(editions / "en"), name="sq")
    assert run.returncode == 0, run.stderr
    return run.out


@pytest.fixture(scope="session")
def site_en(editions) -> Path:
    run = build(editions, "--lang", "en", "--translation", str(editions / "sq"), name="en")
    assert run.returncode == 0, run.stderr
    return run.out


@pytest.fixture(scope="session")
def site_internal(tmp_path_factory) -> Path:
    run = build(tmp_path_factory.mktemp("internal"), "--audience", "internal")
    assert run.returncode == 0, run.stderr
    return run.out


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
    root = tmp_path_factory.mktemp("series")
    run = build(root, "--translation", str(root / "en"), raw=two_reports_raw, name="sq")
    assert run.returncode == 0, run.stderr
    return run
