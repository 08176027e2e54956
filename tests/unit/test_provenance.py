"""Where a build came from: digests that follow content, not the folder a tree lies in."""

from __future__ import annotations

import json
import shutil

import pytest

from sitrep import provenance
from sitrep.files import MARKER, sha256


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "a" / "project"
    (root / "source").mkdir(parents=True)
    (root / "grants.csv").write_text("grant_id\nvatra-1\n", encoding="utf-8")
    (root / "source" / "report.txt").write_text("Raporti\n", encoding="utf-8")
    return root


def files_of(folder):
    return [p for p in folder.rglob("*") if p.is_file()]


def test_digest_is_independent_of_where_the_tree_lives(tree, tmp_path):
    moved = tmp_path / "elsewhere" / "copy"
    shutil.copytree(tree, moved)
    assert provenance.digest_files(files_of(tree), tree) == provenance.digest_files(files_of(moved), moved)


def test_digest_is_independent_of_the_order_files_are_listed(tree):
    files = files_of(tree)
    assert provenance.digest_files(files, tree) == provenance.digest_files(list(reversed(files)), tree)


def test_digest_changes_with_a_content_or_a_name(tree):
    before = provenance.digest_files(files_of(tree), tree)
    (tree / "grants.csv").write_text("grant_id\nvatra-2\n", encoding="utf-8")
    edited = provenance.digest_files(files_of(tree), tree)
    assert edited != before
    (tree / "grants.csv").rename(tree / "figures.csv")
    assert provenance.digest_files(files_of(tree), tree) != edited


def test_digest_mapping_ignores_key_order():
    assert provenance.digest_mapping({"a": "1", "b": "2"}) == provenance.digest_mapping({"b": "2", "a": "1"})
    assert provenance.digest_mapping({"a": "1"}) != provenance.digest_mapping({"a": "2"})


def test_clean_inputs_name_raw_and_reference_files_by_role(tree, tmp_path):
    reference = tmp_path / "reference"
    (reference / "geo").mkdir(parents=True)
    (reference / "gazetteer.csv").write_text("form\n", encoding="utf-8")
    (reference / "geo" / "qarqe.geojson").write_text("{}", encoding="utf-8")
    (reference / "README.md").write_text("docs", encoding="utf-8")
    inputs = provenance.clean_inputs(tree, reference)
    assert set(inputs) == {"raw/grants.csv", "raw/source/report.txt", "reference/gazetteer.csv",
                           "reference/geo/qarqe.geojson"}
    assert inputs["raw/grants.csv"] == sha256(tree / "grants.csv")


def test_clean_is_current_until_an_input_an_output_or_a_package_changes(tree, tmp_path, monkeypatch):
    reference, clean = tmp_path / "reference", tmp_path / "clean"
    reference.mkdir()
    clean.mkdir()
    (reference / "gazetteer.csv").write_text("form\n", encoding="utf-8")
    (clean / "grants.csv").write_text("grant_id\n", encoding="utf-8")
    (clean / MARKER).write_text("made\n", encoding="utf-8")
    outputs = provenance.clean_outputs(clean)
    assert set(outputs) == {"grants.csv"}  # the marker is not an output
    record = {"inputs": provenance.clean_inputs(tree, reference), "code": provenance.code_digest(),
              "lock": provenance.lock_digest(), "outputs": outputs}
    (clean / provenance.PROVENANCE_FILE).write_text(json.dumps(record), encoding="utf-8")
    assert provenance.clean_is_current(tree, clean, reference)

    with monkeypatch.context() as patched:  # another locked version of a package may clean differently
        patched.setattr(provenance, "lock_digest", lambda: "0" * 64)
        assert not provenance.clean_is_current(tree, clean, reference)
    assert provenance.clean_is_current(tree, clean, reference)

    (clean / "grants.csv").write_text("grant_id\nedited\n", encoding="utf-8")
    assert not provenance.clean_is_current(tree, clean, reference)
    (clean / "grants.csv").write_text("grant_id\n", encoding="utf-8")
    (tree / "grants.csv").write_text("grant_id\nvatra-9\n", encoding="utf-8")
    assert not provenance.clean_is_current(tree, clean, reference)


def test_clean_is_not_current_without_a_provenance_file(tree, tmp_path):
    assert not provenance.clean_is_current(tree, tmp_path, tmp_path)


def test_code_digest_is_stable_between_calls():
    # read again each time, past the run's memo: the same files give the same digest, in whatever order listed
    first = provenance.code_digest.__wrapped__()
    assert first == provenance.code_digest.__wrapped__() == provenance.code_digest() and len(first) == 64


def test_commit_outside_git_is_unknown(tmp_path):
    assert provenance.commit(tmp_path) == "unknown"


def test_versions_name_installed_packages():
    found = provenance.versions()
    assert set(found) <= set(provenance.PACKAGES)
    assert "pandas" in found and found["pandas"][0].isdigit()
