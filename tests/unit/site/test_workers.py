"""The pool of warm workers: a task in, an outcome out with the executed notebook or where it failed."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from sitrep.errors import DataError
from sitrep.report.outputs import OUTPUT_KEY
from sitrep.site import workbook
from sitrep.site.execute import CellError
from sitrep.site.export import page_body
from sitrep.site.workers import Outcome, Pool, Task


def notebook_file(folder, name: str, *sources: str):
    cells = [new_code_cell("n = 1", metadata={"tags": ["parameters"]}), *(new_code_cell(s) for s in sources)]
    path = folder / name
    nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "language": "python",
                                                                      "display_name": "Python 3"}}), path)
    return path


def test_task_and_outcome_shapes():
    assert [f.name for f in dataclasses.fields(Task)] == ["key", "notebook", "parameters", "cwd"]
    fields = ["key", "notebook", "error", "seconds", "crashed", "execute", "body", "export"]
    assert [f.name for f in dataclasses.fields(Outcome)] == fields
    assert Outcome("summary", None, CellError(3, "KeyError", "'grants'"), 0.5).crashed is None


def test_no_tasks_start_no_workers():
    pool = Pool(4)
    assert list(pool.run([])) == []
    assert pool.workers == {}
    assert Pool(0).jobs == 1
    assert pool.call(os.getpid)() == os.getpid()  # no worker is ready: the call runs here when waited for


def test_a_warm_worker_runs_pages_with_their_parameters_names_a_failing_cell_and_ends_with_the_pool(tmp_path):
    # one pool for every check: starting a warm worker (pandas, plotly and sitrep imported once) is the slow part
    good = notebook_file(tmp_path, "good.ipynb", "print(n * 21)")
    bad = notebook_file(tmp_path, "bad.ipynb", "m = n + 1", "{}['grants']")
    tasks = [Task("good", good, {"n": 2}, tmp_path), Task("bad", bad, {"n": 2}, tmp_path)]
    started = []
    with Pool(1) as pool:
        outcomes = {o.key: o for o in pool.run(tasks, on_start=lambda task: started.append(task.key))}
        processes = [process for process, _ in pool.workers.values()]
        # between runs, an idle worker takes a call; one that fails there raises the same error here
        assert pool.call(os.getpid)() == processes[0].pid != os.getpid()
        with pytest.raises(FileNotFoundError):
            pool.call(os.stat, str(tmp_path / "missing"))()
        assert pool.call(os.getpid)() == processes[0].pid
        # a problem of the data's comes back whole, its lines as the worker found them
        with pytest.raises(DataError) as refused:
            pool.call(workbook.write_workbook, tmp_path / "w.xlsx", {"x.csv": "Emri\n" + "x" * 40_000 + "\n"}, [],
                      None)()
        assert refused.value.lines()[0].startswith("data/x.csv:2: Emri: longer than the 32,767 characters")
        assert pool.ready == {processes[0].pid}
        # a call made while the only worker is busy with another goes to it once that one has been waited for
        # (sent to it then, not when it is itself waited for)
        first, second = pool.call(os.getpid), pool.call(os.getpid)
        assert first() == processes[0].pid and not pool.ready
        assert second() == processes[0].pid and pool.ready == {processes[0].pid}
    assert sorted(started) == ["bad", "good"] and sorted(outcomes) == ["bad", "good"]
    printed = [o["text"] for cell in outcomes["good"].notebook.cells for o in cell.get("outputs", [])
               if o.output_type == "stream"]
    assert printed == ["42\n"]  # the injected n = 2 overrode the default n = 1
    assert outcomes["good"].error is None and outcomes["good"].seconds >= 0
    assert 0 < outcomes["good"].execute <= outcomes["good"].seconds  # the cells' run, within the worker's time
    error = outcomes["bad"].error
    assert (error.cell, error.name, error.code) == (3, "KeyError", "{}['grants']")  # the analyst's third cell
    assert outcomes["bad"].notebook is not None
    deadline = time.monotonic() + 5
    while any(process.is_alive() for process in processes) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(processes) == 1 and not processes[0].is_alive() and pool.workers == {}


def test_with_an_export_only_the_pages_body_comes_back_made_in_the_worker(tmp_path):
    closing = (f"from IPython.display import display\ndisplay({{'text/plain': ''}}, raw=True, metadata={{"
               f"{OUTPUT_KEY!r}: {{'kind': 'page', 'areas': {{'berat': {{'name': 'Berat'}}}}, "
               f"'received': [{{'n': n}}]}}}})")
    shown = notebook_file(tmp_path, "shown.ipynb", "from IPython.display import HTML\nHTML(f'<p>{n * 21}</p>')",
                          "print('not for the reader')", closing)
    with Pool(1, export=page_body) as pool:
        outcome = next(iter(pool.run([Task("shown", shown, {"n": 2}, tmp_path)])))
    assert outcome.notebook is None and outcome.error is None
    assert outcome.body.html == "<p>42</p>\n"  # the injected n = 2, and no stream output
    # the page's report comes back as plain values: reading a notebook's own would import nbformat here
    report = outcome.body.report
    assert report["areas"] == {"berat": {"name": "Berat"}} and report["received"] == [{"n": 2}]
    assert {type(report["areas"]), type(report["areas"]["berat"]), type(report["received"][0])} == {dict}
    assert 0 < outcome.execute and 0 <= outcome.export and outcome.execute + outcome.export <= outcome.seconds


def test_workers_started_ahead_in_the_background_take_the_pages(tmp_path):
    page = notebook_file(tmp_path, "page.ipynb", "print(n)")
    with Pool(2) as pool:
        pool.start()  # returns at once; the workers make their imports meanwhile
        outcomes = list(pool.run([Task("page", page, {"n": 5}, tmp_path)]))
        started = len(pool.workers)
    assert [o.error for o in outcomes] == [None]
    assert started == 2  # both started ahead: a single page alone would have started one


def test_a_worker_is_handed_its_next_page_before_the_caller_gets_the_last_ones_outcome(tmp_path):
    page = notebook_file(tmp_path, "page.ipynb", "print(n)")
    tasks = [Task(f"page-{n}", page, {"n": n}, tmp_path) for n in range(3)]
    handed, handed_when_received = [], []
    with Pool(1) as pool:
        for outcome in pool.run(tasks, on_start=lambda task: handed.append(task.key)):
            handed_when_received.append((outcome.key, list(handed)))
    # the one worker runs the next page while the caller stores and reports this one's
    assert handed_when_received == [("page-0", ["page-0", "page-1"]), ("page-1", ["page-0", "page-1", "page-2"]),
                                    ("page-2", ["page-0", "page-1", "page-2"])]


def test_a_worker_that_dies_after_its_page_while_the_caller_is_busy_is_replaced_and_the_pages_go_on(tmp_path):
    # it sends its page back and exits a second later, while the caller is still busy with an outcome: the next
    # page handed to it finds it gone
    leaving = notebook_file(tmp_path, "leaving.ipynb",
                            "import os, threading\nthreading.Timer(1.0, os._exit, (3,)).start()")
    page = notebook_file(tmp_path, "page.ipynb", "print(n)")
    tasks = [Task("leaving", leaving, {}, tmp_path), Task("next", page, {"n": 1}, tmp_path),
             Task("last", page, {"n": 2}, tmp_path)]
    outcomes = {}
    with Pool(1) as pool:
        for outcome in pool.run(tasks):
            outcomes[outcome.key] = outcome
            time.sleep(2.5)
    assert {key: outcome.error for key, outcome in outcomes.items()} == {"leaving": None, "next": None, "last": None}


def made_as_the_fork_server_makes_it() -> None:
    """Run in a fresh process: the fork server's last import, then where its shell keeps its profile."""
    import sitrep.site.served  # noqa: F401
    from sitrep.site import workers

    assert workers.served_shell is not None and workers.served_shell.shell is not None
    print(os.environ["IPYTHONDIR"])


def test_the_fork_servers_shell_has_a_profile_folder_of_its_own_removed_when_the_server_ends(tmp_path):
    code = ("import importlib.util\n"
            f"spec = importlib.util.spec_from_file_location('pool_tests', {str(Path(__file__))!r})\n"
            "module = importlib.util.module_from_spec(spec)\nspec.loader.exec_module(module)\n"
            "module.made_as_the_fork_server_makes_it()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "TMPDIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-2000:]
    profile = Path(done.stdout.strip().splitlines()[-1])
    assert profile.parent == tmp_path and profile.name.startswith("sitrep-ipython-")
    assert not profile.exists() and not list(tmp_path.iterdir())
