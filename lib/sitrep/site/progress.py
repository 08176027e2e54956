"""Progress per page with elapsed time: a live display on a terminal, plain lines elsewhere (CI, logs)."""

from __future__ import annotations

import sys
import time


class Progress:
    """Progress of a build's pages: one live line on a terminal, one plain line per event elsewhere."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self.total = self.done = 0
        self.started_at: dict[str, float] = {}
        self._rich = None

    def note(self, text: str) -> None:
        """A line about the build as a whole."""
        if self._rich is not None:
            self._rich.console.print(text)
        else:
            print(f"sitrep: {text}", file=self.stream, flush=True)

    def start(self, total: int) -> None:
        """Begin counting `total` pages."""
        self.total, self.done, self.begun = total, 0, time.perf_counter()
        if self.live:
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            self._rich = RichProgress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                      TimeElapsedColumn(), transient=False)
            self._rich.start()
            self._overall = self._rich.add_task("pages", total=total)
            self._tasks: dict[str, int] = {}

    def started(self, page: str) -> None:
        """A page was handed to a worker."""
        self.started_at[page] = time.perf_counter()
        if self._rich is not None:
            self._tasks[page] = self._rich.add_task(f"  {page}", total=1)

    def finished(self, page: str, seconds: float, failed: bool = False) -> None:
        """A page finished, in `seconds`, or failed."""
        self.done += 1
        status = "FAILED" if failed else "ok"
        if self._rich is not None:
            self._rich.update(self._tasks[page], completed=1, description=f"  {page} {status} {seconds:.1f}s")
            self._rich.update(self._overall, advance=1)
        else:
            elapsed = time.perf_counter() - self.begun
            print(f"sitrep: [{self.done:>2}/{self.total}] {page} {status} in {seconds:.1f}s (elapsed {elapsed:.1f}s)",
                  file=self.stream, flush=True)

    def stop(self) -> None:
        """End the live display, leaving the last line on the screen."""
        if self._rich is not None:
            self._rich.stop()
            self._rich = None
