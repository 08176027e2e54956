"""Shared fixtures: the committed raw data and the synthetic period, cleaned once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep import paths
from sitrep.report.dataset import Dataset
from sitrep.report.edition import Edition
from sitrep.transform.run import run_clean

FIXTURES = Path(__file__).parent / "fixtures"
SYNTHETIC_RAW = FIXTURES / "synthetic_2007"
SYNTHETIC_PERIOD = "2007-01:2007-06"


@pytest.fixture(scope="session")
def clean_dir(tmp_path_factory) -> Path:
    """The committed raw data, cleaned into a session folder (data/clean is never touched by tests)."""
    folder = tmp_path_factory.mktemp("clean") / "clean"
    run_clean(paths.RAW, folder)
    return folder


@pytest.fixture(scope="session")
def synthetic_clean_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic") / "clean"
    run_clean(SYNTHETIC_RAW, folder)
    return folder


@pytest.fixture
def dataset(clean_dir):
    """A Dataset of the 2006 report for a given language and audience."""

    def make(lang: str = "sq", audience: str = "public", period: str = "2005-01:2006-07", min_cell: int = 10) -> Dataset:
        return Dataset(clean_dir, Edition(period=period, lang=lang, audience=audience, min_cell=min_cell))

    return make
