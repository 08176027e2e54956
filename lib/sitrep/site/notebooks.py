"""The notebooks as committed: paired with their py:percent text, with no outputs, with the real run's defaults.

`python -m sitrep.site.notebooks` lists what is wrong, one line each, and exits 1; with `--fix` it first strips
outputs and brings each pair in step (the newer file wins), leaving changed defaults for a person to put back.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

import nbformat

from sitrep import paths
from sitrep.report.edition import DEFAULT_MIN_CELL, LATEST_PERIOD
from sitrep.site.frame import chapter_rows

TEXT_FORMAT = "py:percent"
KEPT_CELL_METADATA = ("tags",)
# What the committed parameters cells hold: the real run from the project's root, whatever an analyst tried last.
COMMON_DEFAULTS = {"clean_dir": "data/clean", "raw_dir": "data/raw", "period": LATEST_PERIOD, "lang": "sq",
                   "audience": "public", "min_cell": DEFAULT_MIN_CELL}
DISTRICT_DEFAULTS = {"page": "", "district": "Korçë"}


def committed_defaults(notebook: Path) -> dict[str, object]:
    """The defaults a notebook's parameters cell must hold when committed."""
    for row in chapter_rows(paths.NOTEBOOKS):
        if row["notebook"] == notebook.name:
            return {**COMMON_DEFAULTS, **(DISTRICT_DEFAULTS if row["per"] == "qark" else {"page": row["slug"]})}
    return dict(COMMON_DEFAULTS)


def parameters_cell(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode | None:
    """The cell tagged `parameters`, where papermill injects its values after."""
    return next((cell for cell in notebook.cells if "parameters" in cell.get("metadata", {}).get("tags", [])), None)


def parameter_problems(path: Path, notebook: nbformat.NotebookNode) -> list[str]:
    """Each parameter typed (`name: type = value`), explained by a trailing comment, and at its committed default."""
    import papermill

    cell = parameters_cell(notebook)
    if cell is None:
        return [f"{path}: no cell tagged 'parameters'"]
    problems = []
    tree = ast.parse(cell.source)
    expected = committed_defaults(path)
    described = papermill.inspect_notebook(str(path))
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names = [target.id for target in node.targets if isinstance(target, ast.Name)]
            problems += [f"{path}: parameters: {name} has no type (write `{name}: type = value  # meaning`)"
                         for name in names]
            continue
        if not isinstance(node, ast.AnnAssign) or not isinstance(node.target, ast.Name):
            problems.append(f"{path}: parameters: line {node.lineno} is not a parameter (only `name: type = value`)")
            continue
        name = node.target.id
        if not (described.get(name) or {}).get("help"):
            problems.append(f"{path}: parameters: {name} has no explanation (end its line with `# meaning`)")
        try:
            value = ast.literal_eval(node.value) if node.value is not None else None
        except ValueError:
            problems.append(f"{path}: parameters: {name} is not a plain value")
            continue
        if name in expected and value != expected[name]:
            problems.append(f"{path}: parameters: {name} = {value!r}; the committed default is {expected[name]!r} "
                            "(put it back: pass other values with papermill -p or sitrep build)")
    return problems


def output_problems(path: Path, notebook: nbformat.NotebookNode) -> list[str]:
    """Outputs, execution counts and cell metadata other than tags: what a run in JupyterLab leaves behind."""
    problems = []
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None):
            problems.append(f"{path}: cell {number}: has outputs (commit notebooks without them)")
        extra = set(cell.get("metadata", {})) - set(KEPT_CELL_METADATA)
        if extra:
            problems.append(f"{path}: cell {number}: metadata {', '.join(sorted(extra))} (only tags are committed)")
    return problems


def shape(notebook: nbformat.NotebookNode) -> list[tuple[str, str, tuple[str, ...]]]:
    """What a pair must agree on: each cell's kind, text and tags."""
    return [(cell.cell_type, cell.source.strip(), tuple(cell.get("metadata", {}).get("tags", [])))
            for cell in notebook.cells]


def pair_problems(path: Path, notebook: nbformat.NotebookNode) -> list[str]:
    """The notebook and its py:percent text must hold the same cells."""
    import jupytext

    text = path.with_suffix(".py")
    if not text.is_file():
        return [f"{path}: no paired {text.name} (run `jupytext --sync {path}`)"]
    if shape(jupytext.read(text)) != shape(notebook):
        return [f"{path}: differs from {text.name} (run `jupytext --sync {path}`; the newer file wins)"]
    return []


def problems(notebooks: list[Path]) -> list[str]:
    """Everything that keeps these notebooks from being committed as they are."""
    found = []
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        found += output_problems(path, notebook) + pair_problems(path, notebook) + parameter_problems(path, notebook)
    return found


def strip(path: Path) -> bool:
    """Remove outputs, execution counts and all cell metadata but tags; True if the file changed."""
    before = path.read_text(encoding="utf-8")
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        cell.metadata = {key: value for key, value in cell.get("metadata", {}).items() if key in KEPT_CELL_METADATA}
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    notebook.metadata.pop("widgets", None)
    notebook.metadata.pop("papermill", None)
    after = nbformat.writes(notebook) + "\n"
    if after != before:
        path.write_text(after, encoding="utf-8")
    return after != before


def sync(path: Path) -> None:
    """Bring a notebook and its text file in step, the newer one winning (jupytext's own rule)."""
    from jupytext.cli import jupytext as jupytext_cli

    jupytext_cli(["--sync", "--quiet", str(path)])


def notebooks_in(arguments: list[str]) -> list[Path]:
    """The notebooks named (a .py names its pair), or every notebook of the project."""
    chosen = {Path(a).with_suffix(".ipynb") for a in arguments if a.endswith((".ipynb", ".py"))} if arguments else set()
    every = sorted(paths.NOTEBOOKS.glob("*.ipynb"))
    return sorted(p for p in chosen if p.is_file()) if arguments else every


def main(argv: list[str] | None = None) -> int:
    """Check (and with --fix, tidy) the notebooks; exit 1 while anything is left for a person to do."""
    parser = argparse.ArgumentParser(prog="python -m sitrep.site.notebooks", description=__doc__.splitlines()[0])
    parser.add_argument("--fix", action="store_true", help="strip outputs and sync each pair before checking")
    parser.add_argument("files", nargs="*", help="notebooks or their .py files (default: every notebook in notebooks/)")
    arguments = parser.parse_args(argv)
    chosen = notebooks_in(arguments.files)
    if arguments.fix:
        for path in chosen:
            if path.with_suffix(".py").is_file() and path.with_suffix(".py").stat().st_mtime > path.stat().st_mtime:
                sync(path)  # the text was edited last: it carries the change
            strip(path)
            sync(path)
    found = problems(chosen)
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
