"""Typing the next report, through the command: `sitrep cite` finds quotes and fills line cells, `sitrep clean` checks
each value against its quote; on a copy of the committed report and the synthetic one, never the committed data."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep import paths

COMMITTED = paths.RAW / "kvktnj-2006"
SYNTHETIC_REPORT = Path(__file__).parents[1] / "fixtures" / "synthetic-2007"
LINE_COLUMNS = ("source_line", "place_line", "explained_line")
pytestmark = pytest.mark.slow  # each test runs the command, and cleaning, in processes of their own


def sitrep(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sitrep", *args], capture_output=True, text=True, timeout=300, cwd=cwd)


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def blank_lines(path: Path, encoding: str = "utf-8", newline: str = "\n", bom: bool = False) -> None:
    """The table with every line cell emptied, written in the given encoding and line end, as Excel might."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    for column in (c for c in LINE_COLUMNS if c in rows[0]):
        index = rows[0].index(column)
        for row in rows[1:]:
            row[index] = ""
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode(encoding))


def rewritten(path: Path, encoding: str = "utf-8", newline: str = "\n", bom: bool = False) -> bytes:
    """The committed table as it would be saved in that encoding and line end, its line cells as committed."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode(encoding)


@pytest.fixture
def raw(tmp_path, two_reports_raw) -> Path:
    """A copy of the committed report and the synthetic one, free to edit."""
    return shutil.copytree(two_reports_raw, tmp_path / "raw")


def test_a_quote_is_found_with_its_lines_and_text(raw):
    run = sitrep("cite", "--raw", str(raw), "--report", "kvktnj-2006", "për 150 studentë dhe praktikues")
    assert run.returncode == 0, run.stderr
    assert run.stdout == (f"{raw / 'kvktnj-2006' / 'report.txt'}: lines 1911–1912: akademike) për 150 studentë dhe "
                          "praktikues. Programi KVKTNj do të\n")


def test_a_quote_not_found_shows_the_nearest_passage_and_why_it_differs(raw):
    run = sitrep("cite", "--raw", str(raw), "--report", "kvktnj-2006",
                 "pjesëmarrje më të gjerë të strukturave jo shtetërore",
                 "Projekti prodhoi 104 episode radiofonike te nje")
    assert run.returncode == 1 and run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 3 and lines[-1] == "sitrep cite: 2 problem(s)", run.stderr
    hyphen, letters = sorted(lines[:2], key=lambda line: "jo shtetërore" not in line)
    assert hyphen.startswith(f"{raw / 'kvktnj-2006' / 'report.txt'}: 'pjesëmarrje më të gjerë të strukturave jo "
                             "shtetërore' is not in the text (nearest passage, lines 623–624: ")
    assert ("'jo shtetërore' is one word hyphenated at the end of line 623 ('jo-'): write 'joshtetërore', "
            "or 'jo-shtetërore'") in hyphen
    assert "a changed letter: 'te nje' where the text has 'të një' (e/ë)" in letters


def test_a_table_s_empty_line_cells_are_shown_then_written_exactly_as_committed(raw):
    report, synthetic = raw / "kvktnj-2006", raw / SYNTHETIC_REPORT.name
    for table in ("figures.csv", "gov_figures.csv", "grants.csv", "claims.csv"):
        blank_lines(report / table)
    # Excel habits: a byte-order mark and CRLF; Windows-1250
    blank_lines(synthetic / "figures.csv", newline="\r\n", bom=True)
    blank_lines(synthetic / "organizations.csv", encoding="cp1250")
    before = digest(raw)
    tables = [str(report / "figures.csv"), str(report / "claims.csv"), str(synthetic / "figures.csv"),
              str(synthetic / "organizations.csv")]
    shown = sitrep("cite", *tables)
    assert shown.returncode == 0, shown.stderr
    assert digest(raw) == before  # without --write nothing is written
    assert f"{report / 'figures.csv'}:3: source_line: 1911\n" in shown.stdout  # the line the number 150 is on
    assert f"{report / 'claims.csv'}:2: explained_line: 2392\n" in shown.stdout
    assert shown.stdout.endswith(
        "sitrep cite: would fill 57 cell(s) in 4 table(s); run again with --write to write them\n")

    written = sitrep("cite", "--write", *tables)
    assert written.returncode == 0, written.stderr
    assert written.stdout.endswith("sitrep cite: filled 57 cell(s) in 4 table(s)\n")
    # every line the command found is the committed one, and every other byte is as it was
    for name in ("figures.csv", "claims.csv"):
        assert (report / name).read_bytes() == (COMMITTED / name).read_bytes(), name
    assert (synthetic / "figures.csv").read_bytes() == rewritten(SYNTHETIC_REPORT / "figures.csv", newline="\r\n",
                                                                 bom=True)
    assert (synthetic / "organizations.csv").read_bytes() == rewritten(SYNTHETIC_REPORT / "organizations.csv",
                                                                       encoding="cp1250")
    changed = {name for name, sha in digest(raw).items() if before[name] != sha}
    assert changed == {"kvktnj-2006/figures.csv", "kvktnj-2006/claims.csv", "synthetic-2007/figures.csv",
                       "synthetic-2007/organizations.csv"}
    assert sorted(p.name for p in synthetic.iterdir()) == sorted(p.name for p in SYNTHETIC_REPORT.iterdir())


def test_a_row_whose_quote_is_not_found_is_named_and_the_others_are_filled(raw):
    figures = raw / SYNTHETIC_REPORT.name / "figures.csv"
    blank_lines(figures)
    figures.write_text(figures.read_text(encoding="utf-8").replace("trajnoi 30 punonjës", "trajnoi 30 punonjes"),
                       encoding="utf-8")
    run = sitrep("cite", "--write", str(figures))
    assert run.returncode == 1
    assert run.stdout.endswith("sitrep cite: filled 3 cell(s) in 1 table(s)\n")
    (problem, summary) = run.stderr.splitlines()
    assert problem.startswith(f"{figures}:5: quote: 'trajnoi 30 punonjes socialë' is not in "
                              f"{figures.parent / 'report.txt'} (nearest passage, lines 10–11: ")
    assert "a changed letter: 'punonjes' where the text has 'punonjës' (e/ë)" in problem
    assert summary == "sitrep cite: 1 problem(s)"
    rows = list(csv.DictReader(figures.open(encoding="utf-8")))
    assert [row["source_line"] for row in rows] == ["6", "6", "9", ""]


def test_cleaning_refuses_a_value_its_quote_does_not_print_and_names_the_rows_report(raw, tmp_path):
    figures = raw / "kvktnj-2006" / "figures.csv"
    text = figures.read_text(encoding="utf-8")
    figures.write_text(text.replace("dne-1,victims_assisted,83,afërsisht,", "dne-1,victims_assisted,38,rreth,"),
                       encoding="utf-8")
    synthetic = raw / SYNTHETIC_REPORT.name / "figures.csv"
    synthetic.write_text(synthetic.read_text(encoding="utf-8").replace("Projekti ndihmoi 25", "Projekti ndihmoj 25"),
                         encoding="utf-8")
    run = sitrep("clean", "--raw", str(raw), "--clean", str(tmp_path / "clean"))
    assert run.returncode == 1 and not (tmp_path / "clean").exists()
    assert run.stderr.splitlines() == [
        f"{figures}:12: qualifier: 'rreth' is not in its quote (the quote says 'afërsisht': write the qualifier as "
        "printed)",
        f"{figures}:12: value: 38 is not in its quote (the quote prints 83, 15)",
        f"{synthetic}:3: quote: 'Projekti ndihmoj 25 viktima' is not in {synthetic.parent / 'report.txt'} (nearest "
        "passage, line 6: 'Projekti ndihmoi 25 viktima'; 'ndihmoj' where the text has 'ndihmoi'; copy the words "
        "exactly from the source report; mark text you skip with …)",
        "sitrep: 3 problem(s); nothing was written",
    ]


def test_every_committed_row_passes_cleaning_values_and_qualifiers_included(tmp_path):
    run = sitrep("clean", "--raw", str(paths.RAW), "--clean", str(tmp_path / "clean"))
    assert run.returncode == 0, run.stderr
