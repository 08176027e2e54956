"""The command's errors: one line, the file named, exit 2 for usage and 1 for data, never a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from sitrep import cli, paths
from sitrep.transform import run


def copy_raw(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW, raw)
    return raw


def test_a_22_digit_number_names_its_row_and_no_internal_text(tmp_path, capsys):
    raw = copy_raw(tmp_path)
    lines = (raw / "kvktnj-2006" / "figures.csv").read_text(encoding="utf-8").split("\n")
    cells = lines[5].split(",")
    cells[2] = "1234567890123456789012"
    lines[5] = ",".join(cells)
    (raw / "kvktnj-2006" / "figures.csv").write_text("\n".join(lines), encoding="utf-8")
    assert cli.main(["clean", "--raw", str(raw), "--clean", str(tmp_path / "clean")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].endswith("figures.csv:6: value: '1234567890123456789012' is larger than any count "
                           "(at most 1,000,000,000,000) (check the digits)"), err
    assert "Error" not in err[0] and len(err) == 2 and not (tmp_path / "clean").exists()


def test_a_full_disk_names_the_folder_being_written_and_keeps_the_old_one(tmp_path, monkeypatch, capsys):
    clean = tmp_path / "clean"
    run.run_clean(paths.RAW, clean)
    before = {p.name: p.read_bytes() for p in clean.iterdir()}
    def write_to_a_full_disk(frame, path):  # the real error of a full disk: ENOSPC, and no file name with it
        with open("/dev/full", "w") as full:
            full.write("x" * 65536)
    monkeypatch.setattr(run, "write_table", write_to_a_full_disk)
    assert cli.main(["clean", "--clean", str(clean)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"sitrep: {clean}: No space left on device; nothing was replaced (free some space and run again)"
    assert {p.name: p.read_bytes() for p in clean.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean"]


@pytest.mark.parametrize("period", ["0000-01:9999-12", "1000-01:2006-07", "2005-01:9999-12"])
def test_a_period_beyond_the_dates_tables_hold_is_a_usage_error(period, capsys):
    assert cli.main(["build", "--period", period, "--out", "/nonexistent/site"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"--period '{period}'") and "internal error" not in err and "\n" not in err


# What each command loads before answering: the data libraries take most of a second to import.
ANSWER_THEN_LIST_LOADED = """import json, sys
from sitrep import cli
status = cli.main(json.loads(sys.argv[1]))
loaded = [name for name in ("pandas", "pandera", "pyarrow", "papermill") if name in sys.modules]
print(json.dumps([status, loaded]))
"""


@pytest.mark.parametrize("arguments", [["clean", "--raw", "{missing}", "--clean", "{clean}"],
                                       ["clean", "--clean", "data"],
                                       ["build", "--raw", "{missing}", "--out", "{out}"]])
def test_a_folder_refused_is_answered_before_any_data_library_loads(arguments, tmp_path):
    folders = {"missing": tmp_path / "no such folder", "clean": tmp_path / "clean", "out": tmp_path / "site"}
    argv = [part.format(**folders) for part in arguments]
    run = subprocess.run([sys.executable, "-c", ANSWER_THEN_LIST_LOADED, json.dumps(argv)], capture_output=True,
                         text=True, cwd=paths.PROJECT, timeout=60)
    status, loaded = json.loads(run.stdout)
    assert status == 2 and len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert ("no such folder of raw tables" in run.stderr) == ("{missing}" in arguments)
    assert loaded == [] and not any(path.exists() for path in folders.values())
