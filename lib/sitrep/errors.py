"""Problems a person can fix: each names the file, row and column, and says how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field

EXIT_DATA = 1
EXIT_USAGE = 2
LONGEST = 240  # characters of a message: a cell quoted in it is cut in the middle beyond this


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
        message = one_line(self.message)
        text = f"{where}: {self.column}: {message}" if self.column else f"{where}: {message}"
        return f"{text} ({self.hint})" if self.hint else text


def one_line(text: str, limit: int = LONGEST) -> str:
    """A message as one line, its line breaks and control characters shown, a very long one cut in the middle.

    A value quoted in a message may hold line breaks: a quote left open swallows the rows after it.
    """
    text = str(text).replace("\r\n", "\n")
    text = "".join(f"\\x{ord(char):02x}" if char != "\n" and (ord(char) < 32 or ord(char) == 127) else char
                   for char in text).replace("\n", " ⏎ ")
    return text if len(text) <= limit else f"{text[: limit // 2]} … {text[-limit // 4:]}"


class SitrepError(Exception):
    """An error that is reported as one or more plain lines, never as a traceback."""

    exit_status = EXIT_DATA

    def lines(self) -> list[str]:
        """The error as the lines the command prints."""
        return [str(self)]

    def _render_traceback_(self) -> list[str]:
        """What IPython (JupyterLab, papermill) shows in place of a traceback: the plain lines, nothing more."""
        return [f"{type(self).__name__}: {line}" for line in self.lines()]


class UsageError(SitrepError):
    """The command was called wrongly: a bad option, parameter or path."""

    exit_status = EXIT_USAGE


class ParameterError(UsageError):
    """A value a parameter cannot take, named as the notebook parameter; the command names its option instead."""

    def __init__(self, name: str, value: object, problem: str, option: str | None = None) -> None:
        self.name, self.value, self.problem = name, value, problem
        self.option = option or f"--{name.replace('_', '-')}"
        super().__init__(f"parameter {name} = {value!r}: {problem}")

    def as_option(self) -> UsageError:
        """The same problem worded for the command line: the option's name instead of the parameter's."""
        return UsageError(f"{self.option} {self.value!r}: {self.problem}")


@dataclass
class DataError(SitrepError):
    """The raw data has problems; all of them are listed at once."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(f"{len(self.problems)} problem(s) in the raw data")

    def __reduce__(self):  # sent whole between processes (a worker's call): its problems, not its message
        return type(self), (self.problems,)

    def lines(self) -> list[str]:
        """One line per problem, in reading order (file, row, column), each problem once."""
        return [str(problem) for problem in sorted(set(self.problems), key=_reading_order)]


def _reading_order(problem: Problem) -> tuple:
    return (problem.file, problem.row if problem.row is not None else 0, problem.column, problem.message)
