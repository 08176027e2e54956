"""A report's report.toml: every field left to fill named at once, and the text's hash offered when it is missing."""

from __future__ import annotations

import hashlib

from sitrep.extract.reports import read_report


def test_a_missing_hash_hint_gives_the_texts_own(tmp_path):
    folder = tmp_path / "r-1"
    folder.mkdir()
    (folder / "report.txt").write_text("një rresht\n", encoding="utf-8")
    (folder / "report.toml").write_text(
        'id = "r-1"\ntitle = "T"\npublisher = "P"\nshort = "S"\npublished = "2008-02"\nperiod = "2007-01:2007-12"\n'
        'language = "sq"\nlicence = "L"\ntext = "report.txt"\ntext_sha256 = ""\n', encoding="utf-8")
    report, (problem,) = read_report(folder)
    assert report is None and problem.column == "text_sha256" and problem.message == "is empty"
    assert hashlib.sha256((folder / "report.txt").read_bytes()).hexdigest() in problem.hint


def test_an_absent_field_is_missing_and_an_absent_text_is_named_with_it(tmp_path):
    folder = tmp_path / "r-1"
    folder.mkdir()
    (folder / "report.toml").write_text('id = "r-1"\ntext = "raporti.txt"\n', encoding="utf-8")
    report, problems = read_report(folder)
    assert report is None
    assert ("title", "is missing") in {(p.column, p.message) for p in problems}
    assert ("text", "'raporti.txt' is not a file of this folder") in {(p.column, p.message) for p in problems}
