"""Work run beside the caller's, on the machine's other core: a forked copy of the process computes one result.

A fork shares everything already read (a million rows are not copied, nor pickled: only the answer travels back),
and starts in milliseconds where a fresh interpreter would spend most of a second importing pandas. Where a fork
is not safe, the work is done in the caller's process, at once, and the outcome is the same.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import threading
from typing import Callable, Generic, TypeVar

T = TypeVar("T")
PR_SET_PDEATHSIG = 1
_CHILD_FAILED = "beside: the forked process failed"


def die_with_parent() -> None:
    """Linux: end this process when the one that started it ends, even by SIGKILL (elsewhere, nothing)."""
    try:
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def can_fork() -> bool:
    """A fork is safe only from a process with one thread: another thread may hold a lock the copy would need."""
    return hasattr(os, "fork") and threading.active_count() == 1 and os.cpu_count() not in (None, 1)


class Beside(Generic[T]):
    """`function(*args)` computed in a forked copy of this process while the caller goes on; `result()` waits for it.

    The copy's answer is pickled back through a pipe. If it cannot be forked, or the copy dies or cannot pickle
    its answer, the function runs here instead (at once when forking is not possible, else in `result()`), so
    that what `result()` returns or raises is what a plain call would have.
    """

    def __init__(self, function: Callable[..., T], *args) -> None:
        self._call = (function, args)
        self._pid: int | None = None
        self._outcome: tuple[bool, object] | None = None
        if not can_fork():
            self._outcome = self._here()
            return
        reading, writing = os.pipe()
        pid = os.fork()
        if pid == 0:  # the copy: compute, answer, and leave without running the parent's exit handlers
            status = 1
            try:
                os.close(reading)
                die_with_parent()
                outcome = self._here()
                with os.fdopen(writing, "wb") as answer:
                    pickle.dump(outcome, answer, protocol=pickle.HIGHEST_PROTOCOL)
                status = 0
            finally:
                os._exit(status)
        os.close(writing)
        self._pid, self._reading = pid, reading

    def _here(self) -> tuple[bool, object]:
        function, args = self._call
        try:
            return True, function(*args)
        except Exception as error:  # told to the caller by result(), as a plain call would
            return False, error

    @property
    def ready(self) -> bool:
        """Whether the result is known without waiting (it was computed here)."""
        return self._outcome is not None

    def result(self) -> T:
        """The function's value, or the exception it raised."""
        if self._outcome is None:
            self._outcome = self._collected()
        succeeded, value = self._outcome
        if succeeded:
            return value  # type: ignore[return-value]
        raise value  # type: ignore[misc]

    def _collected(self) -> tuple[bool, object]:
        try:
            with os.fdopen(self._reading, "rb") as answer:
                data = answer.read()
        finally:
            _, status = os.waitpid(self._pid, 0)
            self._pid = None
        if status == 0 and data:
            try:
                return pickle.loads(data)
            except Exception:  # an answer that cannot be read back: computed here instead
                pass
        return self._here()

    def cancel(self) -> None:
        """Stop the copy, if it still runs (the caller gave up: an error, or an interrupt)."""
        if self._pid is None:
            return
        try:
            os.kill(self._pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.close(self._reading)
        os.waitpid(self._pid, 0)
        self._pid = None
