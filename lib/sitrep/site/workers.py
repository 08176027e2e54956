"""A pool of warm worker processes that run pages one after another; a crashed worker is replaced."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

import psutil

from sitrep.beside import die_with_parent
from sitrep.errors import SitrepError
from sitrep.site.kernel import POOL_SOCKETS_PREFIX, SHORT_TEMPORARY, SOCKETS_VARIABLE, sockets_fit

# The notebook machinery (papermill, IPython, nbformat) is the workers' to load: the build process only hands out
# pages, and each import it made before starting them would delay every worker's start.
if TYPE_CHECKING:
    import nbformat

    from sitrep.site.execute import CellError, WarmShell

WORKER_PRELOAD = ["sitrep.site.workers", "sitrep.site.execute", "sitrep.report.page"]
CHAPTERS = "sitrep.report.chapters"  # the chapters' modules are preloaded too, each as the notebooks import it
SERVED = "sitrep.site.served"  # last: it makes the warm shell in the fork server, with every import done
IPYTHON_FOLDER = "ipython"  # in the pool's temporary folder
served_shell: WarmShell | None = None  # in a worker forked from the server: the shell it was forked with


def preloaded() -> list[str]:
    """What the workers' fork server imports before forking each: the notebook machinery, the page and every chapter."""
    import importlib.util
    import pkgutil

    found = importlib.util.find_spec(CHAPTERS)  # without running the package: the parent needs none of it
    locations = found.submodule_search_locations if found else []
    return WORKER_PRELOAD + [f"{CHAPTERS}.{module.name}" for module in pkgutil.iter_modules(locations)] + [SERVED]


@dataclass
class Task:
    """One page for a worker to run: its notebook, the parameters it runs with, and the folder it runs in."""

    key: str
    notebook: Path
    parameters: dict
    cwd: Path


@dataclass
class Call:
    """A module-level function for an idle worker to run outside any notebook, with picklable arguments."""

    function: Callable
    args: tuple


@dataclass
class Outcome:
    """What a worker gave back for one page: the executed notebook or its export, or the error that stopped it."""

    key: str
    notebook: nbformat.NotebookNode | None
    error: CellError | None
    seconds: float
    crashed: str | None = None  # the worker died: why, as far as the parent can tell
    execute: float = 0.0  # of `seconds`, the time the notebook's cells took to run in the worker
    body: object = None  # with an export: what it made of the executed notebook, in the worker
    export: float = 0.0  # of `seconds`, the time the export took


def warm_shell() -> WarmShell:
    """A warm shell as a build's worker holds it before its first page (the benchmarks measure the same)."""
    from sitrep.site import execute

    shell = execute.WarmShell()
    import sitrep.report.page  # noqa: F401  - warm the chapters' own imports (pandas, plotly, sitrep) once
    from sitrep import i18n
    from sitrep.report import notebook as notebook_outputs

    i18n.load_locales()

    notebook_outputs.enabled = False  # what a warm worker runs goes only to the site: no charts for a notebook reader
    shell.settle(everything=True)  # the imports frozen before the first page, so that no page pays for it
    return shell


def _worker_main(connection: Connection, isolated: bool, timeout: int, build: int, scratch: str,
                 export: Callable[[nbformat.NotebookNode], object] | None = None, sockets: str | None = None) -> None:
    # Kernels and the warm shell read IPython's profile (startup files run as code) from the pool's folder: the
    # build's own, empty, never the user's ~/.ipython.
    os.environ["IPYTHONDIR"] = os.path.join(scratch, IPYTHON_FOLDER)
    # Whatever the worker and its kernels make as temporary files (papermill's copies, connection files, kernel
    # sockets) is in the pool's folder too, which the pool removes even when it had to kill them mid-page.
    os.environ["TMPDIR"] = tempfile.tempdir = scratch
    if sockets is not None:  # the pool's folder is too deep for a socket's path: its kernels' sockets go here
        os.environ[SOCKETS_VARIABLE] = sockets
    try:
        _serve(connection, isolated, timeout, build, export)
    except (BrokenPipeError, ConnectionResetError, EOFError):  # the build is gone (killed): no one to tell
        os._exit(0)


