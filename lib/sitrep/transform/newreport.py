"""`sitrep new-report`: a new report's folder, with its report.toml to fill and its tables as headers only."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

from sitrep.errors import UsageError
from sitrep.extract.reports import FIELDS, ID_PATTERN, METADATA_FILE, is_report_folder
from sitrep.files import display_path, sha256
from sitrep.periods import parse_period
from sitrep.transform.notes import COLUMNS as NOTE_COLUMNS
from sitrep.transform.notes import NOTES_FILE
from sitrep.transform.schema import RAW_TABLES

TEXT_FILE = "report.txt"


def metadata_text(report_id: str, period: str, text_sha256: str = "") -> str:
    """report.toml with every field and its meaning: required ones to fill, optional ones commented out."""
    known = {"id": report_id, "period": period, "text": TEXT_FILE, "text_sha256": text_sha256}
    lines = [
        f"# The metadata of the report '{report_id}' (data/raw/README.md, \"Reports\", describes each field).",
        "# Fill every field marked 'required'; `sitrep clean` names each one still empty.",
        "# Optional fields are commented out: remove the '# ' before one to give it.",
    ]
    for key, (required, meaning) in FIELDS.items():
        value = json.dumps(known.get(key, ""), ensure_ascii=False)  # a JSON string is a TOML basic string
        lines += ["", f"# {'required' if required else 'optional'}: {meaning}",
                  f"{key} = {value}" if required else f"# {key} = {value}"]
    if not text_sha256:
        lines += ["# the text is not there yet: put it beside this file as report.txt and write its SHA-256 above"]
    return "\n".join(lines) + "\n"


def header_only(name: str) -> str:
    """A table's header row, as its CSV with no rows."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([field.name for field in RAW_TABLES[name].fields])
    return buffer.getvalue()


def new_report(raw_dir: Path, report_id: str, period: str, text: Path | None = None) -> Path:
    """Make raw_dir/report_id/ whole, or nothing: report.toml, the text when given, every table header-only."""
    raw_dir = Path(raw_dir)
    if not ID_PATTERN.match(report_id):
        raise UsageError(f"sitrep new-report: '{report_id}' is not a report id "
                         "(lowercase letters, digits and '-', e.g. kvktnj-2007)")
    if parse_period(period) is None:
        raise UsageError(f"sitrep new-report: --period '{period}' is not a period "
                         "(write YYYY-MM:YYYY-MM with the start first, e.g. 2007-01:2007-12)")
    if raw_dir.exists() and not raw_dir.is_dir():
        raise UsageError(f"sitrep new-report: {display_path(raw_dir)} is not a folder "
                         "(give the raw data's folder with --raw)")
    if is_report_folder(raw_dir):
        raise UsageError(f"sitrep new-report: {display_path(raw_dir)} is a report's own folder "
                         "(give the folder that holds the reports with --raw)")
    folder = raw_dir / report_id
    if folder.exists() or folder.is_symlink():
        raise UsageError(f"sitrep new-report: {display_path(folder)} already exists "
                         "(choose another id, or fill in the report that is there)")
    if text is not None:
        if not Path(text).is_file():
            raise UsageError(f"sitrep new-report: --text {display_path(text)} is not a file (give the report's text)")
        try:
            Path(text).read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            raise UsageError(f"sitrep new-report: --text {display_path(text)} is not UTF-8 text "
                             "(save it as UTF-8: its lines are what source_line counts)") from None
    raw_dir.mkdir(parents=True, exist_ok=True)
    # Written beside its place under a hidden name, then renamed: a failure leaves no half-made report behind.
    staging = Path(tempfile.mkdtemp(dir=raw_dir, prefix=f".{report_id}-"))
    try:
        digest = ""
        if text is not None:
            shutil.copyfile(text, staging / TEXT_FILE)
            digest = sha256(staging / TEXT_FILE)
        (staging / METADATA_FILE).write_text(metadata_text(report_id, period, digest), encoding="utf-8")
        for name, table in RAW_TABLES.items():
            (staging / table.file).write_text(header_only(name), encoding="utf-8")
        # The Albanian of the notes, to fill once the notes are written (data/raw/README.md, "Notes").
        (staging / NOTES_FILE).write_text(",".join(NOTE_COLUMNS) + "\n", encoding="utf-8")
        os.chmod(staging, 0o777 & ~_umask())
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder


def _umask() -> int:
    """The process's umask: mkdtemp makes a private folder, the report's folder is an ordinary one."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
