"""Run one parameterized notebook: in a warm interpreter (the default) or in its own kernel (--isolated).

Both start from the notebook as papermill parameterizes it, so the injected parameters override the
defaults the same way, and both return the executed notebook with the same outputs.
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager

from sitrep.site.kernel import KERNEL_SOCKETS_PREFIX, PARENT_VARIABLE, SHORT_TEMPORARY, SOCKETS_VARIABLE, sockets_fit


@dataclass
class CellError:
    """Where a notebook failed, for the banner on its page."""

    cell: int  # 1-based position among the notebook's own cells (papermill's injected cell not counted)
    name: str
    message: str
    code: str = ""  # the failing cell's first line, so that an analyst finds it at a glance


def cell_error(notebook: nbformat.NotebookNode, index: int, name: str, message: str) -> CellError:
    """Describe a failure at `index` of the executed notebook in terms of the notebook as the analyst sees it."""
    injected = [i for i, cell in enumerate(notebook.cells) if "injected-parameters" in cell.metadata.get("tags", [])]
    number = index + 1 - sum(1 for i in injected if i < index)
    lines = notebook.cells[index].source.strip().splitlines() if 0 <= index < len(notebook.cells) else []
    first = lines[0] if lines else ""
    return CellError(number, name, message, first if len(first) <= 80 else first[:77] + "...")


def parameterize(notebook: Path, parameters: dict) -> nbformat.NotebookNode:
    """The notebook with papermill's injected-parameters cell, not yet run."""
    return papermill.execute_notebook(
        str(notebook), None, parameters=parameters, prepare_only=True, progress_bar=False, kernel_name="python3",
        language="python",
    )


class ProjectKernelManager(AsyncKernelManager):
    """A kernel of this interpreter, whatever the user's Jupyter kernelspecs say, reached over Unix sockets.

    Over TCP, the manager picks free ports and the kernel binds them a moment later: a kernel another build or job
    starts in between can take one, and the page fails ("Address already in use"). Sockets in a private folder
    cannot collide, and are not readable by the machine's other users.
    """

    def __init__(self, **settings) -> None:
        super().__init__(**{"transport": "ipc", **settings})

    def _ip_default(self) -> str:  # for ipc, jupyter_client's "ip" is the sockets' path less their "-N"
        parent = tempfile.gettempdir()
        if not sockets_fit(parent):  # a deep TMPDIR: the short folder of the worker's pool, or the system's own
            parent = os.environ.get(SOCKETS_VARIABLE) or SHORT_TEMPORARY
        self.socket_folder = tempfile.mkdtemp(prefix=KERNEL_SOCKETS_PREFIX, dir=parent)
        return os.path.join(self.socket_folder, "kernel")

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        folder = getattr(self, "socket_folder", None)
        if folder and not restart:
            shutil.rmtree(folder, ignore_errors=True)  # made by this manager, for this kernel's sockets alone

    @property
    def kernel_spec(self) -> KernelSpec:
        """This interpreter's ipykernel, ignoring the kernelspecs in the user's Jupyter folders."""
        return KernelSpec(
            argv=[sys.executable, "-m", "sitrep.site.kernel", "-f", "{connection_file}"],
            display_name="sitrep", language="python",
            env={"PYDEVD_DISABLE_FILE_VALIDATION": "1", PARENT_VARIABLE: str(os.getpid())},
        )


def run_in_kernel(
    notebook: Path, parameters: dict, cwd: Path, timeout: int
) -> tuple[nbformat.NotebookNode, CellError | None]:
    """The plain path: papermill with a fresh kernel for this one notebook."""
    with tempfile.TemporaryDirectory(prefix="sitrep-run-") as scratch:
        output = Path(scratch) / notebook.name
        try:
            # The kernel is ended outright once the last cell's outputs are in, rather than asked to shut down: asked,
            # ipykernel 7.4 may flush its streams after closing its sockets and print a traceback (ENOTSOCK) to the
            # build's terminal. A kernel of one notebook holds nothing that a graceful shutdown would save.
            executed = papermill.execute_notebook(
                str(notebook), str(output), parameters=parameters, progress_bar=False, kernel_name="python3",
                language="python", cwd=str(cwd), kernel_manager_class=ProjectKernelManager, execution_timeout=timeout,
                shutdown_kernel="immediate",
            )
            return executed, None
        except papermill.PapermillExecutionError as error:
            executed = nbformat.read(output, as_version=4)
            return executed, cell_error(executed, error.cell_index, error.ename, str(error.evalue))


