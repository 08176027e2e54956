"""The warm shell: what it costs a worker to start, and what each page leaves behind for the collector."""

from __future__ import annotations

import subprocess
import sys

import nbformat

from sitrep.site import execute


def test_a_worker_never_compiles_the_iri_grammar_and_still_validates_notebooks():
    code = (
        "import sys\n"
        "from sitrep.site import execute, workers\n"
        "import nbformat\n"
        "nbformat.validate(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('1')]))\n"
        "print(sys.modules['rfc3987_syntax'] is None, 'lark' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False"]


def test_a_bad_notebook_is_still_refused_by_its_schema():
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append({"cell_type": "code", "source": "1"})  # no outputs, metadata or execution_count
    try:
        nbformat.validate(notebook)
    except nbformat.ValidationError:
        return
    raise AssertionError("nbformat accepted a code cell without outputs")


# Run in a process of its own: IPython's shell takes over __main__, the display hook and builtins for good.
FREEZING = """
import gc, sys
from pathlib import Path
import nbformat
from nbformat.v4 import new_code_cell, new_notebook
from sitrep.site import execute

folder = Path(sys.argv[1])
path = folder / "page.ipynb"
nbformat.write(new_notebook(cells=[new_code_cell("kept = [[] for _ in range(1000)]")]), path)
full = []
gc.callbacks.append(lambda phase, info: full.append(info["generation"]) if phase == "stop" else None)
shell = execute.WarmShell()
shell.run(path, {}, folder)
print(gc.get_freeze_count() > 0)
collected = len(full)
frozen = gc.get_freeze_count()
shell.run(path, {}, folder)
print(gc.get_freeze_count() > frozen)
for _ in range(2 * execute.COLLECT_EVERY - 1):
    shell.run(path, {}, folder)
print(len([generation for generation in full[collected:] if generation == 2]))
"""


def test_each_page_leaves_its_survivors_frozen_and_every_few_pages_collects_all(tmp_path):
    done = subprocess.run([sys.executable, "-c", FREEZING, str(tmp_path)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    first, second, full = done.stdout.split()
    assert first == "True"  # what the first page found (the imports) is kept out of later collections
    assert second == "True"  # and what each page leaves alive after it
    # a full collection every COLLECT_EVERY pages (the shell may make a few of its own as objects pile up)
    assert 2 <= int(full) <= 2 * execute.COLLECT_EVERY // 2, full
