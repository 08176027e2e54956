"""The raw tables read plainly, without sitrep's own code, so that tests compare the chapters with the data."""

from __future__ import annotations

import csv
from datetime import date

from sitrep import paths

# The committed report: the tests of its chapters compare them with its own tables.
REPORT = paths.RAW / "kvktnj-2006"


def measure(row: dict[str, str]) -> str:
    """The measure a raw figure row counts: its metric, or the registry's row of that metric in the row's unit."""
    with open(paths.PROJECT / "lib" / "sitrep" / "transform" / "metrics.csv", encoding="utf-8", newline="") as handle:
        other_units = {(r["of"], r["unit"]): r["metric"] for r in csv.DictReader(handle) if r["of"]}
    return other_units.get((row["metric"], row.get("unit", "")), row["metric"])


def raw_rows(name: str) -> list[dict[str, str]]:
    with open(REPORT / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def gazetteer_qark() -> dict[str, str]:
    with open(paths.REFERENCE / "gazetteer.csv", encoding="utf-8", newline="") as handle:
        return {row["form"]: row["qark"] for row in csv.DictReader(handle)}


def first_day(text: str) -> date:
    parts = [int(p) for p in text.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
