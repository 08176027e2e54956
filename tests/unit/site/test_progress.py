"""Progress of a build: plain, complete lines when the stream is not a terminal (CI, logs, a pipe)."""

from __future__ import annotations

import io
import re

from sitrep.site.progress import Progress


def test_plain_lines_when_not_a_terminal():
    stream = io.StringIO()
    progress = Progress(stream)
    assert not progress.live
    progress.note("clean: reused")
    progress.start(2)
    progress.started("summary")
    progress.finished("summary", 1.25)
    progress.started("grants")
    progress.finished("grants", 0.5, failed=True)
    progress.stop()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "sitrep: clean: reused"
    assert re.fullmatch(r"sitrep: \[ 1/2\] summary ok in 1\.2s \(elapsed \d+\.\ds\)", lines[1])
    assert re.fullmatch(r"sitrep: \[ 2/2\] grants FAILED in 0\.5s \(elapsed \d+\.\ds\)", lines[2])
    assert len(lines) == 3 and "\x1b" not in stream.getvalue() and "\r" not in stream.getvalue()


def test_a_terminal_gets_the_live_display():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert Progress(Terminal()).live
