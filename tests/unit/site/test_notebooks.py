"""The committed notebooks: paired with py:percent text, no outputs, typed parameters at the real run's defaults."""

import shutil

import nbformat
import papermill
import pytest

from sitrep import paths
from sitrep.site import notebooks

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.ipynb"))


def test_every_committed_notebook_is_clean_paired_and_at_its_defaults():
    assert NOTEBOOKS, "no notebooks found"
    assert notebooks.problems(NOTEBOOKS) == []


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_papermill_describes_every_parameter_with_a_type_and_a_meaning(notebook):
    described = papermill.inspect_notebook(str(notebook))
    assert described, f"{notebook.name}: no parameters"
    for name, about in described.items():
        assert about["inferred_type_name"] in ("str", "int", "bool", "float"), (name, about)
        assert len(about["help"]) > 10, (name, about)


def test_language_parameter_names_its_choices():
    about = papermill.inspect_notebook(str(paths.NOTEBOOKS / "04_grants.ipynb"))["lang"]
    assert (about["inferred_type_name"], about["default"]) == ("str", '"sq"')
    assert "sq or en" in about["help"]


@pytest.fixture
def copy(tmp_path):
    """04_grants, its text file and the folder's pairing, copied where a test may spoil them."""
    for name in ("04_grants.ipynb", "04_grants.py", "jupytext.toml"):
        shutil.copyfile(paths.NOTEBOOKS / name, tmp_path / name)
    return tmp_path / "04_grants.ipynb"


def saved_after_a_run_in_lab(path):
    """What JupyterLab saves after Run All with lang changed: outputs, counts, timing metadata, a new default."""
    notebook = nbformat.read(path, as_version=4)
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type == "code":
            cell.execution_count = number
            cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<p>14,5 KB of chart</p>"})]
            cell.metadata["execution"] = {"iopub.status.idle": "2026-01-01T00:00:00Z"}
        if "parameters" in cell.metadata.get("tags", []):
            cell.source = cell.source.replace('lang: str = "sq"', 'lang: str = "en"')
    nbformat.write(notebook, path)


def test_outputs_changed_defaults_and_a_stale_pair_are_each_named(copy):
    saved_after_a_run_in_lab(copy)
    found = notebooks.problems([copy])
    assert any("has outputs" in line for line in found)
    assert any("metadata execution" in line for line in found)
    assert any("lang = 'en'; the committed default is 'sq'" in line for line in found)
    assert any("differs from 04_grants.py" in line for line in found)


def test_an_untyped_or_unexplained_parameter_is_named(copy):
    notebook = nbformat.read(copy, as_version=4)
    cell = notebooks.parameters_cell(notebook)
    cell.source = cell.source.replace('lang: str = "sq"  # edition language: sq or en', 'lang = "sq"').replace(
        "min_cell: int = 10  # a public edition hides victim counts below this number (1 to 1000)",
        "min_cell: int = 10")
    nbformat.write(notebook, copy)
    found = notebooks.parameter_problems(copy, nbformat.read(copy, as_version=4))
    assert any("lang has no type" in line for line in found)
    assert any("min_cell has no explanation" in line for line in found)


def test_fix_strips_outputs_and_syncs_the_text_but_leaves_a_changed_default_to_a_person(copy, capsys):
    saved_after_a_run_in_lab(copy)
    assert notebooks.main(["--fix", str(copy)]) == 1
    left = capsys.readouterr().err.strip().splitlines()
    assert len(left) == 1 and "lang = 'en'" in left[0], left
    stripped = nbformat.read(copy, as_version=4)
    assert all(not cell.get("outputs") for cell in stripped.cells)
    assert 'lang: str = "en"' in copy.with_suffix(".py").read_text(encoding="utf-8")
