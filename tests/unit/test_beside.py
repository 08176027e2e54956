"""Work beside the caller's: computed in a forked copy, or here where a fork is not safe, with the same outcome."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import warnings

import psutil
import pytest

from sitrep import beside
from sitrep.beside import Beside, Interrupted

PARENT = os.getpid()


@pytest.fixture
def forking(monkeypatch):
    """Forks allowed, though the test runner's own threads run: what is forked here takes no lock."""
    monkeypatch.setattr(beside, "can_fork", lambda: True)


def where(value: str = "") -> tuple[int, str]:
    return os.getpid(), value


def test_the_work_is_done_in_another_process_while_the_caller_goes_on(forking):
    started = time.perf_counter()
    sleeping = Beside(time.sleep, 0.5)
    working = Beside(where, "text")
    assert not working.ready
    assert time.perf_counter() - started < 0.4
    pid, value = working.result()
    assert pid != PARENT and value == "text"
    assert sleeping.result() is None
    assert not psutil.pid_exists(pid), "the copy was left unreaped"


def caused() -> None:
    try:
        {}["missing"]
    except KeyError as error:
        raise ValueError(f"raised in {os.getpid()}") from error


def test_an_exception_is_raised_as_a_plain_call_raises_it_with_its_cause(forking):
    with pytest.raises(ValueError, match=f"raised in {PARENT}$") as raised:
        Beside(caused).result()
    assert isinstance(raised.value.__cause__, KeyError)


def warns_where() -> int:
    warnings.warn(f"warned in {os.getpid()}", UserWarning)
    return os.getpid()


def test_the_copys_warnings_are_given_again_here(forking):
    with pytest.warns(UserWarning, match=r"warned in \d+") as warned:
        pid = Beside(warns_where).result()
    assert pid != PARENT and str(warned[0].message) == f"warned in {pid}"


def test_a_refused_fork_runs_the_work_here_and_leaves_no_descriptor_open(forking, monkeypatch):
    def refused():
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    before = len(os.listdir("/proc/self/fd"))
    working = Beside(where, "text")
    assert working.ready and working.result() == (PARENT, "text")
    assert len(os.listdir("/proc/self/fd")) == before


def test_a_value_that_stops_the_callers_work_stops_it_at_once(forking):
    started = time.perf_counter()
    checking = Beside(str.upper, "problems", stops=lambda value: value == "PROBLEMS")
    with pytest.raises(Interrupted):
        with checking.interruptible():
            while time.perf_counter() - started < 20:
                time.sleep(0.01)
    assert time.perf_counter() - started < 10
    assert checking.result() == "PROBLEMS"
    assert signal.getsignal(signal.SIGUSR1) is signal.SIG_DFL, "the copy's signal was left handled"


def test_without_a_fork_nothing_listens_and_the_callers_work_ends(monkeypatch):
    monkeypatch.setattr(beside, "can_fork", lambda: False)
    checking = Beside(str.upper, "problems", stops=lambda value: value == "PROBLEMS")
    assert checking.ready
    with checking.interruptible():
        time.sleep(0.1)
    assert checking.result() == "PROBLEMS"
    assert signal.getsignal(signal.SIGUSR1) is signal.SIG_DFL


def test_a_value_that_does_not_stop_the_callers_work_lets_it_end(forking):
    checking = Beside(str.upper, "fine", stops=lambda value: value == "PROBLEMS")
    with checking.interruptible():
        time.sleep(0.3)
    assert checking.result() == "FINE"


def dies_when_forked() -> str:
    if os.getpid() != PARENT:
        os._exit(3)
    return "computed here"


def unpicklable_when_forked():
    return (lambda: None) if os.getpid() != PARENT else "computed here"


@pytest.mark.parametrize("function", [dies_when_forked, unpicklable_when_forked])
def test_a_copy_that_cannot_answer_is_replaced_by_a_call_here(forking, function):
    working = Beside(function)
    assert not working.ready
    assert working.result() == "computed here"


def test_with_other_threads_running_nothing_is_forked():
    # In a process of its own: the test runner's threads would make the answer the same either way.
    code = """
import os, threading
from sitrep.beside import Beside, can_fork
assert can_fork(), "a lone main thread may fork"
stop = threading.Event()
other = threading.Thread(target=stop.wait)
other.start()
working = Beside(os.getpid)
stop.set()
other.join()
print(can_fork(), working.ready, working.result() == os.getpid())
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True"]


def test_cancel_ends_the_copy_at_once(forking):
    started = time.perf_counter()
    sleeping = Beside(time.sleep, 30)
    pid = sleeping._pid
    sleeping.cancel()
    assert time.perf_counter() - started < 5
    assert not psutil.pid_exists(pid)
    sleeping.cancel()  # twice is harmless
    with pytest.raises(RuntimeError, match="cancelled"):
        sleeping.result()
