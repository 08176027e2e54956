"""Problems a person can fix: each names the file, row and column, and says how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field

EXIT_DATA = 1
EXIT_USAGE = 2


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one cell (or header, or file) of a table."""

    file: str
    row: int | None
    column: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.row}" if self.row is not None else self.file
        text = f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class SitrepError(Exception):
    """An error that is reported as one or more plain lines, never as a traceback."""

    exit_status = EXIT_DATA

    def lines(self) -> list[str]:
        return [str(self)]


class UsageError(SitrepError):
    """The command was called wrongly: a bad option, parameter or path."""

    exit_status = EXIT_USAGE


@dataclass
class DataError(SitrepError):
    """The raw data has problems; all of them are listed at once."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(f"{len(self.problems)} problem(s) in the raw data")

    def lines(self) -> list[str]:
        return [str(problem) for problem in sorted(set(self.problems), key=_reading_order)]


def _reading_order(problem: Problem) -> tuple:
    return (problem.file, problem.row if problem.row is not None else 0, problem.column, problem.message)
