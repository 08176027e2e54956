"""`sitrep new-report`: a report's folder made whole or not at all, its report.toml listing every field to fill."""

from __future__ import annotations

import csv
import hashlib
import tomllib

import pytest

from sitrep.errors import UsageError
from sitrep.extract.reports import FIELDS, read_report
from sitrep.transform.newreport import new_report
from sitrep.transform.schema import RAW_TABLES


def test_a_new_report_has_every_field_and_every_table_header_only(tmp_path):
    text = tmp_path / "raporti.txt"
    text.write_text("Raporti i ri\nrreshti i dytë, me ë dhe ç\n", encoding="utf-8")
    folder = new_report(tmp_path / "raw", "kvktnj-2008", "2008-01:2008-12", text)
    assert folder == tmp_path / "raw" / "kvktnj-2008"
    assert (folder / "report.txt").read_bytes() == text.read_bytes()
    source = (folder / "report.toml").read_text(encoding="utf-8")
    meta = tomllib.loads(source)
    assert meta == {"id": "kvktnj-2008", "period": "2008-01:2008-12", "text": "report.txt",
                    "text_sha256": hashlib.sha256(text.read_bytes()).hexdigest(),
                    **{key: "" for key, (required, _) in FIELDS.items()
                       if required and key not in ("id", "period", "text", "text_sha256")}}
    for key, (required, meaning) in FIELDS.items():
        assert f"# {'required' if required else 'optional'}: {meaning}\n" in source, key
        if not required:
            assert f'\n# {key} = ""\n' in source, key  # there to uncomment
    for name, table in RAW_TABLES.items():
        with open(folder / table.file, encoding="utf-8", newline="") as handle:
            assert list(csv.reader(handle)) == [[field.name for field in table.fields]], name
    assert sorted(p.name for p in (tmp_path / "raw").iterdir()) == ["kvktnj-2008"]  # no staging left behind


def test_what_is_left_to_fill_is_one_problem_each(tmp_path):
    folder = new_report(tmp_path, "kvktnj-2008", "2008-01:2008-12")
    report, problems = read_report(folder)
    assert report is None
    left = sorted((p.column, p.message) for p in problems)
    to_fill = sorted(key for key, (required, _) in FIELDS.items() if required and key not in ("id", "period", "text"))
    expected = [(key, "is empty") for key in to_fill] + [("text", "'report.txt' is not a file of this folder")]
    assert left == sorted(expected)


@pytest.mark.parametrize(("report_id", "period", "message"), [
    ("KVKTNj 2008", "2008-01:2008-12", "'KVKTNj 2008' is not a report id"),
    ("kvktnj-2008", "2008-12:2008-01", "--period '2008-12:2008-01' is not a period"),
    ("kvktnj-2008", "2008", "--period '2008' is not a period"),
])
def test_a_bad_id_or_period_is_a_usage_error(tmp_path, report_id, period, message):
    with pytest.raises(UsageError, match=message) as caught:
        new_report(tmp_path, report_id, period)
    assert caught.value.exit_status == 2
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_refused_and_left_as_it_was(tmp_path):
    (tmp_path / "kvktnj-2008").mkdir()
    (tmp_path / "kvktnj-2008" / "shenime.txt").write_text("të miat", encoding="utf-8")
    with pytest.raises(UsageError, match="kvktnj-2008 already exists"):
        new_report(tmp_path, "kvktnj-2008", "2008-01:2008-12")
    assert [p.name for p in (tmp_path / "kvktnj-2008").iterdir()] == ["shenime.txt"]


def test_a_text_that_is_not_utf8_or_not_there_is_refused(tmp_path):
    text = tmp_path / "raporti.txt"
    text.write_bytes("Korçë".encode("cp1250"))
    with pytest.raises(UsageError, match="is not UTF-8 text"):
        new_report(tmp_path / "raw", "kvktnj-2008", "2008-01:2008-12", text)
    with pytest.raises(UsageError, match="is not a file"):
        new_report(tmp_path / "raw", "kvktnj-2008", "2008-01:2008-12", tmp_path / "nowhere.txt")
    assert not (tmp_path / "raw").exists()


def test_a_report_folder_is_not_a_dataset_to_add_to(tmp_path):
    new_report(tmp_path, "kvktnj-2008", "2008-01:2008-12")
    with pytest.raises(UsageError, match="is a report's own folder"):
        new_report(tmp_path / "kvktnj-2008", "kvktnj-2009", "2009-01:2009-12")


def test_a_new_report_has_an_empty_translation_table_for_its_notes(tmp_path):
    from sitrep.transform.notes import NOTES_FILE, read_translations

    folder = new_report(tmp_path, "kvktnj-2008", "2008-01:2008-12")
    assert (folder / NOTES_FILE).read_text(encoding="utf-8") == "note,note_sq\n"
    assert read_translations(folder) == ({}, [])
