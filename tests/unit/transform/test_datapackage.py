"""The clean folder read by Frictionless, as its users would: every resource valid, the HXL table included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
from frictionless import Package, validate

from sitrep.transform.datapackage import VALIDATE_COMMAND, readme


def test_frictionless_validates_every_resource_of_the_package(clean_dir):
    report = validate(str(clean_dir / "datapackage.json"))
    problems = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
    assert report.valid, problems[:5]
    files = {path.name for path in clean_dir.glob("*.csv")}
    assert {task.name for task in report.tasks} >= {"hxl_3w", "figures", "grants"}
    assert {Path(resource.path).name for resource in Package(str(clean_dir / "datapackage.json")).resources} == files


def test_the_hxl_tag_row_is_not_read_as_data(clean_dir):
    resource = Package(str(clean_dir / "datapackage.json")).get_resource("hxl_3w")
    rows = resource.read_rows()
    grants = pd.read_csv(clean_dir / "grants.csv", dtype=str)
    assert sorted(row["grant_id"] for row in rows) == sorted(grants["grant_id"])
    assert not any(str(value).startswith("#") for row in rows for value in row.values())
    reached = [row["prevention_reached"] for row in rows if row["prevention_reached"] is not None]
    assert reached and all(isinstance(value, int) for value in reached)


def test_the_synthetic_period_validates_too(synthetic_clean_dir):
    assert validate(str(synthetic_clean_dir / "datapackage.json")).valid


def test_the_readme_command_validates_the_folder(clean_dir):
    """The README's one-line frictionless command, run as written on the cleaned folder."""
    assert VALIDATE_COMMAND in readme()
    command = VALIDATE_COMMAND.replace("data/clean/", f"{clean_dir}/")
    command = command.replace(".venv/bin/", f"{Path(sys.executable).parent}/")
    done = subprocess.run(command, check=False, shell=True, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "hxl_3w" in done.stdout and "INVALID" not in done.stdout
