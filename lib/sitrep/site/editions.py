"""A series of editions: one per report period, each in a folder of its own under --out, with an index above them.

Each edition reads its own slice of the clean tables (the rows of its reports and of earlier ones), so that adding
a later report changes no byte an earlier edition read, and so none of its pages or downloads.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from pathlib import Path

from markupsafe import Markup

from sitrep import i18n
from sitrep.files import (
    MARKER,
    MARKER_TEXT,
    display_path,
    is_ours,
    replace_directory,
    sha256,
    staging_directory,
    write_whole,
)
from sitrep.provenance import PROVENANCE_FILE
from sitrep.report.edition import DEFAULT_MIN_CELL, Edition
from sitrep.report.sources import REPORTS_FILE, Source, read_sources
from sitrep.site.frame import templates

EDITIONS_FOLDER = "editions"  # inside the clean folder: each edition's slice of the clean tables
MANIFEST = "manifest.json"
FAILED_SUFFIX = "-failed"


def folder_name(edition: Edition) -> str:
    """'2005-01_2006-07', with -en, -internal or -min5 when the edition is not the default Albanian public one."""
    name = edition.period.replace(":", "_")
    if edition.lang != "sq":
        name += f"-{edition.lang}"
    if edition.audience != "public":
        name += f"-{edition.audience}"
    if edition.min_cell != DEFAULT_MIN_CELL:
        name += f"-min{edition.min_cell}"
    return name


def report_periods(clean: Path) -> list[str]:
    """The distinct periods of the dataset's reports, in order: one edition each."""
    periods: list[str] = []
    for source in read_sources(clean):
        if source.period not in periods:
            periods.append(source.period)
    return periods


def known_sources(sources: list[Source], edition: Edition) -> list[Source]:
    """The reports an edition may draw on: its own and every earlier one (never a later one)."""
    end = edition.period_bounds[1]
    return [source for source in sources if source.bounds[0] <= end]


def _slice(path: Path, ids: set[str], column: str) -> str:
    """A clean CSV's header and the rows whose `column` is one of `ids`, written as the store writes them."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows[0])
    if column in rows[0]:
        index = rows[0].index(column)
        writer.writerows(row for row in rows[1:] if row[index] in ids)
    else:
        writer.writerows(rows[1:])
    return out.getvalue()


def edition_tables(clean: Path, edition: Edition, raw: Path | None = None) -> Path:
    """The edition's slice of the clean tables, under clean/editions/<folder>/, rewritten only when they changed."""
    target = Path(clean) / EDITIONS_FOLDER / folder_name(edition)
    provenance = Path(clean) / PROVENANCE_FILE
    made_from = sha256(provenance) if provenance.is_file() else ""
    try:
        if json.loads((target / PROVENANCE_FILE).read_text(encoding="utf-8")).get("made_from") == made_from:
            return target
    except (OSError, ValueError):
        pass
    from sitrep.report import marks  # pandas and the report stage, only when a slice is (re)written
    from sitrep.report.dataset import Dataset
    from sitrep.site.companions import report_texts

    ids = {source.id for source in known_sources(read_sources(clean), edition)}
    target.parent.mkdir(exist_ok=True)
    (target.parent / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    with staging_directory(target) as staging:
        inputs = {}
        for path in sorted(Path(clean).iterdir()):
            if path.suffix == ".csv":
                column = "id" if path.name == REPORTS_FILE else "report_id"
                (staging / path.name).write_text(_slice(path, ids, column), encoding="utf-8")
            elif path.suffix == ".geojson":
                shutil.copyfile(path, staging / path.name)
            else:
                continue
            inputs[path.name] = sha256(staging / path.name)
        bounds = edition.period_bounds
        lines = [line for text in (report_texts(raw, clean, bounds) if raw else []) for line in text.lines]
        texts = marks.edition_texts(Dataset(staging, edition), lines)
        (staging / marks.TEXTS_FILE).write_text(json.dumps(texts, ensure_ascii=False) + "\n", encoding="utf-8")
        inputs[marks.TEXTS_FILE] = sha256(staging / marks.TEXTS_FILE)
        record = {"inputs": inputs, "made_from": made_from, "reports": sorted(ids)}
        (staging / PROVENANCE_FILE).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        replace_directory(staging, target)
    return target


def ensure_series_folder(out: Path) -> None:
    """--out holds the editions side by side.

    A site of the single-edition layout (pages at the top) was made by sitrep and is cleared first; anything else
    of sitrep's is kept, edition by edition.
    """
    if (out / MANIFEST).is_file() and is_ours(out):
        with staging_directory(out) as staging:
            replace_directory(staging, out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def built_editions(out: Path) -> list[dict]:
    """Every edition folder under --out, from its manifest (failed builds kept beside them are not editions)."""
    editions = []
    for folder in sorted(p for p in Path(out).iterdir() if p.is_dir() and not p.name.startswith(".")):
        if folder.name.endswith(FAILED_SUFFIX) or not is_ours(folder):
            continue
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(manifest.get("edition"), dict):
            editions.append({"folder": folder.name, **manifest})
    return sorted(editions, key=lambda e: (e["edition"]["period"], e["edition"]["lang"], e["edition"]["audience"],
                                           e["edition"]["min_cell"]))


def render_index(editions: list[dict], lang: str, css: str) -> str:
    """The page above the editions: each one's period, language, audience, reports and pages, newest first."""
    rows = []
    for entry in reversed(editions):
        edition = Edition(**entry["edition"])
        start, end = edition.period_bounds
        rows.append({
            "href": f"{entry['folder']}/index.html",
            "period": i18n.t("edition.period", lang, start=i18n.month(start, lang), end=i18n.month(end, lang)),
            "language": i18n.t(f"lang.{edition.lang}", lang), "audience": i18n.t(f"audience.{edition.audience}", lang),
            "reports": [(source["short"], source["reference"]) for source in entry.get("sources", [])],
            "pages": len(entry.get("pages", [])) + 1,
        })
    return templates().get_template("editions.html.j2").render(
        lang=lang,
        title=i18n.t("editions.title", lang),
        intro=i18n.t("editions.intro", lang),
        rows=rows,
        css=Markup(css),
        empty=i18n.t("editions.empty", lang),
        no_reports=i18n.t("editions.no_reports", lang),
        headers={
            key: i18n.t(f"editions.column.{key}", lang)
            for key in ("period", "language", "audience", "reports", "pages")
        },
    )


def write_index(out: Path, lang: str, css: str, made_by: str, record: Path | None = None) -> Path:
    """--out/index.html, written whole (a reader never sees half of it).

    With a `record` in the cache, an index made from the same editions, language and code (`made_by`: digests of
    the code and the locked packages) as when it was last written, and unchanged since, is left as it is:
    rendering it would load jinja2 and babel for the same bytes.
    """
    path = Path(out) / "index.html"
    editions = built_editions(out)
    made_from = hashlib.sha256(json.dumps([editions, lang, css, made_by], sort_keys=True, ensure_ascii=False)
                               .encode()).hexdigest()
    if record is not None and path.is_file():
        try:
            last = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            last = {}
        if last.get("made_from") == made_from and last.get("file") == sha256(path):
            return path
    text = render_index(editions, lang, css).encode()
    write_whole(path, text)
    if record is not None:
        write_whole(record, json.dumps({"made_from": made_from, "file": hashlib.sha256(text).hexdigest()}).encode())
    return path


def describe(out: Path) -> str:
    """The editions index as a message names it, relative to where sitrep runs."""
    return display_path(Path(out) / "index.html")
