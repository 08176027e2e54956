"""Reports as declared units: each folder under the raw data holds one report's metadata, text and tables."""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from sitrep.errors import Problem
from sitrep.files import display_path, sha256
from sitrep.periods import PERIOD_HINT, PUBLISHED_HINT, parse_period, parse_published

METADATA_FILE = "report.toml"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# key → (required, meaning); documented in data/raw/README.md and written by `sitrep new-report`.
FIELDS: dict[str, tuple[bool, str]] = {
    "id": (True, "the report's id, the same as its folder's name (lowercase letters, digits and '-')"),
    "title": (True, "the title as printed, in the report's language"),
    "title_en": (False, "the title in English, for English editions"),
    "publisher": (True, "who published it, as a citation names them (e.g. 'KVKTNj (USAID)')"),
    "publisher_en": (False, "the same in English"),
    "short": (True, "the short name citations use beside a line number (e.g. 'KVKTNj')"),
    "short_en": (False, "the same in English"),
    "prepared_by": (False, "who wrote it, if not the publisher"),
    "published": (True, "publication date, YYYY-MM or YYYY-MM-DD"),
    "period": (True, "the period the report covers, YYYY-MM:YYYY-MM"),
    "language": (True, "language of the text: sq or en"),
    "licence": (True, "the licence or terms under which the text is used, in the report's language"),
    "licence_en": (False, "the same in English"),
    "text": (True, "the file holding the report's text, in this folder (UTF-8)"),
    "text_sha256": (True, "SHA-256 of that file: a changed text changes every line number, so it is checked"),
}


@dataclass(frozen=True)
class Report:
    """One source report: where it lives and what a citation says about it."""

    id: str
    title: str
    publisher: str
    short: str
    published: str
    period: str
    language: str
    licence: str
    text: str
    text_sha256: str
    folder: Path
    title_en: str = ""
    publisher_en: str = ""
    short_en: str = ""
    prepared_by: str = ""
    licence_en: str = ""

    @property
    def text_path(self) -> Path:
        """Where the report's own text lies, the file its line numbers and quotes point into."""
        return self.folder / self.text

    @property
    def bounds(self) -> tuple[date, date]:
        """The first and last day of the period the report covers."""
        bounds = parse_period(self.period)
        assert bounds is not None, "checked on reading"
        return bounds

    @property
    def published_date(self) -> date:
        """The day the report came out; a publication given only to the month counts from its first day."""
        return parse_published(self.published)

    def order_key(self) -> tuple:
        """Reports are ordered by the period they cover: a later report may refer to what an earlier introduced."""
        start, end = self.bounds
        return start, end, self.id

    def record(self) -> dict[str, str]:
        """The metadata as one row of the clean `reports` table."""
        fields = asdict(self)
        fields.pop("folder")
        return fields


def is_report_folder(folder: Path) -> bool:
    """A folder holds one report when its metadata file is there."""
    return (Path(folder) / METADATA_FILE).is_file()


def report_folders(raw_dir: Path) -> list[Path]:
    """The report folders of a dataset; a folder that is itself a report is a dataset of one."""
    raw_dir = Path(raw_dir)
    if is_report_folder(raw_dir):
        return [raw_dir]
    return sorted(folder for folder in raw_dir.iterdir() if folder.is_dir() and is_report_folder(folder))


def read_report(folder: Path) -> tuple[Report | None, list[Problem]]:
    """The folder's report.toml, checked: every field present, dates and period well formed, the text as hashed."""
    path = Path(folder) / METADATA_FILE
    shown = display_path(path)
    try:
        meta = tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return None, [Problem(shown, None, "", f"is not readable TOML ({error})", 'write one key = "value" per line')]
    problems = []
    for key, value in meta.items():
        if key not in FIELDS:
            problems.append(Problem(shown, None, key, "is not a field of report.toml", f"fields: {', '.join(FIELDS)}"))
        elif not isinstance(value, str):
            problems.append(Problem(shown, None, key, "is not text", f'write {key} = "…" in double quotes'))
    text_file = str(meta.get("text", "")).strip()
    text_path = Path(folder) / text_file if text_file and isinstance(meta.get("text"), str) else None
    for key, (required, meaning) in FIELDS.items():
        if required and not str(meta.get(key, "")).strip():
            hint = f"give {meaning}"
            if key == "text_sha256" and text_path is not None and text_path.is_file():
                hint += f" (the SHA-256 of {text_file} is {sha256(text_path)})"
            problems.append(Problem(shown, None, key, "is empty" if key in meta else "is missing", hint))
    if problems:
        # Every field left to fill at once, the text too: a report just started has several.
        if text_path is not None and not text_path.is_file():
            problems.append(_no_text(shown, text_file))
        return None, problems
    meta = {key: value.strip() for key, value in meta.items()}
    if meta["id"] != Path(folder).name or not ID_PATTERN.match(meta["id"]):
        problems.append(Problem(shown, None, "id", f"'{meta['id']}' is not the folder's name '{Path(folder).name}'",
                                "name the folder after the report's id: lowercase letters, digits and '-'"))
    if parse_published(meta["published"]) is None:
        problems.append(Problem(shown, None, "published", f"'{meta['published']}' is not a date", PUBLISHED_HINT))
    if parse_period(meta["period"]) is None:
        problems.append(Problem(shown, None, "period", f"'{meta['period']}' is not a period",
                                PERIOD_HINT))
    if meta["language"] not in ("sq", "en"):
        problems.append(Problem(shown, None, "language", f"'{meta['language']}' is not sq or en", "write sq or en"))
    text = Path(folder) / meta["text"]
    if not text.is_file():
        problems.append(_no_text(shown, meta["text"]))
    elif (digest := sha256(text)) != meta["text_sha256"].lower():
        problems.append(
            Problem(
                shown,
                None,
                "text_sha256",
                f"does not match {meta['text']} (its SHA-256 is {digest})",
                "the text changed, which moves every source_line; if that is intended, write the new hash",
            )
        )
    if problems:
        return None, problems
    return Report(folder=Path(folder), **{key: meta.get(key, "") for key in FIELDS}), []


def _no_text(shown: str, text: str) -> Problem:
    return Problem(shown, None, "text", f"'{text}' is not a file of this folder",
                   "put the report's text beside report.toml as UTF-8 and name it here")


def read_reports(raw_dir: Path) -> tuple[list[Report], list[Problem]]:
    """Every report of the dataset, in order, with the problems of their metadata."""
    reports, problems = [], []
    for folder in report_folders(raw_dir):
        report, found = read_report(folder)
        problems += found
        if report is not None:
            reports.append(report)
    return sorted(reports, key=Report.order_key), problems
