"""The kernel of an --isolated build ends itself when the process that started it is gone, even if killed."""

from __future__ import annotations

import subprocess
import sys
import time

import psutil

# A middle process starts a watcher as sitrep.site.kernel starts its kernel, waits until it watches, prints its pid
# and exits: the watcher is left without the process that started it.
MIDDLE = """
import os, subprocess, sys, time
flag = sys.argv[1]
child = subprocess.Popen([sys.executable, "-c",
    "import os, sys; from sitrep.site import kernel; parent = os.getppid(); open(sys.argv[1], 'w').close(); "
    "kernel._end_with(parent)", flag], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
while not os.path.exists(flag):
    time.sleep(0.05)
print(child.pid, flush=True)
"""
STAY = "import os, time; from sitrep.site import kernel; kernel._end_with(os.getppid())"


def test_the_kernel_ends_when_its_parent_is_gone(tmp_path):
    middle = subprocess.run([sys.executable, "-c", MIDDLE, str(tmp_path / "watching")], capture_output=True, text=True,
                            timeout=60, check=True)
    orphan = psutil.Process(int(middle.stdout))
    try:
        orphan.wait(timeout=20)
    except psutil.TimeoutExpired:
        orphan.kill()
        raise AssertionError("the kernel outlived the process that started it") from None


def test_the_kernel_keeps_running_while_its_parent_lives():
    kernel = subprocess.Popen([sys.executable, "-c", STAY])
    try:
        time.sleep(1.5)  # three of its checks
        assert kernel.poll() is None
    finally:
        kernel.kill()
        kernel.wait(timeout=10)
