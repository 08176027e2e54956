"""`python -m sitrep` runs the command-line interface."""

from sitrep.cli import command

raise SystemExit(command())
