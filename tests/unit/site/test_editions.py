"""Each edition's folder name, and its slice of the clean tables: its reports' rows and earlier ones', never later."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys

from sitrep.files import MARKER, MARKER_TEXT
from sitrep.report.edition import Edition
from sitrep.site.editions import MANIFEST, edition_tables, folder_name, write_index


def test_folder_names_say_period_then_what_is_not_the_default():
    assert folder_name(Edition(period="2005-01:2006-07")) == "2005-01_2006-07"
    assert folder_name(Edition(period="2007-01:2007-06", lang="en", audience="internal", min_cell=5)) == \
        "2007-01_2007-06-en-internal-min5"


def test_an_editions_slice_holds_its_reports_and_earlier_ones(synthetic_clean_dir, tmp_path):
    import shutil

    clean = shutil.copytree(synthetic_clean_dir, tmp_path / "clean")
    first = edition_tables(clean, Edition(period="2005-01:2006-07"))
    second = edition_tables(clean, Edition(period="2007-01:2007-06"))

    def reports(folder, name):
        with open(folder / name, encoding="utf-8", newline="") as handle:
            return {row["report_id"] for row in csv.DictReader(handle)}

    assert reports(first, "grants.csv") == {"kvktnj-2006"}
    assert reports(second, "grants.csv") == {"kvktnj-2006", "synthetic-2007"}
    with open(clean / "grants.csv", encoding="utf-8", newline="") as handle:
        whole = [row for row in csv.DictReader(handle) if row["report_id"] == "kvktnj-2006"]
    with open(first / "grants.csv", encoding="utf-8", newline="") as handle:
        assert list(csv.DictReader(handle)) == whole
    stamp = (first / "grants.csv").stat().st_mtime_ns
    assert edition_tables(clean, Edition(period="2005-01:2006-07")) == first
    assert (first / "grants.csv").stat().st_mtime_ns == stamp  # unchanged tables: the slice is not rewritten


def _edition_folder(out, period: str, lang: str = "sq") -> None:
    folder = out / folder_name(Edition(period=period, lang=lang))
    folder.mkdir(parents=True)
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    manifest = {"edition": Edition(period=period, lang=lang).as_parameters(), "pages": [], "sources": []}
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def test_the_editions_index_is_written_again_only_when_what_it_lists_or_its_file_changed(tmp_path):
    out, record = tmp_path / "out", tmp_path / "cache" / "index.json"
    _edition_folder(out, "2005-01:2006-07")
    index = write_index(out, "sq", "body {}", "code", record)
    first = index.read_bytes()
    assert b"2005" in first and record.is_file()
    written = index.stat().st_mtime_ns
    # The same editions, language and code, in a process of its own: the index is left as it is, and neither
    # jinja2 nor babel is loaded to render the same bytes
    code = ("import sys\nfrom pathlib import Path\nfrom sitrep.site.editions import write_index\n"
            f"write_index(Path({str(out)!r}), 'sq', 'body {{}}', 'code', Path({str(record)!r}))\n"
            "print(sorted(m for m in ('jinja2', 'babel') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]" and index.stat().st_mtime_ns == written
    # a new edition is listed
    _edition_folder(out, "2006-08:2007-12")
    assert b"2007" in write_index(out, "sq", "body {}", "code", record).read_bytes()
    # an index changed by hand is written again, as is one of other code or another language
    listing = index.read_bytes()
    index.write_text("edited by hand", encoding="utf-8")
    assert write_index(out, "sq", "body {}", "code", record).read_bytes() == listing
    remembered = record.read_text(encoding="utf-8")
    assert write_index(out, "sq", "body {}", "other code", record).read_bytes() == listing
    assert record.read_text(encoding="utf-8") != remembered
    assert write_index(out, "en", "body {}", "other code", record).read_bytes() != listing
    # an edition folder removed leaves the index
    shutil.rmtree(out / folder_name(Edition(period="2006-08:2007-12")))
    assert b"2007" not in write_index(out, "en", "body {}", "other code", record).read_bytes()
    # without a record (no cache), it is written each time
    index.write_text("edited by hand", encoding="utf-8")
    assert write_index(out, "en", "body {}", "other code").read_bytes() != b"edited by hand"
