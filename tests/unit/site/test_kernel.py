"""The kernel of an --isolated build ends itself when the process that started it is gone, even if killed."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import psutil

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
