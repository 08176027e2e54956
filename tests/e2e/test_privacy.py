"""Public editions hide small victim counts everywhere, and no hidden count can be worked out by subtraction."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from sitebuild import pages_of

pytestmark = pytest.mark.slow
THRESHOLD = 10
# A row of a download counts victims when one of its text cells names them (Albanian edition).
VICTIM_WORDS = re.compile(r"viktim|strehua", re.IGNORECASE)
HIDDEN = re.compile(r"^(<10|e fshehur)$")
# Columns that hold the counts themselves (others count grants, lines or programmes).
VALUE_COLUMN = re.compile(r"^(Persona|Shifra|Vlera|Numri)")


INTERNAL_MARK = "I BRENDSHËM — mos e shpërndani"  # an internal download's first line, before its header
INTERNAL_SUFFIX = "-I-BRENDSHEM"


def rows_of(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    if rows and rows[0] == [INTERNAL_MARK]:
        rows = rows[1:]
    return rows[0], rows[1:]


def number(cell: str) -> int | None:
    text = cell.replace("\u00a0", "").replace(" ", "")
    return int(text) if re.fullmatch(r"\d+", text) else None


def victim_rows(path: Path) -> list[list[str]]:
    _, rows = rows_of(path)
    return [row for row in rows if any(VICTIM_WORDS.search(cell) and number(cell) is None for cell in row)]


def small_victim_counts(site: Path) -> list[tuple[str, list[str]]]:
    found = []
    for path in sorted((site / "data").glob("*.csv")):
        if path.name.startswith("quality-notes"):
            continue  # the notes are sentences; their numbers are checked in the chapter's own tests
        header, _ = rows_of(path)
        values = [i for i, name in enumerate(header) if VALUE_COLUMN.match(name)]
        for row in victim_rows(path):
            if any(1 <= (number(row[i]) or 0) <= 9 for i in values):
                found.append((path.name, row))
    return found


def test_public_downloads_hold_no_victim_count_below_ten_and_internal_ones_do(site_sq, site_internal):
    assert not small_victim_counts(site_sq), small_victim_counts(site_sq)[:5]
    internal = small_victim_counts(site_internal)
    assert internal, "the internal edition should show the exact small counts (7, 7, 2, 1)"
    assert any(name.startswith("grants-reach-by-qark") for name, _ in internal)


def test_public_pages_show_the_mark_and_internal_pages_the_banner(site_sq, site_internal):
    grants = (site_sq / "grants.html").read_text(encoding="utf-8")
    assert "&lt;10" in grants or "\\u003c10" in grants
    for page in pages_of(site_internal):
        assert "I BRENDSHËM — mos e shpërndani" in page.read_text(encoding="utf-8"), page.name
    for page in pages_of(site_sq):
        assert "I BRENDSHËM" not in page.read_text(encoding="utf-8"), page.name


def test_hidden_victim_quotes_do_not_leak_in_hover_text(site_sq):
    # "ndihmoi shtatë viktima trafikimi" (ICMC, 7 victims) is the sentence behind a hidden count.
    for page in pages_of(site_sq):
        html = page.read_text(encoding="utf-8")
        assert "ndihmoi shtatë viktima" not in html, page.name
    for path in (site_sq / "data").glob("*.csv"):
        assert "ndihmoi shtatë viktima" not in path.read_text(encoding="utf-8"), path.name


def labels_of(row: list[str]) -> tuple[str, ...]:
    return tuple(cell.lower() for cell in row if VICTIM_WORDS.search(cell) and number(cell) is None)


def published_totals(site: Path) -> dict[tuple[str, ...], set[int]]:
    """Each victim label's numbers as the public site shows them, in any download's value columns."""
    shown: dict[tuple[str, ...], set[int]] = {}
    for path in (site / "data").glob("*.csv"):
        header, rows = rows_of(path)
        values = [i for i, name in enumerate(header) if VALUE_COLUMN.match(name) or name == "Vlera"]
        for row in rows:
            for label in labels_of(row):
                shown.setdefault((label,), set()).update(n for i in values if (n := number(row[i])) is not None)
    return shown


def test_no_hidden_count_can_be_recovered_by_subtraction(site_sq, site_internal):
    """For every download with hidden victim cells: if the full total of a group of cells is published for
    the same measure anywhere (the headline, another chart), the hidden cells of that group are at least
    two and together at least the threshold, so no one of them can be worked out."""
    published = published_totals(site_sq)
    checked = 0
    for path in sorted((site_sq / "data").glob("*.csv")):
        header, public_rows = rows_of(path)
        internal_path = site_internal / "data" / f"{path.stem}{INTERNAL_SUFFIX}.csv"
        if not internal_path.exists():
            continue
        internal_header, internal_rows = rows_of(internal_path)
        if len(internal_rows) != len(public_rows):
            continue
        groups: dict[tuple, list[tuple[list[str], list[str]]]] = {}
        for public, internal in zip(public_rows, internal_rows):
            labels = labels_of(public)
            if labels:
                groups.setdefault(labels, []).append((public, internal))
        for labels, pairs in groups.items():
            if len(pairs) < 2:
                continue  # a lone cell has no total to be subtracted from
            for column in (i for i, name in enumerate(header) if VALUE_COLUMN.match(name) and name in internal_header):
                # A hidden cell is blank with "fshehur" in its status column (or, in a text column, the mark itself).
                status_name = f"{header[column]} — gjendja"
                status = header.index(status_name) if status_name in header else None
                same = internal_header.index(header[column])
                hidden = [internal[same] for public, internal in pairs if HIDDEN.match(public[column].strip())
                          or (status is not None and public[status] == "fshehur")]
                if not hidden:
                    continue
                values = [number(internal[same]) for _, internal in pairs]
                if any(v is None for v in values):
                    continue
                total = sum(values)
                if not any(total in published.get((label,), set()) for label in labels):
                    continue
                checked += 1
                hidden_sum = sum(number(v) or 0 for v in hidden)
                assert len(hidden) >= 2 and hidden_sum >= THRESHOLD, (
                    f"{path.name} {labels} column '{header[column]}': total {total} is published and the hidden cells "
                    f"{hidden} could be recovered by subtraction")
    assert checked, "no group with hidden cells and a published total was found: the attack was never tried"


def test_suppression_log_in_manifest(site_sq, site_internal):
    public = json.loads((site_sq / "manifest.json").read_text(encoding="utf-8"))
    assert public["suppressions"] and all({"page", "view", "cell", "reason"} <= set(s) for s in public["suppressions"])
    assert {s["reason"] for s in public["suppressions"]} <= {"primary", "complementary"}
    internal = json.loads((site_internal / "manifest.json").read_text(encoding="utf-8"))
    assert internal["suppressions"] == []
