"""Where the project keeps things; every command takes these as defaults and lets the user override them."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
RAW = PROJECT / "data" / "raw"
CLEAN = PROJECT / "data" / "clean"
REFERENCE = PROJECT / "data" / "reference"
NOTEBOOKS = PROJECT / "notebooks"
OUTPUTS = PROJECT / "outputs"
# Set to the project's folder to run its notebooks from anywhere with another copy of sitrep installed.
PROJECT_VARIABLE = "SITREP_PROJECT"


def is_project(folder: Path) -> bool:
    """A folder holding sitrep's own layout."""
    return (folder / "pyproject.toml").is_file() and (folder / "lib" / "sitrep").is_dir()


def project_roots(start: Path | None = None) -> list[Path]:
    """Where a relative project path may live, first match wins.

    SITREP_PROJECT, then the project holding the working folder (papermill may run from the root, from
    notebooks/ or from a subfolder), then this package's own project.
    """
    roots = []
    if os.environ.get(PROJECT_VARIABLE):
        roots.append(Path(os.environ[PROJECT_VARIABLE]).expanduser())
    here = (start or Path.cwd()).resolve()
    roots += [folder for folder in (here, *here.parents) if is_project(folder)][:1]
    roots.append(PROJECT)
    return list(dict.fromkeys(roots))


def project_path(value: str | os.PathLike, start: Path | None = None) -> Path:
    """A path as a notebook parameter gives it, found from any working folder.

    An absolute path is kept; a relative one is the first of the working folder and the project roots where it
    exists or, if it exists nowhere, the one inside the first project root.
    """
    path = Path(value).expanduser()
    if path.is_absolute():
        return path
    candidates = [(start or Path.cwd()) / path, *(root / path for root in project_roots(start))]
    for candidate in candidates:
        if candidate.exists():
            return candidate.resolve()
    return (project_roots(start)[0] / path).resolve()
