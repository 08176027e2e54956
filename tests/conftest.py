"""Shared fixtures: the committed raw data, and a dataset of it with the synthetic report, cleaned once per session."""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from sitrep import paths
from sitrep.report.dataset import Dataset
from sitrep.report.edition import Edition
from sitrep.transform.run import run_clean

FIXTURES = Path(__file__).parent / "fixtures"
SYNTHETIC_REPORT = FIXTURES / "synthetic-2007"
SYNTHETIC_PERIOD = "2007-01:2007-06"


def two_reports(folder: Path) -> Path:
    """A dataset of two reports: copies of the committed report(s) and of the synthetic one."""
    folder.mkdir(parents=True, exist_ok=True)
    for report in [*sorted(p for p in paths.RAW.iterdir() if (p / "report.toml").is_file()), SYNTHETIC_REPORT]:
        shutil.copytree(report, folder / report.name)
    return folder


@pytest.fixture(scope="session")
def clean_dir(tmp_path_factory) -> Path:
    """The committed raw data, cleaned into a session folder (data/clean is never touched by tests)."""
    folder = tmp_path_factory.mktemp("clean") / "clean"
    run_clean(paths.RAW, folder)
    return folder


@pytest.fixture(scope="session")
def two_reports_raw(tmp_path_factory) -> Path:
    """The committed report and the synthetic one as one dataset (read-only: tests that edit copy it)."""
    return two_reports(tmp_path_factory.mktemp("two-reports") / "raw")


@pytest.fixture(scope="session")
def synthetic_clean_dir(tmp_path_factory, two_reports_raw) -> Path:
    """Clean tables of both reports; the synthetic report's edition is SYNTHETIC_PERIOD."""
    folder = tmp_path_factory.mktemp("synthetic") / "clean"
    run_clean(two_reports_raw, folder)
    return folder


@pytest.fixture
def dataset(clean_dir):
    """A Dataset of the 2006 report for a given language and audience."""

    def make(lang: str = "sq", audience: str = "public", period: str = "2005-01:2006-07",
             min_cell: int = 10) -> Dataset:
        return Dataset(clean_dir, Edition(period=period, lang=lang, audience=audience, min_cell=min_cell))

    return make


# Where the session's time went, for balancing the workers: each worker's busy seconds against the span from its
# first test's start to its last test's end, and the modules that took longest (all three phases of each test).
_WORKERS: dict[str, list[float]] = defaultdict(lambda: [0.0, float("inf"), 0.0, 0])  # busy, first start, last stop, n
_MODULES: dict[str, float] = defaultdict(float)


def pytest_addoption(parser):
    parser.addoption("--screenshots", action="store_true",
                     help="save what the browser tests look at as PNGs in .pytest-screenshots/, to look at afterwards")


def pytest_runtest_logreport(report):
    """Add the report's seconds to its worker's and its module's."""
    node = getattr(report, "node", None)  # set by pytest-xdist on the reports the controller receives
    worker = _WORKERS[node.gateway.id if node is not None else "main"]
    worker[0] += report.duration
    worker[1], worker[2] = min(worker[1], report.start), max(worker[2], report.stop)
    worker[3] += report.when == "call"
    _MODULES[report.nodeid.split("::", 1)[0]] += report.duration


def pytest_terminal_summary(terminalreporter):
    """Print the seconds each worker was busy and the slowest modules."""
    if not _WORKERS:
        return
    terminalreporter.write_sep("=", "time per worker and slowest modules")
    for name, (busy, start, stop, tests) in sorted(_WORKERS.items()):
        terminalreporter.write_line(f"worker {name}: {tests} tests, busy {busy:.0f} s of {stop - start:.0f} s "
                                    "from its first test's start to its last one's end")
    for module, seconds in sorted(_MODULES.items(), key=lambda item: -item[1])[:8]:
        terminalreporter.write_line(f"module {module}: {seconds:.0f} s")
