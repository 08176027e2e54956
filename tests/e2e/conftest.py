"""Fixtures of the end-to-end tests: built editions of the site, and a headless Debian chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import CHROMIUM, CHROMIUM_ARGS, build


@pytest.fixture(scope="session")
def site_sq(tmp_path_factory) -> Path:
    run = build(tmp_path_factory.mktemp("sq"))
    assert run.returncode == 0, run.stderr
    return run.out


@pytest.fixture(scope="session")
def site_en(tmp_path_factory) -> Path:
    run = build(tmp_path_factory.mktemp("en"), "--lang", "en")
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
