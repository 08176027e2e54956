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
import warnings
from contextlib import contextmanager
from typing import Callable, Generic, Iterator, TypeVar

from sitrep.files import signals_held

T = TypeVar("T")
PR_SET_PDEATHSIG = 1
# How a copy tells its parent that its value makes the parent's own work pointless.
TELLING = signal.SIGUSR1


def replay(told: list[tuple[str, type[Warning], str, int]]) -> None:
    """Give again warnings recorded elsewhere, each as it was given: the filters let them through there already."""
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        for message, category, filename, lineno in told:
            warnings.warn_explicit(message, category, filename, lineno)


class Interrupted(Exception):
    """The caller's work was stopped: the copy's value showed it pointless (see `Beside.interruptible`)."""


def die_with_parent() -> None:
    """Linux: end this process when the one that started it ends, even by SIGKILL (elsewhere, nothing)."""
    try:
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def can_fork() -> bool:
    """Whether a copy may be forked: from the main thread, with no other Python thread, on more than one core.

    Another Python thread may hold a lock the copy would need. The threads of Arrow's C++ pools are left to
    Arrow, which makes its pools anew in a forked copy.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return (hasattr(os, "fork") and cores > 1 and threading.active_count() == 1
            and threading.current_thread() is threading.main_thread())


class Beside(Generic[T]):
    """`function(*args)` computed in a forked copy of this process while the caller goes on; `result()` waits for it.

    The copy's value, and the warnings it gave, come back pickled through a pipe; the warnings are given again
    here. When no copy can be made, the function runs here, at once. When the copy raises, dies or cannot pickle
    its value, the function runs here in `result()`: what it returns or raises is what a plain call would have.
    """

    def __init__(self, function: Callable[..., T], *args, stops: Callable[[T], bool] | None = None) -> None:
        """`stops` says of the copy's value whether it makes the caller's work inside `interruptible()` pointless."""
        self._call = (function, args)
        self._stops = stops
        self._pid: int | None = None
        self._reading: int | None = None
        self._outcome: tuple[bool, object] | None = None
        self._told = self._listening = False
        self._handler = None
        try:
            forked = can_fork() and self._forked()
        except BaseException:  # an interrupt as the copy was made: it is stopped with it
            self.cancel()
            raise
        if not forked:
            self._outcome = self._here()

    def _tell(self, _signal, _frame) -> None:
        self._told = True
        if self._listening:
            self._listening = False
            raise Interrupted

    @contextmanager
    def interruptible(self) -> Iterator[None]:
        """The caller's work inside stops, with Interrupted, once the copy has a value that `stops` it."""
        self._listening = self._handler is not None
        try:
            if self._told:
                raise Interrupted
            yield
        finally:
            self._listening = False

    def _restore(self) -> None:
        """The handler of the copy's signal as it was, once the copy can no longer send it."""
        if self._handler is not None:
            signal.signal(TELLING, self._handler)
            self._handler = None

    def _forked(self) -> bool:
        """Start the copy; False where the system refuses one (no memory, too many processes or open files)."""
        with signals_held():  # an interrupt here is raised once the parent knows its copy, which it then stops
            parent = os.getpid()
            try:
                reading, writing = os.pipe()
            except OSError:
                return False
            listening = self._stops is not None and signal.getsignal(TELLING) is not None
            if listening:  # a handler set outside Python reads as None: it is left alone, and nothing listens
                self._handler = signal.signal(TELLING, self._tell)
            try:
                with warnings.catch_warnings():
                    # Python 3.12 and later warn of Arrow's own threads, which Arrow takes care of (see can_fork).
                    warnings.filterwarnings("ignore", "This process .* is multi-threaded", DeprecationWarning)
                    pid = os.fork()
            except OSError:
                os.close(reading)
                os.close(writing)
                self._restore()
                return False
            if pid == 0:
                self._answer(reading, writing, parent, listening)
            self._pid, self._reading = pid, reading
            os.close(writing)
            return True

    def _answer(self, reading: int, writing: int, parent: int, listening: bool) -> None:
        """In the copy: compute, send the value and warnings, and leave without the caller's exit handlers."""
        status = 1
        try:
            os.close(reading)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            die_with_parent()
            if os.getppid() != parent:  # the parent ended before the copy could be told to end with it
                return
            function, args = self._call
            with warnings.catch_warnings(record=True) as warned:
                value = function(*args)
            if listening and self._stops(value):
                os.kill(parent, TELLING)
            told = [(str(w.message), w.category, w.filename, w.lineno) for w in warned]
            with os.fdopen(writing, "wb") as answer:
                pickle.dump((value, told), answer, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:  # an exception is not sent: the caller computes it again, with its traceback and its causes
            os._exit(status)

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
                self._reading = None
                data = answer.read()
        except BaseException:  # interrupted while waiting: the copy is stopped, not waited for
            self.cancel()
            raise
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        self._restore()
        if status == 0 and data:
            try:
                value, told = pickle.loads(data)
            except Exception:  # a value that cannot be read back: computed here instead
                return self._here()
            replay(told)
            return True, value
        return self._here()

    def cancel(self) -> None:
        """Stop the copy, if it still runs (the caller gave up: an error, or an interrupt); `result()` then fails."""
        if self._reading is not None:
            os.close(self._reading)
            self._reading = None
        try:
            if self._pid is not None:
                try:
                    os.kill(self._pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                try:
                    os.waitpid(self._pid, 0)
                finally:
                    self._pid = None
        finally:
            self._restore()
        if self._outcome is None:
            self._outcome = (False, RuntimeError("the work beside was cancelled"))
