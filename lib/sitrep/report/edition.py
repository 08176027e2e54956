"""Edition parameters: validated before any notebook runs, and passed on only as plain literals."""

from __future__ import annotations

import ast
import json
import re
import unicodedata
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from sitrep.errors import ParameterError, UsageError
from sitrep.periods import PERIOD_YEARS, parse_period

LANGS = ("sq", "en")
AUDIENCES = ("public", "internal")
# The period a notebook opened on its own shows: empty, read as the latest report period of its clean tables
# (sitrep.report.sources.latest_period), so that no report's dates are written into code.
LATEST_PERIOD = ""
DEFAULT_MIN_CELL = 10
# A parameter reaches a notebook as source code (papermill's design): only these shapes are let through.
SAFE_TEXT = re.compile(r"^[\w .:/\\@+,()-]*$", re.UNICODE)
# Parameters that hold a folder, and the option each comes from.
FOLDER_PARAMETERS = {"clean_dir"}
OPTIONS = {"clean_dir": "--clean"}
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
QARQE = (
    "Berat", "Durrës", "Elbasan", "Fier", "Gjirokastër", "Korçë",
    "Kukës", "Lezhë", "Dibër", "Shkodër", "Tiranë", "Vlorë",
)


@dataclass(frozen=True)
class Edition:
    """What one build of the report is for: which period, in which language, for whom."""

    period: str
    lang: str = "sq"
    audience: str = "public"
    min_cell: int = DEFAULT_MIN_CELL

    def __deepcopy__(self, memo: dict) -> Edition:
        # Immutable: the edition itself. A table's attrs carry it (Dataset.figures), and pandas deep-copies attrs
        # at every operation on the table.
        return self

    @property
    def period_bounds(self) -> tuple[date, date]:
        """The first and last day of the edition's period, which decides the reports it shows."""
        bounds = parse_period(self.period)
        assert bounds is not None, "Edition is validated on creation"
        return bounds

    def __post_init__(self) -> None:
        check_literal("period", self.period)
        if not isinstance(self.period, str) or parse_period(self.period) is None:
            raise ParameterError("period", self.period,
                                 f"write YYYY-MM:YYYY-MM with the end not before the start, years {PERIOD_YEARS[0]} to "
                                 f"{PERIOD_YEARS[1]}, e.g. 2007-01:2007-12")
        check_options(self.lang, self.audience, self.min_cell)

    def as_parameters(self) -> dict[str, object]:
        """The edition as the parameters a chapter notebook is run with."""
        return asdict(self)


def check_options(lang: object, audience: object, min_cell: object) -> None:
    """An edition's language, audience and threshold, checked before its period is known."""
    if lang not in LANGS:
        raise ParameterError("lang", lang, f"choose one of {', '.join(LANGS)}")
    if audience not in AUDIENCES:
        raise ParameterError("audience", audience, f"choose one of {', '.join(AUDIENCES)}")
    if not isinstance(min_cell, int) or isinstance(min_cell, bool) or not 1 <= min_cell <= 1000:
        raise ParameterError("min_cell", min_cell, "give a whole number from 1 to 1000")


def check_literal(name: str, value: object) -> None:
    """Refuse anything that is not a plain str/int/bool/None of a harmless shape.

    A folder may be named anything a person types (spaces, brackets, &, ', #, ~, any letters): papermill writes
    a string parameter escaped (unicode_escape, then quotes escaped), which reads back as exactly that string.
    Only control characters, which no folder name needs, are refused there.
    """
    if value is None or isinstance(value, (bool, int)):
        return
    option = OPTIONS.get(name, f"--{name.replace('_', '-')}")
    if name in FOLDER_PARAMETERS and isinstance(value, str):
        if CONTROL.search(value):
            raise ParameterError(name, value, "holds a control character (rename the folder without it)", option)
        return
    if not isinstance(value, str) or not SAFE_TEXT.match(value) or "\n" in value:
        raise ParameterError(name, value, "not a plain value (letters, digits and . : / - only)", option)


def check_district(value: str) -> str:
    """A qark name as the clean tables spell it, accepting any case and missing diacritics."""
    from sitrep.text import fold

    value = unicodedata.normalize("NFC", value)  # decomposed letters (NFD), as some keyboards and file systems type
    check_literal("district", value)
    for qark in QARQE:
        if fold(qark) == fold(value):
            return qark
    raise ParameterError("district", value, f"not a qark; choose one of {', '.join(QARQE)}")


def district_page(qark: str) -> str:
    """The page of a qark's profile: districts/<qark without diacritics>."""
    from sitrep.text import fold

    return "districts/" + fold(qark).replace(" ", "-")


def check_parameters(parameters: dict[str, object]) -> dict[str, object]:
    """Every parameter sent to a notebook, checked to be a plain literal."""
    for name, value in parameters.items():
        check_literal(name, value)
    return parameters


def assigned_names(source: str) -> list[str]:
    """Names a cell assigns at its top level, in order (`name = v` or `name: type = v`); none if it is not Python."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [target.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Name)]


def declared_parameters(notebook: Path) -> set[str]:
    """Names a notebook's cell tagged `parameters` assigns: what papermill may override.

    Read from the notebook's JSON, as papermill finds them: its own inspection loads the whole notebook stack,
    which a rebuild with nothing to do never needs.
    """
    for cell in json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell.get("source", "")
            return set(assigned_names("".join(source) if isinstance(source, list) else source))
    return set()


def check_parameter_names(notebook: Path, parameters: dict) -> None:
    """Papermill only warns about a parameter the notebook does not declare; a misspelling must stop the build."""
    unknown = sorted(set(parameters) - declared_parameters(notebook))
    if unknown:
        raise UsageError(f"{Path(notebook).name}: no parameter named {', '.join(unknown)} in its 'parameters' cell")


INJECTED_MARK = "# Parameters"  # how papermill's python translator opens the cell it adds after `parameters`


def check_injected_names(known: list[str]) -> None:
    """In plain papermill, stop on a parameter the notebook does not declare (papermill itself only warns).

    The kernel's own input history holds papermill's injected cell and, just before it, the notebook's
    `parameters` cell; with no such history (a warm build worker, a script) the build has already checked.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    history = list(getattr(getattr(shell, "history_manager", None), "input_hist_raw", []) or [])
    marks = [i for i, source in enumerate(history) if source.lstrip().startswith(INJECTED_MARK)]
    if not marks:
        return
    injected = assigned_names(history[marks[-1]])
    declared = assigned_names(history[marks[-1] - 1]) if marks[-1] > 0 else []
    allowed = declared or known
    unknown = [name for name in injected if name not in allowed]
    if unknown:
        names = ", ".join(unknown)
        known_names = ", ".join(allowed)
        raise UsageError(f"no parameter named {names} in this notebook (misspelt?); its parameters are {known_names}")


def check_page(page: str, district: str | None) -> str:
    """The page a notebook builds, agreeing with its district: a qark's profile is districts/<qark>."""
    check_literal("page", page)
    if district:
        expected = district_page(district)
        if page and page != expected:
            raise ParameterError("page", page, f"disagrees with district = {district!r}: give page = {expected!r}, "
                                 "or leave page empty")
        return expected
    if page.startswith("districts/"):
        raise ParameterError("page", page, "is a qark's profile: give its district too (district = 'Korçë')")
    return page or "notebook"
