"""Extending the report touches only the files the README names: a chapter is a notebook and a registry row,
a measure is one row of the metric registry. Each is done here on a copy, and the built site shows it."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep import paths

from sitebuild import copy_tree, edition_folder, only_period

pytestmark = pytest.mark.slow


def test_a_chapter_is_a_notebook_and_a_row_of_the_registry(probe_site):
    # probe_site (conftest.py) adds 08_second_look.ipynb, a copy of the summary, and its row to chapters.csv
    run = probe_site
    assert run.returncode == 0, run.stderr
    page = run.out / "second-look.html"
    assert page.is_file()
    assert 'href="second-look.html"' in (run.out / "index.html").read_text(encoding="utf-8")
    assert 'href="second-look.html"' in (run.out / "grants.html").read_text(encoding="utf-8")  # in every page's menu


def project_copy(target: Path) -> Path:
    """The project's code, reference data and notebooks, as a developer's checkout would hold them."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for part in ("lib", "notebooks", "data/reference"):
        shutil.copytree(paths.PROJECT / part, target / part, ignore=ignore)
    shutil.copyfile(paths.PROJECT / "requirements.lock", target / "requirements.lock")
    return target


def test_a_measure_is_one_row_of_the_metric_registry(tmp_path):
    project = project_copy(tmp_path / "project")
    registry = project / "lib" / "sitrep" / "transform" / "metrics.csv"
    with open(registry, "a", encoding="utf-8") as handle:
        handle.write("people_referred,people,false,5,#56B4E9,#reached+referred,persona të referuar,people referred,"
                     "Persona të referuar,People referred\n")
    raw = copy_tree(paths.RAW, tmp_path / "raw")
    figures_file = next(raw.rglob("figures.csv"))
    with open(figures_file, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, figures = reader.fieldnames, list(reader)
    # A printed figure read again as the new measure: its quote and value stay those of the report.
    trained = next(row for row in figures if row["metric"] == "people_trained" and row["is_target"] == "false")
    with open(figures_file, "a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writerow({**trained, "metric": "people_referred"})
    env = {**os.environ, "PYTHONPATH": str(project / "lib")}
    out, clean = tmp_path / "site", tmp_path / "clean"
    result = subprocess.run(
        [sys.executable, "-m", "sitrep", "build", "--raw", str(raw), "--clean", str(clean), "--out", str(out),
         "--cache", str(tmp_path / "cache"), "--district", "Berat", "--lang", "en"],
        capture_output=True, text=True, env=env, cwd=project, timeout=900)
    assert result.returncode == 0, result.stderr
    with open(clean / "figures.csv", encoding="utf-8", newline="") as handle:
        referred = [row for row in csv.DictReader(handle) if row["metric"] == "people_referred"]
    assert len(referred) == 1 and referred[0]["metric_kind"] == "people" and referred[0]["victim_related"] == "false"
    out = out / edition_folder(only_period(raw), "--lang", "en")
    summary = (out / "summary.html").read_text(encoding="utf-8")
    assert "people referred" in summary  # a headline card of its own, labelled from the registry
    assert "People referred" in (out / "grants.html").read_text(encoding="utf-8")  # a panel of the reach chart
