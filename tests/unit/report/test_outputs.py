"""The marks a page puts on its outputs are one set of names, and the site reads them without the report's libraries."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

from sitrep import paths
from sitrep.report import notebook, outputs, page
from sitrep.site import export, workers


def test_the_report_and_the_site_use_the_same_marks():
    assert (notebook.SITE_MIME, notebook.NOTEBOOK_ONLY, page.OUTPUT_KEY) == (
        outputs.SITE_MIME, outputs.NOTEBOOK_ONLY, outputs.OUTPUT_KEY) == (
        export.SITE_MIME, export.NOTEBOOK_ONLY, export.OUTPUT_KEY)


def test_the_build_process_loads_no_plotting_notebook_or_data_library_to_hand_out_pages_and_publish_them():
    # The workers load those (their fork server once, for all of them); the process that publishes reads bodies,
    # and hands what needs the tables (the programme's name, withheld lines, the workbook) to an idle worker.
    # nbformat (with jsonschema) is theirs too: imported here, it would hold back the workers' start.
    code = ("import sys\nimport sitrep.site.build, sitrep.site.companions, sitrep.site.export, sitrep.site.workers\n"
            "import sitrep.site.workbook, sitrep.report.glossary\n"
            "print(sorted(m for m in ('plotly', 'papermill', 'IPython', 'nbconvert', 'pandas', 'openpyxl',"
            " 'nbformat', 'jsonschema') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_pages_read_the_clean_tables_without_the_cleanings_validation_library(clean_dir):
    # pandera checks the tables as they are written; a page reads them by their declarations alone. Every worker's
    # fork server and every notebook's kernel would otherwise import it (a third of a second) for nothing.
    modules = [name for name in workers.preloaded() if name != workers.SERVED]
    code = (f"import importlib, sys\nfor name in {modules!r}: importlib.import_module(name)\n"
            "from sitrep.transform.store import read_clean\n"
            f"assert len(read_clean({str(clean_dir)!r}, 'figures'))\n"
            "print('pandera' in sys.modules, 'pandas' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]


def test_the_workers_fork_server_preloads_modules_that_exist_and_every_chapter():
    preloaded = workers.preloaded()
    assert all(importlib.util.find_spec(name) for name in preloaded)
    folder = paths.PROJECT / "lib" / "sitrep" / "report" / "chapters"
    chapters = {path.stem for path in folder.glob("*.py")} - {"__init__"}
    expected = {f"sitrep.report.chapters.{name}" for name in chapters} | set(workers.WORKER_PRELOAD)
    assert set(preloaded) == expected | {workers.SERVED} and preloaded[-1] == workers.SERVED  # the shell: last
