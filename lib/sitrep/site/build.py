"""`sitrep build`: clean, then build each report period's edition into a folder of its own, and the editions index."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import hashlib
import json
import math
import os
import shutil
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sitrep import paths, provenance
from sitrep.errors import DataError, Problem, UsageError
from sitrep.files import (
    display_path,
    is_ours,
    raw_folder,
    replace_directory,
    replaceable,
    sha256,
    staging_directory,
    write_whole,
)
from sitrep.report.edition import Edition, check_district, check_options, check_parameter_names, check_parameters
from sitrep.report.sources import read_sources, within
from sitrep.site.cache import PageCache, PageKey
from sitrep.site.editions import (
    FAILED_SUFFIX,
    edition_tables,
    ensure_series_folder,
    folder_name,
    report_periods,
    write_index,
)
from sitrep.site.frame import Frame, PagePlan, areas_script, site_pages, write_assets
from sitrep.site.progress import Progress

if TYPE_CHECKING:
    from sitrep.site.workers import Pool


def _jobs(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of jobs from 1 to 64")
    return int(text)


def _min_cell(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 1000:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number from 1 to 1000")
    return int(text)


def add_build_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `sitrep build`: which tables, which editions, where to, and how the pages are run."""

    def folder(text: str) -> Path:
        return Path(text).expanduser()

    parser.add_argument("--raw", type=folder, default=paths.RAW, metavar="DIR", help="raw tables (default: data/raw)")
    parser.add_argument("--clean", type=folder, default=paths.CLEAN, metavar="DIR",
                        help="clean tables (default: data/clean)")
    parser.add_argument("--out", type=folder, default=paths.OUTPUTS, metavar="DIR",
                        help="the editions, each in a folder of its own, with an index (default: outputs)")
    parser.add_argument("--period", default=None, metavar="YYYY-MM:YYYY-MM",
                        help="build only this period's edition (default: one edition per report period)")
    parser.add_argument("--lang", default="sq", help="sq (default) or en")
    parser.add_argument("--audience", default="public", help="public (default: small victim counts hidden) or internal")
    parser.add_argument("--min-cell", type=_min_cell, default=10, metavar="N",
                        help="hide victim counts below N in public editions (default: 10)")
    parser.add_argument("--district", default=None, metavar="QARK",
                        help="build the district profile of this qark only (default: all 12)")
    parser.add_argument("--jobs", type=_jobs, default=os.cpu_count() or 1, metavar="N",
                        help="pages built at once (default: cores)")
    parser.add_argument("--no-cache", action="store_true",
                        help="rebuild every page, even unchanged ones (the clean tables are written again only when "
                             "their raw tables, code or packages changed: `sitrep clean` writes them anew)")
    parser.add_argument("--cache", type=folder, default=paths.PROJECT / ".sitrep-cache", metavar="DIR",
                        help="where built pages are kept for reuse")
    parser.add_argument("--self-contained", action="store_true",
                        help="each page a single file with plotly.js inside, for e-mail")
    parser.add_argument("--isolated", action="store_true", help="run each notebook in its own fresh kernel (slower)")
    parser.add_argument("--explain", action="store_true", help="say for each page why it was rebuilt or reused")
    parser.add_argument("--translation", type=folder, default=None, metavar="DIR",
                        help="the other language's editions of this report: every page links to the same page there")
    parser.add_argument("--pdf", action="store_true",
                        help="also print each edition's whole report to report.pdf (headless chromium)")
    parser.add_argument("--notebooks", type=folder, default=paths.NOTEBOOKS, metavar="DIR", help=argparse.SUPPRESS)


TIMED_PARTS = ("execute", "export", "frame")


def _down(seconds: float) -> float:
    return math.floor(seconds * 1000) / 1000


def page_timings(entry: dict, reused: bool, frame: float) -> dict:
    """This build's seconds on one page, split into executing its notebook, exporting its body and framing it.

    A reused page was neither executed nor exported by this build. Each part is rounded down and the total up,
    so that the parts never add up to more than the page took.
    """
    done = {} if reused else entry.get("timings", {})
    parts = {part: _down(done.get(part, 0.0)) for part in ("execute", "export")} | {"frame": _down(frame)}
    total = (0.0 if reused else entry.get("seconds", 0.0)) + frame
    return {**parts, "total": math.ceil(total * 1000) / 1000}


