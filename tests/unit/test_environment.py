"""environment.yml (conda) pins the same versions as requirements.lock (pip)."""

import re

from sitrep import paths


def pins(text: str) -> dict[str, str]:
    return {name.lower(): version for name, version in re.findall(r"^\s*-?\s*([A-Za-z0-9_.-]+)==([^\s#]+)", text, re.M)}


def test_conda_environment_agrees_with_the_pip_lock():
    lock = pins((paths.PROJECT / "requirements.lock").read_text())
    conda = pins((paths.PROJECT / "environment.yml").read_text())
    assert len(conda) >= 10
    for name in ("pandas", "plotly", "papermill", "nbconvert", "jupyterlab", "pandera", "playwright", "pytest"):
        assert name in conda, f"{name} is not pinned in environment.yml"
    disagree = {name: (version, lock.get(name)) for name, version in conda.items() if lock.get(name) != version}
    assert not disagree, f"environment.yml and requirements.lock disagree: {disagree}"


def test_lock_pins_every_direct_dependency():
    import tomllib

    project = tomllib.loads((paths.PROJECT / "pyproject.toml").read_text())["project"]
    direct = project["dependencies"] + project["optional-dependencies"]["test"]
    lock = pins((paths.PROJECT / "requirements.lock").read_text())
    for requirement in direct:
        name = re.split(r"[<>=\[ ]", requirement)[0].lower()
        assert name in lock, f"{name} is not in requirements.lock"
