"""Work beside the caller's: computed in a forked copy, or here where a fork is not safe, with the same outcome."""

from __future__ import annotations

import os
import threading
import time

import psutil
import pytest

from sitrep import beside
from sitrep.beside import Beside, can_fork

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


def test_an_exception_is_raised_as_a_plain_call_raises_it(forking):
    with pytest.raises(ValueError, match="invalid literal for int"):
        Beside(int, "one").result()


def dies_when_forked() -> str:
    if os.getpid() != PARENT:
        os._exit(3)
    return "computed here"


def unpicklable_when_forked():
    return (lambda: None) if os.getpid() != PARENT else "computed here"


@pytest.mark.parametrize("function", [dies_when_forked, unpicklable_when_forked])
def test_a_copy_that_cannot_answer_is_replaced_by_a_call_here(forking, function):
    assert Beside(function).result() == "computed here"


def test_with_other_threads_running_nothing_is_forked():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not can_fork()
        working = Beside(where, "text")
        assert working.ready
        assert working.result() == (PARENT, "text")
    finally:
        stop.set()
        other.join()


def test_cancel_ends_the_copy_at_once(forking):
    started = time.perf_counter()
    sleeping = Beside(time.sleep, 30)
    pid = sleeping._pid
    sleeping.cancel()
    assert time.perf_counter() - started < 5
    assert not psutil.pid_exists(pid)
    sleeping.cancel()  # twice is harmless