@dataclass
class PageResult:
    """One page of an edition: the values it runs with, and what its run or the cache gave back."""

    plan: PagePlan
    parameters: dict
    entry: dict | None = None  # body, downloads, report, error, seconds
    reason: str = ""
    cached: bool = False
    timings: dict = field(default_factory=dict)  # this build's seconds on the page: execute, export, frame

    @property
    def seconds(self) -> float:
        """This build's wall time on the page, from handing it to a worker until its file was written."""
        return self.timings.get("total", 0.0)

    @property
    def failed(self) -> bool:
        """Whether the page has nothing to publish: it was never run, or its notebook stopped with an error."""
        return self.entry is None or self.entry.get("error") is not None


@dataclass
class Build:
    """One edition: its pages, built from its own slice of the clean tables into its own folder."""

    edition: Edition
    raw: Path  # the reports' texts, for the source page and footnotes
    clean: Path  # the edition's slice (sitrep.site.editions.edition_tables)
    out: Path  # the edition's folder under --out
    notebooks: Path
    cache: PageCache | None
    isolated: bool
    self_contained: bool
    explain: bool
    district: str | None = None
    translation: Path | None = None  # the other language's edition of this period
    pdf: bool = False
    reuse: bool = True  # --no-cache: rebuild every page, and still refresh the cache with what was built
    progress: Progress = field(default_factory=Progress)
    results: list[PageResult] = field(default_factory=list)
    keys: dict[str, PageKey] = field(default_factory=dict)
    # The code's commit and the packages' versions the edition says it was made with: read while the workers start
    # (Series.ready_to_publish), or else when publishing.
    made_with: tuple[str, dict[str, str]] | None = None

    # Parameters reach a notebook as code: each is checked to be a plain literal before any kernel starts.
    def parameters(self, plan: PagePlan) -> dict:
        """The values the page's notebook runs with: the page, the edition's slice of the tables and the edition."""
        parameters = {"page": plan.slug, "clean_dir": str(self.clean.resolve()), **self.edition.as_parameters()}
        if plan.district:
            parameters["district"] = plan.district
        return check_parameters(parameters)

    def plan(self) -> list[PageResult]:
        """The pages this edition has, each with its parameters checked against its notebook's."""
        results = []
        start = self.edition.period_bounds[0]
        earlier = any(source.bounds[1] < start for source in read_sources(self.clean))
        for plan in site_pages(self.notebooks):
            if self.district and plan.district and plan.district != self.district:
                continue
            if plan.needs == "previous" and not earlier:
                continue  # the first period has nothing to compare with: no page, rather than an empty one
            notebook = self.notebooks / plan.notebook
            if not notebook.is_file():
                raise UsageError(f"{display_path(notebook)}: notebook missing")
            parameters = self.parameters(plan)
            check_parameter_names(notebook, parameters)
            results.append(PageResult(plan, parameters))
        return results

    def key(self, result: PageResult, code: str, lock: str) -> PageKey:
        """What a cached page must match to be reused: its notebook, its parameters, the code and the lock file."""
        notebook = self.notebooks / result.plan.notebook
        return PageKey(sha256(notebook), {**result.parameters, "clean_dir": "", "self_contained": self.self_contained},
                       code, lock)

    def prepare(self, code: str, lock: str) -> list[PageResult]:
        """Plan the edition's pages and take from the cache those whose inputs are unchanged."""
        self.results = self.plan()
        self.keys = {result.plan.slug: self.key(result, code, lock) for result in self.results}
        for result in self.results:
            if self.reuse and self.cache is not None:
                result.entry, result.reason = self.cache.lookup(self.keys[result.plan.slug], self.clean)
                result.cached = result.entry is not None
            else:
                result.reason = "--no-cache"
            if result.cached:
                self.check_received(result)
        return self.results

    def _record(self) -> Path:
        """Where the cache keeps what the edition's folder was last published from, and its files' hashes."""
        return self.cache.record(self.out)

    def _published_from(self) -> str:
        """A digest of everything the edition's folder is made from; the same digest means the same bytes.

        That is each page's key and stored body, the notebooks folder, the edition's options, commit and tables.
        """
        keys = [(r, self.keys[r.plan.slug]) for r in self.results]
        pages = [[r.plan.slug, key.digest, self.cache.entry_digest(key, r.entry)] for r, key in keys]
        notebooks = {p.name: sha256(p) for p in sorted(self.notebooks.iterdir()) if p.is_file()}
        made_from = self.clean / "provenance.json"
        state = {
            "pages": pages, "notebooks": notebooks, "edition": self.edition.as_parameters(),
            "district": self.district, "self_contained": self.self_contained, "isolated": self.isolated,
            "pdf": self.pdf, "raw": str(Path(self.raw).resolve()),
            "translation": str(Path(self.translation).resolve()) if self.translation else None,
            "commit": self._commit(), "clean": sha256(made_from) if made_from.is_file() else "",
        }
        return hashlib.sha256(json.dumps(state, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def _commit(self) -> str:
        return self.made_with[0] if self.made_with else provenance.commit()

    def _files(self) -> dict[str, str]:
        return {p.relative_to(self.out).as_posix(): sha256(p) for p in sorted(self.out.rglob("*")) if p.is_file()}

    def unchanged(self) -> bool:
        """Whether the edition's folder already holds exactly what publishing would write.

        That needs every page reused, everything else it is made from the same, and none of its files changed
        or gone since it was published.
        """
        if (not self.reuse or self.cache is None or not self.results
                or not all(r.cached and not r.failed for r in self.results)):
            return False
        try:
            record = json.loads(self._record().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return (record.get("made_from") == self._published_from() and self.out.is_dir()
                and record.get("files") == self._files())

    def _remember(self) -> None:
        if self.cache is None:
            return
        write_whole(self._record(), json.dumps({"made_from": self._published_from(), "files": self._files()}).encode())

    def finish(self, pool: Pool | None = None) -> int:
        """Publish the edition and, with --explain, say why each page was rebuilt or reused; returns the exit status.

        The `pool`'s workers, idle by then, may take some of the publishing.
        """
        if self.unchanged():
            for result in self.results:
                result.timings = page_timings(result.entry, True, 0.0)
            self.progress.note(f"{display_path(self.out)}: unchanged, every page and file as last published")
            status = 0
        else:
            status = self.publish(self.results, pool)
            if status == 0:
                self._remember()
        if self.explain:
            for result in self.results:
                split = ", ".join(f"{part} {result.timings.get(part, 0):.3f} s" for part in TIMED_PARTS)
                done = "reused" if result.cached else "rebuilt"
                seconds = f"{split} of {result.seconds:.3f} s"
                print(f"{self.out.name}/{result.plan.slug}: {done} ({result.reason}); {seconds}")
        return status

    def check_received(self, result: PageResult) -> None:
        """The values each notebook actually saw must be those asked for; otherwise the page is failed."""
        if result.failed:
            return
        received = result.entry["report"].get("received")
        # A reused page was checked when it ran; where its clean tables lay then is no part of what it shows
        # (their content is: the cache compares the hash of every table the page read).
        asked = {key: value for key, value in result.parameters.items() if not (result.cached and key == "clean_dir")}
        if received is None:
            result.entry["error"] = {"cell": 0, "name": "NoReport",
                                     "message": "the notebook did not call page.finish()"}
        elif {k: received.get(k) for k in asked} != asked:
            wrong = sorted(k for k in asked if received.get(k) != asked[k])
            result.entry["error"] = {"cell": 0, "name": "ParameterMismatch",
                                     "message": f"received other values for {', '.join(wrong)}"}

    def publish(self, results: list[PageResult], pool: Pool | None = None) -> int:
        """Write the edition beside its folder and swap it in whole; a failed build is kept beside it instead."""
        # A public edition publishes no hash of what it hides: a hash of the unsuppressed tables would let anyone
        # try each small value in turn until one matched. It hashes what it published instead; the input hashes
        # stay in the cache, outside the site. An internal edition names the exact tables it was built from.
        public = self.edition.audience == "public"  # privacy.hides_small_counts, without loading pandas here
        published = {name: hashlib.sha256(text.encode("utf-8")).hexdigest()
                     for result in results for name, text in ((result.entry or {}).get("downloads") or {}).items()}
        if public:
            data_digest = provenance.digest_mapping(published)
        else:
            clean_inputs = json.loads((self.clean / "provenance.json").read_text(encoding="utf-8"))["inputs"]
            data_digest = provenance.digest_mapping(clean_inputs)
        from sitrep.site import companions as extras

        sources = tuple(within(read_sources(self.clean), self.edition.period_bounds))
        has_grants = (self.clean / "grants.csv").is_file()
        run = pool.call if pool is not None else lambda function, *args: lambda: function(*args)
        texts = extras.report_texts(self.raw, self.clean, self.edition.period_bounds)
        hidden_quotes = [quote for r in results if r.entry for quote in r.entry["report"].get("withheld", [])]
        facts = run(programme_and_withheld, self.clean, self.edition, has_grants, texts, hidden_quotes)

        translation = extras.translation_link(self.out, self.translation, self.edition.lang)
        areas = {key: value for r in results if r.entry for key, value in r.entry["report"].get("areas", {}).items()}
        # The programme is named once a worker has read it; the workbook, started first, does not name it.
        versions = self.made_with[1] if self.made_with else provenance.versions()
        frame = Frame(self.edition, self._commit(), data_digest, self.self_contained, sources=sources,
                      areas=areas_script(areas) if areas else None,
                      translation=translation[0] if translation else None,
                      translation_lang=translation[1] if translation else None, source_page=bool(texts))
        downloads = {name: text for result in results if result.entry
                     for name, text in sorted((result.entry.get("downloads") or {}).items())}
        search: list[dict] = []
        order = [result.plan for result in results]
        failed = {result.plan.slug for result in results if result.failed}
        manifest_pages, suppressions = [], []
        shown_path = functools.lru_cache(maxsize=None)(display_path)  # the pages read the same few tables
        kept = self.out.with_name(self.out.name + FAILED_SUFFIX)  # a build that cannot be published whole
        with staging_directory(self.out) as staging:
            (staging / "data").mkdir()
            # Another worker writes the workbook, the slowest file, while the pages are framed here. A cell it
            # cannot hold is named in its download as the kept build holds it.
            workbook_written = extras.write_workbook(staging / "data", downloads, frame, call=run,
                                                     shown_as=display_path(kept / "data"))
            try:
                programme, withheld = facts()
                frame = dataclasses.replace(frame, programme=programme)
                (staging / "districts").mkdir()
                if not self.self_contained:
                    write_assets(staging)
                    if frame.areas:
                        (staging / "assets" / "areas.js").write_text(frame.areas, encoding="utf-8")
                for result in results:
                    framing = time.perf_counter()
                    entry = result.entry or {"html": "", "downloads": {}, "report": {}, "error": None, "seconds": 0}
                    error = entry.get("error")
                    banner = frame.failure_banner(error) if error else None
                    inputs = entry["report"].get("inputs", {})
                    if public:
                        shown = {name: published[name] for name in entry["downloads"]}
                        page_digest = provenance.digest_mapping(shown) if shown else None
                    else:
                        page_digest = provenance.digest_mapping(inputs) if inputs else None
                    body = extras.heading_order(extras.footnotes(entry["html"], texts, withheld, frame))
                    search += extras.search_entries(result.plan.href, frame.title(result.plan), body)
                    html = frame.render(
                        result.plan.slug,
                        frame.title(result.plan),
                        body,
                        order=order,
                        failure=banner,
                        parameters={k: v for k, v in result.parameters.items() if k != "clean_dir"},
                        data_digest=page_digest,
                    )
                    page_file = staging / result.plan.href
                    page_file.write_text(html, encoding="utf-8")
                    for name, text in sorted(entry["downloads"].items()):
                        (staging / "data" / name).write_text(text, encoding="utf-8")
                    suppressions += entry["report"].get("suppressions", [])
                    result.timings = page_timings(entry, result.cached, time.perf_counter() - framing)
                    manifest_pages.append({
                        "page": result.plan.href, "notebook": f"notebooks/{result.plan.notebook}",
                        "parameters": {k: v for k, v in result.parameters.items()},
                        "inputs": sorted(shown_path(self.clean / name) for name in inputs) if public else
                        {shown_path(self.clean / name): digest for name, digest in sorted(inputs.items())},
                        **({"downloads": {f"data/{name}": published[name] for name in sorted(entry["downloads"])}}
                           if public else {}),
                        "output_sha256": sha256(page_file), "seconds": result.seconds, "reused": result.cached,
                        "timings": {part: result.timings[part] for part in TIMED_PARTS},
                        "status": "failed" if error else "ok", "error": error,
                    })
                if texts:
                    glossary = extras.glossary_rows(self.clean, texts)
                    source = extras.source_page(texts, withheld, frame, order, glossary)
                    (staging / "source.html").write_text(source, encoding="utf-8")
                    search.append({"t": frame.t("nav.source"), "h": "source.html", "p": "", "x": ""})
                    search += extras.glossary_search(glossary, frame)
            except BaseException:
                with contextlib.suppress(Exception):
                    workbook_written()  # it is written into the staging folder: done before that is removed
                raise
            workbook_problems: list[Problem] = []
            try:
                workbook = workbook_written()
            except DataError as error:
                workbook, workbook_problems = None, error.problems
            index = frame.render_index(order, failed, versions, workbook=workbook)
            (staging / "index.html").write_text(index, encoding="utf-8")
            search.insert(0, {"t": frame.t("nav.home"), "h": "index.html", "p": "", "x": ""})
            if not self.self_contained:
                extras.write_search_index(staging / "assets", search, frame)
            if self.pdf:
                extras.print_pdf(staging, order, {}, frame)
            manifest = {
                "edition": self.edition.as_parameters(), "commit": frame.commit, "versions": versions,
                "data_sha256": frame.data_digest, "self_contained": self.self_contained,
                "isolated": self.isolated, "pages": manifest_pages, "suppressions": suppressions,
                "sources": [{"id": source.id, "short": source.short_name(self.edition.lang),
                             "reference": source.reference(self.edition.lang)} for source in sources],
            }
            (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                                   encoding="utf-8")
            if failed or workbook_problems:
                if kept.exists() and is_ours(kept):
                    shutil.rmtree(kept)
                os.rename(staging, kept)
                for slug in sorted(failed):
                    error = next(r.entry for r in results if r.plan.slug == slug)
                    print(
                        f"sitrep build: {slug}: failed at cell {(error or {}).get('error', {}).get('cell', '?')}: "
                        f"{((error or {}).get('error') or {}).get('message', 'no result')}".splitlines()[0],
                        file=sys.stderr,
                    )
                for line in DataError(workbook_problems).lines():
                    print(line, file=sys.stderr)
                what = [f"{len(failed)} page(s) failed"] if failed else []
                if workbook_problems:
                    what.append(f"the workbook cannot hold {len(workbook_problems)} cell(s) of the downloads")
                print(
                    f"sitrep build: {' and '.join(what)}; the last good edition in {display_path(self.out)} is "
                    f"unchanged; this build is kept in {display_path(kept)}",
                    file=sys.stderr,
                )
                return 1
            replace_directory(staging, self.out)
        self.progress.note(f"built {len(results) + 1} pages into {display_path(self.out)}")
        return 0



def edition_programme(clean: Path, edition: Edition) -> str:
    """The edition's grant programmes, as the grants chapter's title names them."""
    from sitrep.report.dataset import Dataset

    return Dataset(clean, edition).programme


def programme_and_withheld(clean: Path, edition: Edition, has_grants: bool, texts: list,
                           hidden_quotes: list[dict]) -> tuple[str, dict[str, set[int]]]:
    """The programme's name and the source lines to withhold, read in one call to a worker, which has pandas.

    The name titles the grants chapter; the lines are those that would give a hidden count away
    (sitrep.site.companions.withheld).
    """
    from sitrep.site.companions import withheld

    return edition_programme(clean, edition) if has_grants else "", withheld(texts, hidden_quotes)


@dataclass
class Series:
    """One run of `sitrep build`: clean once, then every edition asked for, all their pages in one pool."""

    editions: list[Edition] | None  # None: one edition per report period of the clean tables
    raw: Path
    clean: Path
    out: Path
    notebooks: Path
    cache: PageCache | None
    jobs: int
    isolated: bool
    self_contained: bool
    explain: bool
    lang: str
    audience: str
    min_cell: int
    district: str | None = None
    translation: Path | None = None  # the other language's series of editions
    pdf: bool = False
    reuse: bool = True
    progress: Progress = field(default_factory=Progress)

    @classmethod
    def from_arguments(cls, arguments: argparse.Namespace) -> Series:
        """The run that the command line asks for, every option checked before anything is cleaned or run."""
        # Every parameter is checked before anything is cleaned or run.
        check_options(arguments.lang, arguments.audience, arguments.min_cell)
        editions = None  # one edition per report period of the clean tables, once they are written
        if arguments.period is not None:
            editions = [Edition(period=arguments.period, lang=arguments.lang, audience=arguments.audience,
                                min_cell=arguments.min_cell)]
        raw_folder(arguments.raw)
        if not arguments.notebooks.is_dir():
            raise UsageError(f"{display_path(arguments.notebooks)}: no notebooks folder")
        # OUT holds the editions, each replaced whole and never another; CLEAN is replaced whole: both checked first.
        inputs = [arguments.raw, paths.REFERENCE, arguments.notebooks, arguments.cache]
        out = replaceable(arguments.out, "--out", keep=[*inputs, arguments.clean])
        clean = replaceable(arguments.clean, "--clean", keep=[*inputs, arguments.out])
        check_parameters({"clean_dir": str(clean)})  # before the clean tables are written, not after
        return cls(
            editions=editions, raw=arguments.raw, clean=clean, out=out, notebooks=arguments.notebooks,
            cache=PageCache(arguments.cache), reuse=not arguments.no_cache, jobs=arguments.jobs,
            isolated=arguments.isolated, self_contained=arguments.self_contained, explain=arguments.explain,
            lang=arguments.lang, audience=arguments.audience, min_cell=arguments.min_cell,
            district=check_district(arguments.district) if arguments.district else None,
            translation=arguments.translation, pdf=arguments.pdf,
        )

    def clean_is_current(self) -> bool:
        """Whether the clean tables may be reused: written from these raw tables, by this code and these packages.

        That holds under --no-cache too: it is about pages, and clean tables proven current by their hashes are
        what cleaning again would write, byte for byte.
        """
        from sitrep.provenance import clean_is_current

        return self.cache is not None and clean_is_current(self.raw, self.clean, paths.REFERENCE)

    def clean_step(self, current: bool) -> None:
        """Write the clean tables from the raw ones, unless they are `current` (see clean_is_current)."""
        if current:
            self.progress.note("clean: raw tables unchanged, clean tables reused")
            return
        from sitrep.transform.run import run_clean  # pandas and pandera: loaded only when there is cleaning to do

        started = time.perf_counter()
        run_clean(self.raw, self.clean, warn=self.progress.note)
        self.progress.note(f"clean: {display_path(self.clean)} written in {time.perf_counter() - started:.1f}s")

    def builds(self) -> list[Build]:
        """One build per edition asked for, or per report period of the clean tables when none was."""
        editions = self.editions or [
            Edition(period=period, lang=self.lang, audience=self.audience, min_cell=self.min_cell)
            for period in report_periods(self.clean)
        ]
        if not editions:
            raise UsageError(
                f"{display_path(self.clean)}: the clean tables hold no report, so there is no edition to build "
                "(give --period to build an empty one)"
            )
        builds = []
        for edition in editions:
            out = self.out / folder_name(edition)
            replaceable(out, "--out", keep=[self.raw, self.clean, self.notebooks])
            replaceable(out.with_name(out.name + FAILED_SUFFIX), "--out", keep=[self.raw, self.clean, self.notebooks])
            builds.append(self.build_for(edition, edition_tables(self.clean, edition, self.raw), out))
        return builds

    def build_for(self, edition: Edition | None = None, clean: Path | None = None, out: Path | None = None) -> Build:
        """One edition's build (by default the one --period asked for, reading CLEAN, into OUT, as given)."""
        if edition is None and not self.editions:
            raise UsageError("give --period: which edition to build")
        edition = edition or self.editions[0]
        out = out or self.out
        other = dataclasses.replace(edition, lang="en" if edition.lang == "sq" else "sq")
        return Build(
            edition=edition, raw=self.raw, clean=clean or self.clean, out=out, notebooks=self.notebooks,
            cache=self.cache, isolated=self.isolated, self_contained=self.self_contained, explain=self.explain,
            district=self.district, progress=self.progress, pdf=self.pdf, reuse=self.reuse,
            # the other language's edition of the same period, side by side under --translation
            translation=self.translation / folder_name(other) if self.translation else None,
        )

    def run(self) -> int:
        """Clean, build every edition and write the editions index; returns the exit status."""
        current = self.clean_is_current()
        with contextlib.ExitStack() as stack:
            pool = None
            if not current or not self.reuse:
                # New clean tables (or --no-cache) mean pages to run: the workers make their imports while the
                # tables are written and the editions planned, not after. A no-op rebuild imports none of this.
                from sitrep.site.export import page_body
                from sitrep.site.workers import Pool

                pool = stack.enter_context(Pool(self.jobs, isolated=self.isolated, export=page_body))
                pool.start()
            self.clean_step(current)
            builds = self.builds()
            code, lock = provenance.code_digest(), provenance.lock_digest()
            pending = [(build, result) for build in builds for result in build.prepare(code, lock)
                       if result.entry is None]
            if pending and pool is None:
                from sitrep.site.export import page_body
                from sitrep.site.workers import Pool

                pool = stack.enter_context(Pool(min(self.jobs, len(pending)), isolated=self.isolated,
                                                export=page_body))
                pool.start()  # while publishing is made ready below
            if pending:
                self.ready_to_publish(builds)
            self.execute(pending, pool)
            ensure_series_folder(self.out)
            # The workers stay for the publishing: they hold the tables and libraries this process never loads.
            status = max(build.finish(pool) for build in builds)
        from sitrep.site.frame import _asset_text

        index = write_index(self.out, self.lang, _asset_text("site.css"), f"{code} {lock}",
                            self.cache.record(self.out / "index.html") if self.cache is not None else None)
        self.progress.note(f"{len(builds)} edition(s) built; the editions index is {display_path(index)}")
        return status

    @staticmethod
    def ready_to_publish(builds: list[Build]) -> None:
        """What publishing needs besides the pages, made while the workers start rather than after the last page.

        The templates compiled, babel's locale data loaded, the publishing modules imported, and the commit and
        package versions read (a git process, and a read of each package's metadata).
        """
        from sitrep import i18n
        from sitrep.site import companions  # noqa: F401  - imported now, not once the last page is back
        from sitrep.site.frame import compile_templates

        compile_templates()
        i18n.load_locales()
        made_with = (provenance.commit(), provenance.versions())
        for build in builds:
            build.made_with = made_with

    def execute(self, pending: list[tuple[Build, PageResult]], pool: Pool) -> None:
        """Every edition's pages that need running, in the pool of warm workers."""
        if not pending:
            return
        from sitrep.site.workers import Task

        by_key = {f"{build.out.name}/{result.plan.slug}": (build, result) for build, result in pending}
        tasks = [Task(key, self.notebooks / result.plan.notebook, result.parameters, self.notebooks)
                 for key, (_, result) in by_key.items()]
        self.progress.start(len(tasks))
        handed: dict[str, float] = {}

        def start(task: Task) -> None:
            handed[task.key] = time.perf_counter()
            self.progress.started(task.key)

        for outcome in pool.run(tasks, on_start=start):
            build, result = by_key[outcome.key]
            entry = {"html": "", "downloads": {}, "report": {}, "error": None}
            received = time.perf_counter()
            if outcome.body is not None:  # the worker exported the page's body
                body = outcome.body
                entry.update(html=body.html, downloads=body.downloads, report=body.report)
            # From handing the page to a worker until its body came back: the execute and export parts, and
            # what lies between them (the body's trip from the worker, the parent's own work, waiting). The
            # hand-over is noted just after it is sent, so the worker's own seconds bound the total from below.
            entry["seconds"] = max(received - handed.get(outcome.key, received), outcome.seconds)
            entry["timings"] = {"execute": outcome.execute, "export": outcome.export}
            if outcome.error is not None:
                entry["error"] = dataclasses.asdict(outcome.error)
            result.entry = entry
            self.progress.finished(outcome.key, outcome.seconds, failed=outcome.error is not None)
            build.check_received(result)
            if self.cache is not None and entry["error"] is None:
                self.cache.store(build.keys[result.plan.slug], entry)
        self.progress.stop()


def _terminate(signum, frame):  # SIGTERM unwinds like Ctrl-C: workers stopped, staging removed, OUT untouched
    raise KeyboardInterrupt


def run_build(arguments: argparse.Namespace) -> int:
    """`sitrep build`: the whole series from the command line's options; returns the exit status."""
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return Series.from_arguments(arguments).run()
    finally:  # a handler that was not set from Python reads as None: what it stands for is the default
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)
