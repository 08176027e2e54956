"""The `sitrep` command: clean, cite, build and new-report; errors are plain lines, never tracebacks."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from pathlib import Path

from sitrep import paths
from sitrep.errors import EXIT_DATA, EXIT_USAGE, DataError, ParameterError, SitrepError, UsageError


class Parser(argparse.ArgumentParser):
    """argparse, with its errors raised as UsageError so that they print as one line with exit 2."""

    def error(self, message: str):  # noqa: D102 - argparse's hook
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


def _folder(text: str) -> Path:
    return Path(text).expanduser()


def parser() -> Parser:
    """The command line: its commands and their options."""
    top = Parser(prog="sitrep",
                 description="Situation reports on anti-trafficking efforts, from raw tables to an offline HTML site.")
    commands = top.add_subparsers(dest="command", required=True, parser_class=Parser)

    clean = commands.add_parser("clean", help="check the raw tables and write the clean tables")
    clean.add_argument("--raw", type=_folder, default=paths.RAW, metavar="DIR", help="raw tables (default: data/raw)")
    clean.add_argument("--clean", type=_folder, default=paths.CLEAN, metavar="DIR",
                       help="clean tables (default: data/clean)")

    cite = commands.add_parser(
        "cite", help="find where a quote is in its report's text, or fill a raw table's empty source_line cells",
        description="With --report ID, print the lines of the report's text each QUOTE is on. Otherwise each argument "
                    "is a raw table (or a report folder): print the line each empty source_line, place_line or "
                    "explained_line would get from its row's quote in the table's own report, and write them with "
                    "--write. A quote not found is shown with the nearest passage and how it differs.")
    cite.add_argument("targets", nargs="+", metavar="QUOTE|TABLE", help="quotes (with --report), or raw tables")
    cite.add_argument("--report", metavar="ID", help="the report whose text the quotes are looked for in")
    cite.add_argument("--raw", type=_folder, default=paths.RAW, metavar="DIR", help="raw tables (default: data/raw)")
    cite.add_argument("--write", action="store_true",
                      help="write the lines into the tables' empty cells (every other byte stays as it was)")

    new = commands.add_parser("new-report", help="start a new report: its folder, report.toml and header-only tables")
    new.add_argument("id", help="the report's id, and its folder's name (e.g. kvktnj-2007)")
    new.add_argument("--period", required=True, metavar="YYYY-MM:YYYY-MM", help="the period the report covers")
    new.add_argument("--text", type=_folder, metavar="FILE", help="the report's text (UTF-8), copied in as report.txt")
    new.add_argument("--raw", type=_folder, default=paths.RAW, metavar="DIR", help="raw tables (default: data/raw)")

    from sitrep.site.build import (
        add_build_arguments,  # the build pulls in the notebook stack; only load it for its parser
    )

    add_build_arguments(commands.add_parser("build", help="clean, run the chapter notebooks and write the HTML site"))
    return top


def run(argv: list[str]) -> int:
    """Run one command; its errors are raised for `main` to print."""
    arguments = parser().parse_args(argv)
    if arguments.command == "clean":
        from sitrep.files import raw_folder, replaceable

        # refused at once, before cleaning loads its libraries (run_clean checks the same again)
        replaceable(arguments.clean, "--clean", keep=[arguments.raw, paths.REFERENCE])
        raw_folder(arguments.raw)
        from sitrep.transform.run import run_clean

        tables = run_clean(arguments.raw, arguments.clean)
        print(f"sitrep clean: wrote {len(tables)} tables to {arguments.clean}")
        return 0
    if arguments.command == "new-report":
        from sitrep.files import display_path
        from sitrep.transform.newreport import new_report

        folder = new_report(arguments.raw, arguments.id, arguments.period, arguments.text)
        print(f"sitrep new-report: made {display_path(folder)} with report.toml and every table header-only; "
              "fill the fields report.toml marks 'required', then run sitrep clean")
        return 0
    if arguments.command == "cite":
        from sitrep.transform.cite import run_cite

        try:
            return run_cite(arguments.targets, arguments.raw, arguments.report, arguments.write)
        except DataError as error:  # some cells may have been written: the generic "nothing was written" is not true
            lines = error.lines()
            print("\n".join(lines), file=sys.stderr)
            print(f"sitrep cite: {len(lines)} problem(s)", file=sys.stderr)
            return EXIT_DATA
    from sitrep.site.build import run_build

    return run_build(arguments)


def main(argv: list[str] | None = None) -> int:
    """One command, from the command line or `argv`: each error as plain lines and an exit status, no traceback."""
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except DataError as error:
        lines = error.lines()
        print("\n".join(lines), file=sys.stderr)
        print(f"sitrep: {len(lines)} problem(s); nothing was written", file=sys.stderr)
        return EXIT_DATA
    except ParameterError as error:  # the command's user knows its options, not the notebooks' parameters
        print("\n".join(error.as_option().lines()), file=sys.stderr)
        return error.exit_status
    except SitrepError as error:
        print("\n".join(error.lines()), file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        from sitrep.files import display_path, published

        if published:
            replaced = ", ".join(display_path(p) for p in published)
            print(f"sitrep: interrupted after {replaced} had been replaced with the new output, which is complete",
                  file=sys.stderr)
        else:
            print("sitrep: interrupted; the last good output is unchanged", file=sys.stderr)
        return 130
    except OSError as error:
        from sitrep.files import display_path

        where = display_path(error.filename) if error.filename else "a file"
        after = "; nothing was replaced (free some space and run again)" if error.errno == errno.ENOSPC else ""
        print(f"sitrep: {where}: {error.strerror or error}{after}", file=sys.stderr)
        return EXIT_USAGE if isinstance(error, (FileNotFoundError, PermissionError, NotADirectoryError)) else EXIT_DATA
    except Exception as error:  # a defect: say so in one line, keep the traceback for those who ask
        if os.environ.get("SITREP_DEBUG"):
            raise
        print(f"sitrep: internal error: {type(error).__name__}: {error} (set SITREP_DEBUG=1 to see where)",
              file=sys.stderr)
        return EXIT_DATA


def command() -> int:
    """`sitrep` and `python -m sitrep`: `main`, then an exit that does not pay for a last collection.

    By the time `main` returns everything is written and closed. The interpreter's collections while it tears
    down pandas' and the notebook stack's objects would add tenths of a second to every command, for memory the
    process gives back whole when it exits.
    """
    import gc

    status = main()
    gc.freeze()
    return status