def _serve(connection: Connection, isolated: bool, timeout: int, build: int,
           export: Callable[[nbformat.NotebookNode], object] | None) -> None:
    os.setpgrp()  # kernels started here share the worker's group, so the parent can end them together
    die_with_parent()  # the build killed, even by SIGKILL: its worker (and so its kernels) end too
    if not psutil.pid_exists(build):  # the build was killed while this worker was still starting
        os._exit(0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when work stops
    import nbformat

    from sitrep.site import execute
    from sitrep.site.execute import CellError

    # A page's body holds values read from its notebook: sent as plain dicts, the build process reads them back
    # without importing nbformat.
    ForkingPickler.register(nbformat.NotebookNode, _as_dict)
    shell = None if isolated else served_shell or warm_shell()
    connection.send(("ready", None))
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):  # the build is gone
            return
        if task is None:
            return
        if isinstance(task, Call):
            try:
                connection.send(("called", (task.function(*task.args), None)))
            except SitrepError as problem:  # the data's or the caller's to fix: raised again there, as it is
                connection.send(("called", (None, problem)))
            except Exception as problem:
                connection.send(("called", (None, f"{type(problem).__name__}: {problem}")))
            continue
        started = time.perf_counter()
        executed = exported = started
        try:
            if isolated:
                notebook, error = execute.run_in_kernel(task.notebook, task.parameters, task.cwd, timeout)
            else:
                notebook, error = shell.run(task.notebook, task.parameters, task.cwd)
            executed = time.perf_counter()
            if export is not None:  # only the page's body travels back, not its notebook as JSON
                payload = (None, export(notebook) if notebook is not None else None, error)
            else:
                payload = (nbformat.writes(notebook) if notebook is not None else None, None, error)
            exported = time.perf_counter()
        except Exception as problem:  # the page failed outside its cells (e.g. a notebook that won't load)
            failure = CellError(0, type(problem).__name__, f"{problem}\n{traceback.format_exc(limit=3)}")
            payload = (None, None, failure)
        timings = (time.perf_counter() - started, executed - started, max(0.0, exported - executed))
        connection.send(("done", (task.key, *payload, *timings)))


def _as_dict(node: dict) -> tuple:
    return dict, (dict(node),)


def _notebook(text: str) -> nbformat.NotebookNode:
    import nbformat

    return nbformat.reads(text, as_version=4)


