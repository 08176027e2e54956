"""A chapter in plain papermill from the repository root: its parameters checked in one line, and
`jupyter nbconvert --to html` of the result drawing every chart and map offline, with no request."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from sitrep import paths

from sitebuild import MARKS, visit

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


def papermill(notebook: str, out: Path, *parameters: str) -> subprocess.CompletedProcess:
    """papermill exactly as an analyst types it, from the repository root."""
    return subprocess.run([str(BIN / "papermill"), f"notebooks/{notebook}", str(out), "--no-progress-bar", *parameters],
                          cwd=paths.PROJECT, capture_output=True, text=True, timeout=300)


def errors_in(notebook: Path) -> list[list[str]]:
    executed = nbformat.read(notebook, as_version=4)
    return [output.traceback for cell in executed.cells for output in cell.get("outputs", [])
            if output.output_type == "error"]


@pytest.mark.parametrize("notebook, parameters, words", [
    ("04_grants.ipynb", ["-p", "langg", "en"],
     ["no parameter named langg", "its parameters are page, clean_dir, period"]),
    ("04_grants.ipynb", ["-p", "district", "Berat"], ["no parameter named district"]),
    ("04_grants.ipynb", ["-p", "lang", "fr"], ["parameter lang = 'fr': choose one of sq, en"]),
    ("06_district.ipynb", ["-p", "district", "Berat", "-p", "page", "districts/korce"],
     ["parameter page = 'districts/korce': disagrees with district = 'Berat'"]),
])
def test_a_bad_parameter_stops_plain_papermill_with_one_line(tmp_path, clean_dir, notebook, parameters, words):
    out = tmp_path / "out.ipynb"
    run = papermill(notebook, out, "-p", "clean_dir", str(clean_dir), *parameters)
    assert run.returncode != 0
    [traceback] = errors_in(out)
    assert len(traceback) == 1, traceback
    assert all(word in traceback[0] for word in words), traceback


@pytest.fixture(scope="module")
def grants_html(tmp_path_factory, clean_dir) -> Path:
    folder = tmp_path_factory.mktemp("nbconvert")
    executed = folder / "04_grants.ipynb"
    run = papermill("04_grants.ipynb", executed, "-p", "lang", "en", "-p", "clean_dir", str(clean_dir))
    assert run.returncode == 0, run.stderr
    assert errors_in(executed) == []
    convert = subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)],
                             cwd=paths.PROJECT, capture_output=True, text=True, timeout=300)
    assert convert.returncode == 0, convert.stderr
    return executed.with_suffix(".html")


DRAWN = """() => { const plots = [...document.querySelectorAll('.js-plotly-plot')];
  return plots.length > 0 && plots.length === document.querySelectorAll('.sitrep-plot').length &&
    plots.every(p => !(p.data || []).some(trace => trace.type === 'choropleth') ||
                     p.querySelectorAll('path.choroplethlocation').length > 0); }"""


@pytest.mark.browser
def test_nbconvert_html_of_a_chapter_draws_every_chart_offline(browser, grants_html):
    drawn = {}

    def check(page) -> None:
        # nbconvert's page has no charts.js to say when it is drawn: every placeholder a plot, and every map's areas
        # drawn once its base map (a data: URL, read after the page's load) has come
        page.wait_for_function(DRAWN)
        plots = page.locator(".js-plotly-plot")
        for index in range(plots.count()):
            plot = plots.nth(index)
            drawn[plot.get_attribute("id")] = plot.locator(MARKS).count()
        drawn["maps"] = page.locator("path.choroplethlocation").count()

    seen = visit(browser, grants_html, check)
    assert not seen.requests, f"the HTML asked the network for {seen.requests}"
    assert not seen.console_errors, seen.console_errors
    charts = {name: marks for name, marks in drawn.items() if name != "maps"}
    assert len(charts) == grants_html.read_text(encoding="utf-8").count('class="sitrep-plot"') >= 5
    assert all(marks > 0 for marks in charts.values()), charts
    assert drawn["maps"] >= 12 + 36 - 1, "the county and district maps are not both drawn"


def test_the_exploring_notebook_answers_its_three_questions(tmp_path, clean_dir):
    out = tmp_path / "explore.ipynb"
    run = papermill("explore.ipynb", out, "-p", "clean_dir", str(clean_dir), "-p", "lang", "en")
    assert run.returncode == 0, run.stderr
    assert errors_in(out) == []
    tables = [output.data["text/html"] for cell in nbformat.read(out, as_version=4).cells
              for output in cell.get("outputs", []) if output.output_type == "execute_result"]
    assert len(tables) == 4
    reach, donors, internal, public = tables
    assert "Kukës" in reach and "USAID" in donors
    assert "primary" not in internal and "primary" in public  # the public edition hides what the internal shows
