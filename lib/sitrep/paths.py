"""Where the project keeps things; every command takes these as defaults and lets the user override them."""

from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
RAW = PROJECT / "data" / "raw"
CLEAN = PROJECT / "data" / "clean"
REFERENCE = PROJECT / "data" / "reference"
NOTEBOOKS = PROJECT / "notebooks"
OUTPUTS = PROJECT / "outputs"