class Pool:
    """`jobs` workers; `run` feeds them tasks and yields outcomes as they finish."""

    def __init__(self, jobs: int, *, isolated: bool = False, timeout: int = 600,
                 export: Callable[[nbformat.NotebookNode], object] | None = None) -> None:
        # `export`, a module-level function, runs in the worker on each executed notebook: its result comes back
        # as the outcome's body instead of the notebook.
        self.jobs, self.isolated, self.timeout, self.export = max(1, jobs), isolated, timeout, export
        self.context = multiprocessing.get_context("forkserver" if not isolated else "spawn")
        if not isolated:
            # The fork server imports what every worker needs once, and each worker is forked from it with all of
            # it loaded: two workers cost one import, not two side by side (a no-op once the server is running).
            self.context.set_forkserver_preload(preloaded())
        self.workers: dict[int, tuple[multiprocessing.Process, Connection]] = {}
        self.scratch: str | None = None  # the workers' temporary folder, made with the first of them
        self.sockets: str | None = None  # a short folder for their kernels' sockets, where scratch is too deep
        self._starting: threading.Thread | None = None
        self.ready: set[int] = set()  # workers that said they are ready and are running nothing
        self._waiting_calls: list[Callable[[], None]] = []  # calls made with no worker ready, first made first
        self._closing = False

    def _start(self) -> int:
        if self.scratch is None:
            self.scratch = tempfile.mkdtemp(prefix="sitrep-workers-")
            os.mkdir(os.path.join(self.scratch, IPYTHON_FOLDER))
            if self.isolated and not sockets_fit(self.scratch):
                self.sockets = tempfile.mkdtemp(prefix=POOL_SOCKETS_PREFIX, dir=SHORT_TEMPORARY)
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker_main,
                                       args=(child, self.isolated, self.timeout, os.getpid(), self.scratch,
                                             self.export, self.sockets),
                                       daemon=True)
        process.start()
        child.close()
        self.workers[process.pid] = (process, parent)
        return process.pid

    def start(self) -> None:
        """Start every worker now, before there are tasks: their imports run while the caller prepares the tasks.

        They are started from a thread, since the first start waits until the fork server has made its imports.
        """
        def starting() -> None:
            while not self._closing and len(self.workers) < self.jobs:
                self._start()

        self._starting = threading.Thread(target=starting, name="sitrep-workers", daemon=True)
        self._starting.start()

    def _started(self, timeout: float | None = None) -> None:
        """Wait for the workers `start` began (any it could not start, `run` starts itself)."""
        if self._starting is not None:
            self._starting.join(timeout)
            self._starting = None

    def run(self, tasks: Iterable[Task], on_start: Callable[[Task], None] = lambda task: None) -> Iterable[Outcome]:
        """Every page's outcome as it finishes; a worker that dies or runs past the timeout fails its page alone."""
        queue = list(tasks)
        if not queue:
            return
        self._started()
        while len(self.workers) < min(self.jobs, len(queue)):
            self._start()
        busy: dict[int, tuple[Task, float]] = {}
        idle: set[int] = set()
        waiting = len(queue)
        stillborn = 0  # workers that died before taking any page: past a few, something is broken for all
        served: set[int] = set()  # workers that ran a page to its end

        def hand_out(pid: int) -> None:
            if not queue or not self.workers[pid][0].is_alive():
                return
            try:
                self.workers[pid][1].send(queue[0])
            except (BrokenPipeError, OSError):  # it died since it last spoke: the check below replaces it
                return
            task = queue.pop(0)
            self.ready.discard(pid)
            busy[pid] = (task, time.perf_counter())
            idle.discard(pid)
            on_start(task)

        def received(pid: int, connection: Connection) -> Outcome | None:
            """The outcome of the page whose end the worker has sent, if it sent one; marks it ready either way."""
            try:
                message = connection.recv() if connection.poll() else None
            except (EOFError, OSError):
                message = None
            if message is None:
                return None
            kind, payload = message
            idle.add(pid)
            self.ready.add(pid)
            if kind != "done":
                return None
            nonlocal waiting
            key, text, body, error, seconds, executed, exported = payload
            busy.pop(pid, None)
            served.add(pid)
            waiting -= 1
            # The worker takes its next page before the caller is given this one's outcome: it runs while the
            # caller stores and reports, instead of waiting for it.
            hand_out(pid)
            return Outcome(key, _notebook(text) if text else None, error, seconds, execute=executed, body=body,
                           export=exported)

        while waiting:
            for pid in sorted(idle):
                hand_out(pid)
            wait([conn for _, conn in self.workers.values()] + [p.sentinel for p, _ in self.workers.values()],
                 timeout=1.0)
            for pid, (process, connection) in list(self.workers.items()):
                outcome = received(pid, connection)
                if outcome is not None:
                    yield outcome
            for pid, (process, connection) in list(self.workers.items()):
                timed_out = pid in busy and time.perf_counter() - busy[pid][1] > self.timeout
                if process.is_alive() and not timed_out:
                    continue
                if pid in busy and not timed_out:  # its page may have ended before it died: that page is done
                    outcome = received(pid, connection)
                    if outcome is not None:
                        yield outcome
                if timed_out:
                    self._kill(pid)
                process.join(timeout=1)
                del self.workers[pid]
                idle.discard(pid)
                self.ready.discard(pid)
                if pid not in busy and pid not in served:
                    stillborn += 1
                    if stillborn > 3 * self.jobs:
                        raise RuntimeError(f"workers keep exiting at start-up (status {process.exitcode})")
                if pid in busy:
                    task, started = busy.pop(pid)
                    waiting -= 1
                    reason = "timed out" if timed_out else f"worker exited with status {process.exitcode}"
                    from sitrep.site.execute import CellError

                    yield Outcome(task.key, None, CellError(0, "WorkerCrash", reason), time.perf_counter() - started,
                                  crashed=reason)
                if queue:
                    self._start()

    def call(self, function: Callable, *args) -> Callable[[], object]:
        """Run `function(*args)` in a ready worker while the caller goes on; returns how to wait for its result.

        Between runs only (a run reads every worker's messages). With no worker ready, the call waits its turn: it
        goes to the first worker an earlier call frees (once that call is waited for), or to one ready by the time it
        is itself waited for; with none, it runs in this process then, as it does when its worker dies or fails: the
        same result, or the same error raised here.
        """
        pid = min((pid for pid in self.ready if pid in self.workers), default=None)
        if pid is None:
            sent: list[Callable[[], object]] = []

            def send() -> None:
                sent.append(self.call(function, *args))

            self._waiting_calls.append(send)

            def wait_in_turn() -> object:
                if not sent:
                    if send in self._waiting_calls:
                        self._waiting_calls.remove(send)
                    free = any(pid in self.workers for pid in self.ready)
                    sent.append(self.call(function, *args) if free else lambda: function(*args))
                return sent[0]()

            return wait_in_turn
        connection = self.workers[pid][1]
        try:
            connection.send(Call(function, args))
        except (BrokenPipeError, OSError):
            return lambda: function(*args)
        self.ready.discard(pid)

        def wait_for_it() -> object:
            try:
                value, problem = connection.recv()[1]
            except (EOFError, OSError):
                return function(*args)
            self.ready.add(pid)
            if self._waiting_calls:  # the worker just freed takes the next call waiting its turn
                self._waiting_calls.pop(0)()
            if isinstance(problem, SitrepError):
                raise problem
            return function(*args) if problem is not None else value

        return wait_for_it

    def _kill(self, pid: int) -> None:
        """End a worker and everything under it.

        Kernels run in sessions of their own (jupyter_client starts them so), so the worker's process group alone
        would miss them.
        """
        try:
            descendants = psutil.Process(pid).children(recursive=True)
        except psutil.NoSuchProcess:
            descendants = []
        for process in descendants:
            try:
                process.kill()
            except psutil.NoSuchProcess:
                pass
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        psutil.wait_procs(descendants, timeout=2)

    def close(self, *, graceful: bool = True) -> None:
        """Stop every worker and anything it started (kernels included); at once when not `graceful`."""
        # A worker still starting is waited for a while, then left to die with the build (PR_SET_PDEATHSIG); no
        # other starts after it.
        self._closing = True
        self._started(timeout=None if graceful else 10)
        for pid, (process, connection) in list(self.workers.items()):
            try:
                connection.send(None)
            except (BrokenPipeError, OSError):
                pass
        deadline = time.monotonic() + (2 if graceful else 0)
        for pid, (process, _) in list(self.workers.items()):
            process.join(timeout=max(0.0, deadline - time.monotonic()))
            self._kill(pid)
            process.join(timeout=1)
        self.workers.clear()
        self.ready.clear()
        self._waiting_calls.clear()
        for folder in (self.scratch, self.sockets):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)  # made by this pool, for its workers alone
        self.scratch = self.sockets = None

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, exc_type, *exc) -> None:
        self.close(graceful=exc_type is None)
