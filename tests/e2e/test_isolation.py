"""Kernels never read the user's IPython profile: startup files in ~/.ipython do not run in any build."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from sitrep import paths

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("mode", ["--isolated", "--jobs=1"])
def test_a_users_ipython_startup_files_never_run(tmp_path, mode):
    home = tmp_path / "home"
    startup = home / ".ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    ran = tmp_path / "startup-ran"
    (startup / "00-mine.py").write_text(f"open({str(ran)!r}, 'w').write('ran')\n")
    env = {key: value for key, value in os.environ.items() if key not in ("IPYTHONDIR", "JUPYTER_CONFIG_DIR")}
    env["HOME"] = str(home)
    run = subprocess.run([sys.executable, "-m", "sitrep", "build", "--clean", str(tmp_path / "clean"), "--out",
                          str(tmp_path / "site"), "--cache", str(tmp_path / "cache"), "--district", "Berat", mode],
                         capture_output=True, text=True, timeout=900, cwd=paths.PROJECT, env=env)
    assert run.returncode == 0, run.stderr
    assert not ran.exists(), "a startup file of the user's IPython profile ran in a build"
    assert sorted(p.name for p in (home / ".ipython").iterdir()) == ["profile_default"], "the profile was written to"