# Every many pages the frozen objects are unfrozen and collected, so that cycles among them that became garbage
# later (a memo entry dropped) are freed: one full collection every COLLECT_EVERY pages.
COLLECT_EVERY = 64


def settle(everything: bool = False) -> None:
    """Free what the last page left as garbage, and keep what it left alive out of later collections.

    A warm worker holds hundreds of thousands of long-lived objects (pandas, plotly, sitrep, the memo), and a
    collection of the oldest generation walks all of them (a quarter of a second). Frozen (gc.freeze, which costs
    nothing), they are skipped: the collection here walks only what was made since the last freeze, the previous
    page's few thousand objects, and frees its cycles in a few milliseconds. With `everything`, the frozen ones too.
    """
    if everything:
        gc.unfreeze()
    gc.collect()
    gc.freeze()


@contextmanager
def _no_full_collection():
    """IPython's reset ends with gc.collect() (displayhook.flush): skip it, the shell collects on its own schedule."""
    collect = gc.collect
    gc.collect = lambda generation=2: 0
    try:
        yield
    finally:
        gc.collect = collect


class WarmShell:
    """An IPython shell kept alive between notebooks: imports are paid once, each page gets a fresh namespace."""

    def __init__(self) -> None:
        from IPython.core.interactiveshell import InteractiveShell
        from traitlets.config import Config

        self.since_full = COLLECT_EVERY  # pages since the last full collection: the first page makes one
        # No history database: a page's cells are never recalled, and each new session was a write to disk.
        self.shell = InteractiveShell.instance(config=Config(HistoryManager={"enabled": False}), colors="nocolor")
        # Results are taken from run_cell, not printed: a page's outputs must not depend on a terminal.
        self.shell.displayhook.write_output_prompt = lambda: None
        self.shell.displayhook.write_format_data = lambda *args, **kwargs: None

    def run(self, notebook: Path, parameters: dict, cwd: Path) -> tuple[nbformat.NotebookNode, CellError | None]:
        """Run the notebook with papermill's parameters in a fresh namespace; the executed notebook and any failure."""
        from IPython.utils.capture import capture_output

        nb = parameterize(notebook, parameters)
        self._fresh_namespace()
        previous = os.getcwd()
        os.chdir(cwd)
        try:
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                started = time.perf_counter()
                with capture_output(stdout=True, stderr=True, display=True) as captured:
                    result = self.shell.run_cell(cell.source, store_history=False, silent=False)
                cell.outputs = _outputs(captured, result, self.shell)
                cell.metadata.setdefault("papermill", {})["duration"] = time.perf_counter() - started
                error = result.error_before_exec or result.error_in_exec
                if error is not None:
                    cell.outputs.append(_output("error", ename=type(error).__name__, evalue=str(error), traceback=[]))
                    return nb, cell_error(nb, index, type(error).__name__, str(error))
            return nb, None
        finally:
            os.chdir(previous)

    def _fresh_namespace(self) -> None:
        """Nothing of the previous page survives: its variables, outputs and history are dropped."""
        with _no_full_collection():
            self.shell.reset(new_session=True, aggressive=False)
        self.shell.user_ns.pop("page", None)
        self.since_full += 1
        self.settle(everything=self.since_full >= COLLECT_EVERY)

    def settle(self, everything: bool = False) -> None:
        """Collect what the last page left (`everything`: all, e.g. once a worker's imports are done), then freeze."""
        settle(everything)
        if everything:
            self.since_full = 0


def _output(output_type: str, **fields) -> nbformat.NotebookNode:
    """nbformat.v4.new_output's output, not validated alone: a notebook is validated whole where it is written out."""
    defaults = {"stream": {"name": "stdout", "text": ""},
                "display_data": {"metadata": {}, "data": {}},
                "execute_result": {"metadata": {}, "data": {}, "execution_count": None},
                "error": {"ename": "NotImplementedError", "evalue": "", "traceback": []}}[output_type]
    return nbformat.from_dict({"output_type": output_type, **defaults, **fields})


def _outputs(captured, result, shell) -> list:
    outputs = []
    if captured.stdout:
        outputs.append(_output("stream", name="stdout", text=captured.stdout))
    if captured.stderr:
        outputs.append(_output("stream", name="stderr", text=captured.stderr))
    for rich in captured.outputs:
        outputs.append(_output("display_data", data=rich.data, metadata=rich.metadata or {}))
    if result.result is not None:
        data, metadata = shell.display_formatter.format(result.result)
        outputs.append(_output("execute_result", data=data, metadata=metadata, execution_count=None))
    return outputs
