"""A notebook's relative paths are found from the project's root, from notebooks/, or from anywhere else."""

import pytest

from sitrep import paths


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A second copy of the project's layout, with clean tables of its own."""
    root = tmp_path / "project"
    (root / "lib" / "sitrep").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'sitrep'\n")
    (root / "data" / "clean").mkdir(parents=True)
    (root / "notebooks").mkdir()
    monkeypatch.delenv(paths.PROJECT_VARIABLE, raising=False)
    return root


def test_from_the_root_and_from_notebooks_the_same_folder_is_found(project, monkeypatch):
    for where in (project, project / "notebooks"):
        monkeypatch.chdir(where)
        assert paths.project_path("data/clean") == (project / "data" / "clean").resolve()


def test_from_elsewhere_the_named_project_wins_then_the_installed_one(project, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert paths.project_path("data/clean") == (paths.PROJECT / "data" / "clean").resolve()
    monkeypatch.setenv(paths.PROJECT_VARIABLE, str(project))
    assert paths.project_path("data/clean") == (project / "data" / "clean").resolve()


def test_a_folder_beside_the_working_folder_comes_first_and_absolute_paths_stay(project, tmp_path, monkeypatch):
    monkeypatch.chdir(project / "notebooks")
    (project / "notebooks" / "data" / "clean").mkdir(parents=True)
    assert paths.project_path("data/clean") == (project / "notebooks" / "data" / "clean").resolve()
    assert paths.project_path(tmp_path / "x") == tmp_path / "x"
