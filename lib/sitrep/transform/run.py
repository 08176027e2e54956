"""The cleaning step: read and check every raw table, then write every clean table at once."""

from __future__ import annotations

import gc
import json
import os
import shutil
import sys
import warnings
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd
import pandera.pandas as pa

from sitrep import paths
from sitrep.beside import Beside, Interrupted, replay
from sitrep.errors import DataError, Problem
from sitrep.extract.read import read_raw, read_report_table, workbook_sheets
from sitrep.extract.reports import METADATA_FILE, Report, read_reports
from sitrep.files import display_path, raw_folder, replace_directory, replaceable, sha256, staging_directory
from sitrep.provenance import PROVENANCE_FILE, clean_inputs, clean_outputs, code_digest, lock_digest
from sitrep.transform.checks import RawReport, check_raw
from sitrep.transform.clean import clean_tables
from sitrep.transform.conform import conforming, validated
from sitrep.transform.datapackage import datapackage_json, readme
from sitrep.transform.hxl import HXL_FILE, hxl_csv_text, three_w
from sitrep.transform.notes import read_translations, translate, untranslated, warning
from sitrep.transform.places import PLACES_FILE, Gazetteer, report_places
from sitrep.transform.quotes import SourceText
from sitrep.transform.schema import CLEAN_TABLES, RAW_TABLES
from sitrep.transform.store import write_table

ARROW_FROM_BYTES = 8 * 2**20  # of raw tables: about 30,000 figure rows


@dataclass
class RawData:
    """Every report of a dataset, checked: their metadata in order, and each raw table holding all their rows."""

    reports: list[Report]
    frames: dict[str, pd.DataFrame]
    gazetteer: Gazetteer  # the shared gazetteer, resolving each report's rows with its own places.csv
    warnings: list[str] = field(default_factory=list)  # what does not stop the cleaning (notes not yet translated)
    texts: dict[str, SourceText] = field(default_factory=dict)  # each report's text by id, read once


def read_report_tables(report: Report, gazetteer: Gazetteer | None = None) -> tuple[RawReport, list[Problem]]:
    """One report's tables and text, read (not yet checked), with its own places.csv added to the gazetteer."""
    frames, shown = {}, {}
    sheets, problems = workbook_sheets(report.folder, list(RAW_TABLES))
    for name in RAW_TABLES:
        frame, read_problems, shown[name] = read_report_table(report.folder, name, sheets)
        problems += read_problems
        if frame is not None:
            frames[name] = frame
    own = None
    places = report.folder / PLACES_FILE
    if gazetteer is not None and places.is_file():
        frame, read_problems = read_raw(places)
        problems += read_problems
        if frame is not None:
            rows, place_problems = report_places(frame, display_path(places), gazetteer)
            problems += place_problems
            own = gazetteer.extended(rows)
    return RawReport(report, frames, shown, SourceText.read(report.text_path), own), problems


@dataclass
class _Read:
    """Every report of a dataset as read, before the checks: what they and the cleaning start from."""

    reports: list[Report]
    raw_reports: list[RawReport]
    translations: dict[str, pd.DataFrame]
    gazetteer: Gazetteer
    problems: list[Problem]  # found while reading

    def checked(self, found: list[Problem]) -> list[Problem]:
        """Every problem, given those the checks `found`.

        A row with a broken cell (a quote left open, a control character) would fail every other check too: only
        the cause is told.
        """
        broken = {(problem.file, problem.row) for problem in self.problems if problem.column}
        return self.problems + [problem for problem in found if (problem.file, problem.row) not in broken]

    def data(self) -> RawData:
        """The reports' tables, each raw table holding all their rows, with the notes translated where they can be."""
        raw_reports, translations = self.raw_reports, self.translations
        frames = {
            name: pd.concat([translate(r.frames[name], translations[r.id]).assign(report_id=r.id)
                             for r in raw_reports], ignore_index=True)
            for name in RAW_TABLES
        }
        own = {r.id: r.gazetteer for r in raw_reports if r.gazetteer is not None}
        lines = [warning(r.report.folder, untranslated(r.frames, r.shown, translations[r.id])) for r in raw_reports]
        texts = {r.report.id: r.source for r in raw_reports if r.report.text_path is not None}
        return RawData(self.reports, frames, self.gazetteer.with_reports(own), [line for line in lines if line], texts)


