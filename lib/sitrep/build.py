"""The build: clean, run every chapter, write the site. (Filled in by the site work.)"""

from __future__ import annotations

import argparse


def add_build_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--raw", default=None, metavar="DIR")


def run_build(arguments: argparse.Namespace) -> int:
    return 0
