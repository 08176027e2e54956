"""notebooks/00_clean runs the same cleaning as `sitrep clean`, with papermill parameters."""

import hashlib

import papermill
import pytest

from sitrep import paths
from sitrep.site.execute import ProjectKernelManager
from sitrep.transform.run import run_clean

pytestmark = pytest.mark.slow


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_clean_notebook_writes_what_the_command_writes(tmp_path):
    by_command, by_notebook = tmp_path / "command", tmp_path / "notebook"
    run_clean(paths.RAW, by_command)
    papermill.execute_notebook(
        str(paths.NOTEBOOKS / "00_clean.ipynb"), str(tmp_path / "out.ipynb"),
        parameters={"raw_dir": str(paths.RAW), "clean_dir": str(by_notebook)}, cwd=str(paths.NOTEBOOKS),
        kernel_name="python3", kernel_manager_class=ProjectKernelManager, progress_bar=False,
    )
    assert digest(by_notebook) == digest(by_command)
