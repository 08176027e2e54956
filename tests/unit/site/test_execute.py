"""The warm shell: what it costs a worker to start, and what each page leaves behind for the collector."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest


def test_nbformat_loads_without_compiling_an_iri_grammar_and_still_validates_notebooks():
    # Every papermill, nbconvert and Jupyter process loads nbformat, and with it jsonschema's format checkers: the
    # locked jsonschema checks no IRI format, so none of them compiles rfc3987-syntax's grammars (two seconds).
    code = (
        "import sys\n"
        "import nbformat\n"
        "nbformat.validate(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('1')]))\n"
        "print('rfc3987_syntax' in sys.modules, 'lark' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]


# the cell has no id on purpose, as it lacks the rest: nbformat says so before refusing it
@pytest.mark.filterwarnings("ignore::nbformat.warnings.MissingIDFieldWarning")
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
import builtins, gc, sys
from pathlib import Path
import nbformat
from nbformat.v4 import new_code_cell, new_notebook
from sitrep.site import execute

folder = Path(sys.argv[1])
path = folder / "page.ipynb"
# Each page leaves a cycle as garbage (found only by the collector) and a list alive (the memo's kind of survivor).
code = ("import builtins, weakref\\nclass Node: pass\\nnode = Node(); node.itself = node\\n"
        "builtins.cycles = getattr(builtins, 'cycles', []) + [weakref.ref(node)]\\n"
        "builtins.kept = getattr(builtins, 'kept', []) + [[[] for _ in range(1000)]]")
nbformat.write(new_notebook(cells=[new_code_cell(code)]), path)
unfrozen = []
unfreeze = gc.unfreeze
gc.unfreeze = lambda: (unfrozen.append(1), unfreeze())[1]
shell = execute.WarmShell()
shell.run(path, {}, folder)
print(gc.get_freeze_count() > 0, len(unfrozen))
frozen = gc.get_freeze_count()
shell.run(path, {}, folder)
print(gc.get_freeze_count() > frozen)
for _ in range(2 * execute.COLLECT_EVERY - 1):
    shell.run(path, {}, folder)
print(len(unfrozen) - 1)
print(sum(ref() is not None for ref in builtins.cycles))
"""


def test_each_page_frees_the_last_ones_garbage_freezes_its_survivors_and_every_many_pages_collects_all(tmp_path):
    done = subprocess.run([sys.executable, "-c", FREEZING, str(tmp_path)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    first, first_full, second, full, cycles = done.stdout.split()
    assert first == "True" and first_full == "1"  # the first page collects all, and freezes what it found alive
    assert second == "True"  # and what each page leaves alive after it is frozen in turn
    assert full == "2"  # a full collection every COLLECT_EVERY pages, no more
    # the garbage cycle each page left was freed when the next page began, frozen in none: only the last one lives
    assert cycles == "1"


def test_an_output_is_the_one_nbformat_makes_and_the_notebook_holding_it_still_validates():
    from sitrep.site import execute

    cases = [("stream", {"name": "stderr", "text": "careful\n"}),
             ("display_data", {"data": {"text/html": "<p>x</p>"}, "metadata": {"sitrep": {"kind": "text"}}}),
             ("execute_result", {"data": {"text/plain": "1"}, "metadata": {}, "execution_count": None}),
             ("error", {"ename": "ValueError", "evalue": "bad", "traceback": []})]
    for kind, fields in cases:
        made = execute._output(kind, **fields)
        assert made == nbformat.v4.new_output(kind, **fields)
        assert isinstance(made.get("data", made.get("metadata", nbformat.NotebookNode())), nbformat.NotebookNode)
    cell = nbformat.v4.new_code_cell("1", outputs=[execute._output(kind, **fields) for kind, fields in cases])
    nbformat.validate(nbformat.v4.new_notebook(cells=[cell]))
