"""The kernel of an --isolated build ends itself when the process that started it is gone, even if killed."""

from __future__ import annotations

import asyncio
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from sitrep.site import kernel

# What sitrep.site.kernel does before it starts ipykernel: note its parent, then watch for it to go.
WATCH = (f"import importlib, os, sys; watch = importlib.import_module({kernel.__name__!r})._end_with; "
         "parent = os.getppid(); open(sys.argv[1], 'w').close(); watch(parent)")
# A middle process starts a watcher, waits until it watches, prints its pid and exits, leaving it without a parent.
MIDDLE = f"""
import os, subprocess, sys, time
flag = sys.argv[1]
child = subprocess.Popen([sys.executable, "-c", {WATCH!r}, flag], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
while not os.path.exists(flag):
    time.sleep(0.05)
print(child.pid, flush=True)
"""


def test_the_kernel_ends_when_its_parent_is_gone(tmp_path):
    middle = subprocess.run([sys.executable, "-c", MIDDLE, str(tmp_path / "watching")], capture_output=True,
                            text=True, timeout=60, check=True)
    orphan = psutil.Process(int(middle.stdout))
    try:
        orphan.wait(timeout=20)
    except psutil.TimeoutExpired:
        orphan.kill()
        raise AssertionError("the kernel outlived the process that started it") from None


def test_the_kernel_keeps_running_while_its_parent_lives(tmp_path):
    flag = tmp_path / "watching"
    watcher = subprocess.Popen([sys.executable, "-c", WATCH, str(flag)])
    try:
        deadline = time.monotonic() + 30
        while not flag.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.5)  # three of its checks
        assert flag.exists() and watcher.poll() is None
    finally:
        watcher.kill()
        watcher.wait(timeout=10)


def test_a_kernel_whose_starter_is_already_gone_ends_too(tmp_path):
    """The starter names itself (SITREP_KERNEL_PARENT): a kernel that starts after a killed build still ends."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait(timeout=30)
    env = {**os.environ, kernel.PARENT_VARIABLE: str(gone.pid), "JUPYTER_RUNTIME_DIR": str(tmp_path)}
    started = subprocess.Popen([sys.executable, "-m", kernel.__name__], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert started.wait(timeout=60) == 0
    except subprocess.TimeoutExpired:
        started.kill()
        started.wait(timeout=10)
        raise AssertionError("the kernel outlived the process that started it") from None


def test_the_project_kernel_is_told_who_started_it():
    from sitrep.site.execute import ProjectKernelManager

    spec = ProjectKernelManager().kernel_spec
    assert spec.env[kernel.PARENT_VARIABLE] == str(os.getpid())
    assert spec.argv[:3] == [sys.executable, "-m", kernel.__name__]


def _started_manager(tmp_path, monkeypatch, temporary: Path):
    from sitrep.site.execute import ProjectKernelManager

    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    return ProjectKernelManager(kernel_name="python3")


@pytest.mark.slow
def test_an_isolated_kernel_listens_on_private_unix_sockets_removed_with_it(request, tmp_path, monkeypatch):
    """Over TCP, a port picked for one kernel could be bound by another first ("Address already in use")."""
    # short enough for the sockets' paths, which pytest's own temporary folders may not be
    temporary = Path(tempfile.mkdtemp(prefix="sitrep-test-", dir="/tmp"))
    request.addfinalizer(lambda: shutil.rmtree(temporary, ignore_errors=True))
    manager = _started_manager(tmp_path, monkeypatch, temporary)

    async def start_answer_and_shut_down() -> tuple[dict, Path, int, set[str]]:
        await manager.start_kernel()
        try:
            info = manager.get_connection_info()
            folder = Path(info["ip"]).parent
            client = manager.client()
            client.start_channels()
            try:
                await client.wait_for_ready(timeout=60)  # the kernel binds its sockets as it starts
            finally:
                client.stop_channels()
            mode, sockets = stat.S_IMODE(folder.stat().st_mode), {path.name for path in folder.iterdir()}
        finally:
            await manager.shutdown_kernel(now=True)
        return info, folder, mode, sockets

    info, folder, mode, sockets = asyncio.run(start_answer_and_shut_down())
    assert info["transport"] == "ipc" and folder.parent == temporary and mode == 0o700
    assert sockets == {f"kernel-{info[f'{name}_port']}" for name in ("shell", "iopub", "stdin", "control", "hb")}
    assert not folder.exists() and list(temporary.iterdir()) == []


def test_a_temporary_folder_too_deep_for_a_socket_path_gives_way_to_the_systems(tmp_path, monkeypatch):
    deep = tmp_path / ("d" * 100)
    deep.mkdir()
    manager = _started_manager(tmp_path, monkeypatch, deep)
    socket_path = Path(manager.ip)
    try:
        assert socket_path.parent.parent == Path("/tmp") and list(deep.iterdir()) == []
        assert len(os.fsencode(f"{socket_path}-99")) <= 107
    finally:
        socket_path.parent.rmdir()


def test_a_temporary_folder_too_deep_for_a_socket_path_gives_way_to_the_pools_short_one(request, tmp_path,
                                                                                        monkeypatch):
    from sitrep.site.kernel import SOCKETS_VARIABLE, sockets_fit

    deep = tmp_path / ("d" * 100)
    deep.mkdir()
    short = Path(tempfile.mkdtemp(prefix="sitrep-test-", dir="/tmp"))
    request.addfinalizer(lambda: shutil.rmtree(short, ignore_errors=True))
    monkeypatch.setenv(SOCKETS_VARIABLE, str(short))
    socket_path = Path(_started_manager(tmp_path, monkeypatch, deep).ip)
    assert socket_path.parent.parent == short and list(deep.iterdir()) == []
    assert len(os.fsencode(f"{socket_path}-99")) <= 107
    assert sockets_fit(str(short)) and not sockets_fit(str(deep))
