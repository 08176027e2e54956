"""Kernels never read the user's IPython profile: startup files in ~/.ipython do not run in any build."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def startup_never_ran(tmp: Path, run) -> None:
    """The build in tmp succeeded, and the user's IPython startup file never ran nor was the profile written to."""
    assert run.returncode == 0, run.stderr
    assert not (tmp / "startup-ran").exists(), "a startup file of the user's IPython profile ran in a build"
    profile = sorted(p.name for p in (tmp / "home" / ".ipython").iterdir())
    assert profile == ["profile_default"], "the profile was written to"


def test_a_users_ipython_startup_files_never_run_in_isolated_kernels(isolated_site):
    # isolated_site (conftest.py) is built with the user's environment of sitebuild.user_environment
    startup_never_ran(isolated_site.root.parent, isolated_site)


def test_a_users_ipython_startup_files_never_run_in_warm_workers(probe_site):
    # probe_site (conftest.py) is built by a warm worker in the user's environment, with a TMPDIR of its own
    tmp = probe_site.root.parent
    startup_never_ran(tmp, probe_site)
    # the workers' and their fork server's own profile folders are gone with them
    assert not list((tmp / "tmp").iterdir())
