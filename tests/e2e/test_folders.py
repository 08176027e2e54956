"""Builds in folders people really have, through links, after a move, and with a clean table gone."""

from __future__ import annotations

import os
import shutil

import pytest

from sitrep import paths
from sitrep.files import MARKER

from sitebuild import copy_tree, sitrep, tree_digest

pytestmark = pytest.mark.slow
# Every character here was refused ("not a plain value") or broke a build in a folder someone really had.
AWKWARD = "Projects [2024] & co's #1 ~ Ünë (kopje)"


def build_in(folder, *extra: str, clean: str = "clean"):
    return sitrep("build", "--raw", str(folder / "raw"), "--clean", str(folder / clean), "--out", str(folder / "site"),
                  "--cache", str(folder / "cache"), "--notebooks", str(paths.NOTEBOOKS), "--explain", *extra)


def reused(run) -> dict[str, bool]:
    return {line.split(":")[0]: ": reused" in line for line in run.stdout.splitlines()
            if ": reused (" in line or ": rebuilt (" in line}


@pytest.fixture(scope="module")
def awkward(tmp_path_factory):
    """A project's data in an awkward folder, its site published through a link into a second awkward folder."""
    folder = tmp_path_factory.mktemp("folders") / AWKWARD
    folder.mkdir()
    copy_tree(paths.RAW, folder / "raw")
    real = folder / "published site #2"
    real.mkdir()
    (folder / "site").symlink_to(real)
    run = build_in(folder)
    assert run.returncode == 0, run.stderr
    return folder, real, run


def test_a_site_builds_in_a_folder_with_any_characters_and_through_a_link(awkward):
    folder, real, run = awkward
    assert "not a plain value" not in run.stderr
    assert (folder / "site").is_symlink() and os.readlink(folder / "site") == str(real)
    assert (real / "index.html").is_file() and (real / MARKER).is_file() and (folder / "clean" / MARKER).is_file()
    assert sorted(p.name for p in folder.iterdir()) == sorted(["raw", "clean", "cache", "site", real.name])
    assert all(not reused_page for reused_page in reused(run).values())


def test_a_moved_project_and_another_clean_folder_reuse_every_page(awkward, tmp_path):
    folder, real, first = awkward
    moved = tmp_path / "moved elsewhere [2]"
    moved.mkdir()
    for name in ("raw", "clean", "cache"):
        copy_tree(folder / name, moved / name)
    run = build_in(moved)
    assert run.returncode == 0, run.stderr
    pages = reused(run)
    assert pages and all(pages.values()), run.stdout
    assert tree_digest(moved / "site") == tree_digest(real)

    run = build_in(moved, clean="another clean")  # a --clean never used before: cleaned, then every page reused
    assert run.returncode == 0, run.stderr
    assert "received other values" not in run.stderr and all(reused(run).values()), run.stdout
    assert tree_digest(moved / "site") == tree_digest(real)


def test_a_deleted_clean_table_is_written_again_and_no_page_fails(awkward, tmp_path):
    folder, real, _ = awkward
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("raw", "clean", "cache"):
        copy_tree(folder / name, copy / name)
    (copy / "clean" / "figures.csv").unlink()
    run = build_in(copy)
    assert run.returncode == 0, run.stderr
    assert "clean tables reused" not in run.stderr and "clean:" in run.stderr and "written" in run.stderr, run.stderr
    assert (copy / "clean" / "figures.csv").is_file()
    assert tree_digest(copy / "site") == tree_digest(real)

    # A table edited by hand is no longer the one the pages were built from: cleaned again, pages reused.
    shutil.copyfile(copy / "clean" / "grants.csv", copy / "clean" / "figures.csv")
    run = build_in(copy)
    assert run.returncode == 0, run.stderr
    assert tree_digest(copy / "site") == tree_digest(real)