def _read(raw_dir: Path, reference_dir: Path) -> _Read:
    raw_folder(raw_dir)
    gazetteer = Gazetteer.read(reference_dir / "gazetteer.csv")
    reports, problems = read_reports(raw_dir)
    if not reports and not problems:
        problems.append(
            Problem(
                display_path(raw_dir),
                None,
                "",
                f"holds no report (a folder with a {METADATA_FILE})",
                "give each report a folder of its own under data/raw/, as data/raw/README.md describes",
            )
        )
    raw_reports, translations = [], {}
    for report in reports:
        raw_report, read_problems = read_report_tables(report, gazetteer)
        problems += read_problems
        raw_reports.append(raw_report)
        translations[report.id], read_problems = read_translations(report.folder)
        problems += read_problems
    return _Read(reports, raw_reports, translations, gazetteer, problems)


def read_checked(raw_dir: Path, reference_dir: Path) -> RawData:
    """Every report's raw tables, read and checked; raises DataError listing every problem."""
    read = _read(raw_dir, reference_dir)
    problems = read.checked(check_raw(read.raw_reports, read.gazetteer))
    if problems:
        raise DataError(problems)
    return read.data()


def _checked_clean(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Coerce each clean table to its schema; a failure here is a defect of the cleaning, not of the data.

    Tables that meet their declarations pass without a pandera schema; the others are checked through it, by the
    same fast pass and then, where that is in doubt, by pandera, which tells what fails.
    """
    checked = {}
    for name, frame in tables.items():
        fast = conforming(CLEAN_TABLES[name].declared(), frame)
        if fast is not None:
            checked[name] = fast
            continue
        try:
            checked[name] = validated(CLEAN_TABLES[name].schema(), frame)
        except pa.errors.SchemaErrors as errors:
            first = errors.failure_cases.iloc[0]
            raise DataError(
                [
                    Problem(
                        f"{name}.csv",
                        None,
                        str(first["column"]),
                        f"clean table check '{first['check']}' failed",
                        "this is a defect of sitrep clean; please report it with the raw files",
                    )
                ]
            ) from None
    return checked


def _written(frame: pd.DataFrame, path: Path) -> tuple[str, str]:
    """Write a clean table; its file's name and hash."""
    write_table(frame, path)
    return path.name, sha256(path)


@contextmanager
def _without_collection():
    """Automatic garbage collection held off for a while, then as it was.

    Cleaning leaves a hundred or so objects in reference cycles, while one full collection walks every object the
    libraries hold: tens of milliseconds, a tenth of cleaning the committed data, to free almost nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run_clean(raw_dir: Path = paths.RAW, clean_dir: Path = paths.CLEAN, reference_dir: Path = paths.REFERENCE,
              warn: Callable[[str], None] | None = None) -> dict[str, pd.DataFrame]:
    """Clean `raw_dir` into `clean_dir`. On any problem nothing is written and the old tables stay.

    `warn` is told, one line each, what does not stop the cleaning (standard error when not given).
    """
    with _without_collection(), pd.option_context("mode.string_storage", _string_storage(Path(raw_dir))):
        return _run_clean(Path(raw_dir), Path(clean_dir), Path(reference_dir), warn)


def _string_storage(raw_dir: Path) -> str:
    """Python's string arrays for a dataset of a few megabytes, Arrow's for a larger one.

    Each call into Arrow costs tens of microseconds whatever its size: on the few thousand cells of a report's
    tables that is a sixth of the cleaning, while on a hundred thousand rows and more Arrow's kernels win.
    """
    tables = (path for path in raw_dir.rglob("*") if path.suffix in (".csv", ".xlsx") and path.is_file())
    return "python" if sum(path.stat().st_size for path in tables) < ARROW_FROM_BYTES else "pyarrow"


def _checks_and_hashes(read: _Read, raw_dir: Path, reference_dir: Path) -> tuple[list[Problem], dict, str]:
    """Every problem; where there is none, the hashes provenance records of the inputs and the code."""
    problems = read.checked(check_raw(read.raw_reports, read.gazetteer))
    if problems:
        return problems, {}, ""
    return problems, clean_inputs(raw_dir, reference_dir), code_digest()


def _made(read: _Read, reference_dir: Path) -> tuple[RawData, dict[str, pd.DataFrame]]:
    """The clean tables, from tables read (and checked, or being checked)."""
    raw = read.data()
    return raw, _checked_clean(clean_tables(raw.frames, raw.gazetteer, reference_dir / "geo", raw.reports, raw.texts))


def _hxl_text(tables: dict[str, pd.DataFrame]) -> str:
    return hxl_csv_text(three_w(tables))


def _run_clean(raw_dir: Path, clean_dir: Path, reference_dir: Path, warn: Callable[[str], None] | None
               ) -> dict[str, pd.DataFrame]:
    clean_dir = replaceable(clean_dir, "--clean", keep=[raw_dir, reference_dir])
    read = _read(raw_dir, reference_dir)
    # The checks run beside the cleaning, which starts meanwhile on the tables as read: what it makes is kept only
    # when the checks find nothing, and it stops as soon as they find something. Where they ran first (no fork) and
    # found problems, it does not start.
    checking: Beside | None = None
    made: tuple | Exception | None = None
    try:
        checking = Beside(_checks_and_hashes, read, raw_dir, reference_dir, stops=lambda checked: bool(checked[0]))
        # What the cleaning of tables not yet checked warns of is told only once the checks have passed.
        with warnings.catch_warnings(record=True) as warned:
            if not (checking.ready and checking.result()[0]):
                try:
                    with checking.interruptible():
                        made = _made(read, reference_dir)
                except Exception as error:  # bad tables may break the cleaning: the checks tell why
                    made = error
        problems, inputs, code = checking.result()
    except BaseException:
        if checking is not None:
            checking.cancel()
        raise
    if problems:
        raise DataError(problems)
    if isinstance(made, Interrupted):  # stopped by a signal that was not the checks': they found nothing
        made, warned = _made(read, reference_dir), []
    replay([(str(w.message), w.category, w.filename, w.lineno) for w in warned])
    if isinstance(made, Exception):
        raise made
    raw, tables = made
    for line in raw.warnings:
        (warn or (lambda text: print(text, file=sys.stderr)))(line)
    # The 3W, the slowest of the exports, is made beside the writing of the tables.
    exporting: Beside[str] | None = None
    try:
        exporting = Beside(_hxl_text, tables)
        return _written_all(raw, tables, exporting, clean_dir, reference_dir, inputs, code)
    except BaseException:
        if exporting is not None:
            exporting.cancel()
        raise


def _written_all(raw: RawData, tables: dict[str, pd.DataFrame], exporting: Beside[str], clean_dir: Path,
                 reference_dir: Path, inputs: dict, code: str) -> dict[str, pd.DataFrame]:
    """Write every clean table and export at once, with the provenance of them all, in place of the last ones."""
    with staging_directory(clean_dir) as staging:
        # Arrow's kernels, file writes and hashing release the GIL: the big tables are written (and hashed, as
        # provenance records them) side by side.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            written = dict(pool.map(lambda item: _written(item[1], staging / CLEAN_TABLES[item[0]].file),
                                    tables.items()))
        (staging / "datapackage.json").write_text(datapackage_json(raw.reports), encoding="utf-8")
        (staging / "README.md").write_text(readme(), encoding="utf-8")
        for geojson in sorted((reference_dir / "geo").glob("*.geojson")):
            shutil.copyfile(geojson, staging / geojson.name)
        (staging / HXL_FILE).write_text(exporting.result(), encoding="utf-8")
        recorded = {"inputs": inputs, "code": code, "lock": lock_digest(),
                    "outputs": clean_outputs(staging, written)}
        (staging / PROVENANCE_FILE).write_text(json.dumps(recorded, indent=2, ensure_ascii=False) + "\n",
                                               encoding="utf-8")
        replace_directory(staging, clean_dir)
    return tables
