"""Benchmarks that print, never assert: `python -m sitrep.bench clean|build|pages|series|tests|all`, or `profile PAGE`.

The machine is shared and noisy: each figure is the median of several runs, and comparisons are
ratios measured within the same run.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import pandas as pd

from sitrep import paths

ROWS = 1_000_000
# Place forms as partners write them: inflected, with and without diacritics, framed in running text.
PLACE_FORMS = [
    "Shkodër", "Shkodra", "Shkodrës", "Shkodrën", "Shkoder", "Korçës", "Korce", "Tiranës", "Tirane", "Durrësit",
    "qarkun e Durrësit", "Lezhës", "Rrëshenit", "Lushnjës", "Përrenjasit", "Devollit", "Elbasanit", "Gramshit",
    "Vlorës", "Fierit", "Roskovecit", "Patosit", "Kukësit", "Hasit", "Tropojës", "Dibrës", "Beratit", "Pogradecit",
    "Gjirokastrës", "Kakavijës", "Tre Urave", "Pukës", "Malësi të Madhe", "në të gjithë vendin",
]
METRICS = ["prevention_reached", "victims_assisted", "sheltered", "people_trained", "seminars"]
# The made-up second report of the test suite: copied under other years, it makes a series of any length.
SYNTHETIC_REPORT = paths.PROJECT / "tests" / "fixtures" / "synthetic-2007"
SYNTHETIC_YEAR = "2007"
# Tables whose first column is the row's own id (an id is the dataset's: each copy gives its rows their own).
KEYED_TABLES = ("claims.csv", "donor_programs.csv", "gov_figures.csv", "grants.csv", "ngo_efforts.csv")


def reprinted(value: str, rng: random.Random) -> str:
    """A count written as partners write it: 1,271 as 1.271, 1 271 or 1271; words stay words."""
    digits = value.replace(",", "").replace(".", "").replace(" ", "")
    if not digits.isdigit() or not 4 <= len(digits) <= 6:
        return value
    separator = rng.choice([",", ".", " ", ""])
    return f"{digits[:-3]}{separator}{digits[-3:]}"


def first_report(raw: Path) -> Path:
    """The folder of the dataset's first report: the one the benchmarks scale or touch."""
    from sitrep.extract.reports import report_folders

    return report_folders(raw)[0]


def synthetic_raw(target: Path, rows: int, seed: int = 2006) -> Path:
    """A dataset like data/raw whose first report's figures table has `rows` rows (and a grant for every ten)."""
    rng = random.Random(seed)
    shutil.copytree(paths.RAW, target)
    source = first_report(paths.RAW)
    report = target / source.name
    figures = pd.read_csv(source / "figures.csv", dtype=str, keep_default_na=False)
    grants = pd.read_csv(source / "grants.csv", dtype=str, keep_default_na=False)
    grant_count = max(1, rows // 10)
    template = grants.iloc[[i % len(grants) for i in range(grant_count)]].reset_index(drop=True)
    template["grant_id"] = [f"g-{i}" for i in range(grant_count)]
    template["places"] = ["; ".join(rng.sample(PLACE_FORMS, rng.randint(1, 3))) for _ in range(grant_count)]
    template.to_csv(report / "grants.csv", index=False)
    pool = figures.sample(n=rows, replace=True, random_state=seed).reset_index(drop=True)
    pool["grant_id"] = [f"g-{rng.randrange(grant_count)}" for _ in range(rows)]
    pool["metric"] = [rng.choice(METRICS) for _ in range(rows)]
    if "unit" in pool:  # each count in its measure's own unit, as cleaning checks
        from sitrep.transform.vocab import METRICS as MEASURES

        pool["unit"] = pool["metric"].map(lambda metric: MEASURES[metric].unit)
    # The quotes stay real so that every one is found in the source, and each value and qualifier stays the one its
    # quote prints (cleaning checks that); digits are written in each of the forms partners use.
    pool["value"] = [reprinted(value, rng) for value in pool["value"]]
    pool.to_csv(report / "figures.csv", index=False)
    for name in ("nap_links",):
        links = pd.read_csv(source / f"{name}.csv", dtype=str, keep_default_na=False)
        links["grant_id"] = [f"g-{i % grant_count}" for i in range(len(links))]
        links.to_csv(report / f"{name}.csv", index=False)
    return target


def series_raw(target: Path, periods: int) -> Path:
    """A dataset of `periods` reporting periods: the committed reports, then the synthetic report under later years.

    Each copy shifts the synthetic report's year in its tables, text and metadata (the plan ids, such as
    nap_2005_2007, stay), suffixes its own ids with the year, and refers to the organisations the first copy lists.
    """
    target.mkdir(parents=True)
    committed = [folder for folder in sorted(paths.RAW.iterdir()) if (folder / "report.toml").is_file()][:periods]
    for folder in committed:
        shutil.copytree(folder, target / folder.name)
    ids = set()
    for name in KEYED_TABLES:
        with (SYNTHETIC_REPORT / name).open(encoding="utf-8", newline="") as handle:
            ids |= {row[0] for row in list(csv.reader(handle))[1:] if row}
    own_id = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(ids, key=len, reverse=True))) + r")(?![\w-])")
    year_of = re.compile(rf"(?<![_\d]){SYNTHETIC_YEAR}(?!\d)")
    for copy in range(periods - len(committed)):
        year = str(int(SYNTHETIC_YEAR) + copy)
        folder = target / f"synthetic-{year}"
        folder.mkdir()
        for source in sorted(SYNTHETIC_REPORT.iterdir()):
            text = year_of.sub(year, source.read_text(encoding="utf-8"))
            if copy and source.suffix == ".csv":
                text = own_id.sub(lambda match: f"{match.group(0)}-{year}", text)
            if copy and source.name == "organizations.csv":  # listed once, by the first copy
                text = text.splitlines(keepends=True)[0]
            (folder / source.name).write_text(text, encoding="utf-8")
        metadata = folder / "report.toml"
        digest = hashlib.sha256((folder / "report.txt").read_bytes()).hexdigest()
        metadata.write_text(re.sub(r'text_sha256 = "[0-9a-f]*"', f'text_sha256 = "{digest}"',
                                   metadata.read_text(encoding="utf-8")), encoding="utf-8")
    return target


def _tree_memory(pid: int) -> int:
    """The memory a process and its children hold of their own (USS: pages shared by a fork counted once), in bytes."""
    import psutil

    try:
        root = psutil.Process(pid)
        return sum(process.memory_full_info().uss for process in [root, *root.children(recursive=True)])
    except psutil.Error:  # a fork ended while it was read
        return 0


def _clean_once(raw: Path, clean: Path, sampled: bool = False) -> tuple[float, float, float]:
    """Clean in a fresh process: (seconds, peak resident MB, and `sampled`, peak MB held with its forks).

    What the process and its forks hold of their own (USS) is read every 50 ms: a fork's pages shared with its
    parent, counted in both resident figures, are counted once. Reading it costs CPU: a timed run is not sampled.
    """
    code = (
        "import resource, sys, time\n"
        "from pathlib import Path\n"
        "from sitrep.transform.run import run_clean\n"
        "t = time.perf_counter()\n"
        f"run_clean(Path({str(raw)!r}), Path({str(clean)!r}))\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    held = 0
    while sampled and process.poll() is None:
        held = max(held, _tree_memory(process.pid))
        time.sleep(0.05)
    out, err = process.communicate()
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, process.args, out, err)
    seconds, peak = out.split()
    return float(seconds), float(peak), held / 2**20


def bench_clean(rows: int = ROWS, repeats: int = 3) -> dict:
    """(e) Clean the committed data, and a synthetic raw folder of `rows` figure rows, in fresh processes."""
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as scratch:
        committed = [_clean_once(paths.RAW, Path(scratch) / f"committed-{i}")[0] for i in range(repeats)]
        print(f"(e) clean the committed data: median {statistics.median(committed):.2f} s of {repeats} runs "
              f"{target(statistics.median(committed), 0.5)}")
        raw = synthetic_raw(Path(scratch) / "raw", rows)
        runs = [_clean_once(raw, Path(scratch) / f"clean-{i}") for i in range(repeats)]
        held = _clean_once(raw, Path(scratch) / "clean-sampled", sampled=True)[2]
    seconds = statistics.median(run[0] for run in runs)
    peak = max(run[1] for run in runs)
    print(f"(e) clean {rows:,} figure rows: median {seconds:.2f} s of {repeats} runs {target(seconds, 10)}; "
          f"peak resident memory {peak:,.0f} MB; with the forks that check and export beside it, at most "
          f"{held:,.0f} MB of memory of their own in one more run, sampled {target(held, 2048, ' MB')}")
    return {"rows": rows, "seconds": seconds, "peak_mb": peak, "held_mb": held, "runs": runs, "committed": committed}


def sitrep_build(out: Path, *args: str) -> float:
    """Run `sitrep build` into `out` in a fresh process; its wall time in seconds."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sitrep", "build", "--out", str(out), *args], check=True,
                   capture_output=True, text=True)
    return time.perf_counter() - started


REFERENCE_LOOP = 5_000_000


def machine_reference(repeats: int = 3) -> float:
    """Seconds a fixed pure-Python loop takes here (median of `repeats`): how fast this machine is on the day.

    Figures measured on other days, or while a neighbour keeps the host busy, can then be set side by side.
    """
    def once() -> float:
        started, total = time.perf_counter(), 0
        for number in range(REFERENCE_LOOP):
            total += number
        return time.perf_counter() - started

    return statistics.median(once() for _ in range(repeats))


def target(value: float, limit: float, unit: str = " s", *, at_least: bool = False) -> str:
    """The target a figure is held to, and whether it holds."""
    holds = value >= limit if at_least else value <= limit
    return f"(target {'≥' if at_least else '≤'} {limit:g}{unit}: {'holds' if holds else 'does not hold'})"


def site_pages(out: Path) -> list[dict]:
    """Every page of every edition built into `out`, each with its notebook and the exact parameters it ran with."""
    manifests = sorted(Path(out).glob("*/manifest.json"))
    return [page for manifest in manifests for page in json.loads(manifest.read_text())["pages"]]


def naive_loop(pages: list[dict], scratch: Path) -> float:
    """The plain loop over the same pages and parameters: papermill, then jupyter nbconvert, per page."""
    bin_dir = Path(sys.executable).parent
    started = time.perf_counter()
    for number, page in enumerate(pages):
        params = scratch / f"params-{number}.json"
        params.write_text(json.dumps(page["parameters"]))
        executed = scratch / f"page-{number}.ipynb"
        subprocess.run(
            [
                str(bin_dir / "papermill"),
                str(paths.PROJECT / page["notebook"]),
                str(executed),
                "-f",
                str(params),
                "--cwd",
                str(paths.NOTEBOOKS),
                "-k",
                "python3",
                "--no-progress-bar",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run([str(bin_dir / "jupyter"), "nbconvert", "--to", "html", str(executed)], check=True,
                       capture_output=True)
    return time.perf_counter() - started


def page_sizes(site: Path) -> tuple[int, int, str]:
    """The largest page's size, the total of all pages, and the largest page's name."""
    sizes = {str(p.relative_to(site)): p.stat().st_size for p in site.rglob("*.html")}
    largest = max(sizes, key=sizes.get)
    return sizes[largest], sum(sizes.values()), largest


def draw_times(site: Path) -> dict[str, float]:
    """Seconds from navigation until every chart of the page has drawn its marks, in headless chromium."""
    from playwright.sync_api import sync_playwright

    args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
    times = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        for page_file in sorted(site.rglob("*.html")):
            samples = []
            for _ in range(3):
                page = browser.new_page()
                started = time.perf_counter()
                page.goto(page_file.as_uri())
                page.wait_for_function(
                    "[...document.querySelectorAll('div.plot')].every(d => d.classList.contains('js-plotly-plot')"
                    " && d.querySelector('.main-svg'))", timeout=30_000)
                samples.append(time.perf_counter() - started)
                page.close()
            times[str(page_file.relative_to(site))] = statistics.median(samples)
        browser.close()
    return times


def phone_heights(site: Path, width: int = 390) -> dict[str, int]:
    """Each page's height in pixels in headless chromium at a phone's width, as loaded (folds closed)."""
    from playwright.sync_api import sync_playwright

    heights = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless=new"])
        page = browser.new_page(viewport={"width": width, "height": 844})
        for page_file in sorted(site.rglob("*.html")):
            page.goto(page_file.as_uri())
            heights[str(page_file.relative_to(site))] = page.evaluate("document.documentElement.scrollHeight")
        browser.close()
    return heights


def bench_sizes(scratch: Path, common: list[str], site: Path | None = None) -> dict[str, tuple[int, int, str]]:
    """(d): each edition's largest page and total, in site mode and self-contained (plotly.js inlined in each page)."""
    sizes = {}
    for lang in ("sq", "en"):
        out = site if site is not None and lang == "sq" else scratch / f"sizes-{lang}"
        if out != site:
            sitrep_build(out, *common, "--lang", lang)
        contained = scratch / f"contained-{lang}"
        sitrep_build(contained, *common, "--lang", lang, "--self-contained")
        (largest, total, name), (c_largest, c_total, c_name) = page_sizes(out), page_sizes(contained)
        sizes[lang], sizes[f"{lang} self-contained"] = (largest, total, name), (c_largest, c_total, c_name)
        print(
            f"(d) page sizes, {lang} edition: site mode largest {largest / 1024:.0f} KB ({name}), total "
            f"{total / 1024:.0f} KB {target(largest / 1024, 300, ' KB a page')}; self-contained largest "
            f"{c_largest / 1024:.0f} KB ({c_name}), total {c_total / 1024 / 1024:.1f} MB"
        )
    return sizes


def bench_rebuilds(scratch: Path, out: Path, common: list[str], repeats: int = 3) -> tuple[list, list]:
    """(b) and (c): a rebuild with nothing changed, and one after a raw file changed, of the site in `out`."""
    sitrep_build(out, *common)
    noop = [sitrep_build(out, *common) for _ in range(repeats)]
    print(f"(b) rebuild with nothing changed: median {statistics.median(noop):.2f} s "
          f"{target(statistics.median(noop), 0.3)}")
    raw = scratch / "raw"
    shutil.copytree(paths.RAW, raw)
    sitrep_build(out, *common, "--raw", str(raw))
    events = first_report(raw) / "events.csv"
    touched = []
    original = events.read_text(encoding="utf-8")
    for _ in range(repeats):
        events.write_text(original.replace("2006-06-19", "2006-06-20", 1), encoding="utf-8")
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "sitrep", "build", "--out", str(out), *common, "--raw", str(raw), "--explain"],
            check=True,
            capture_output=True,
            text=True,
        )
        touched.append((time.perf_counter() - started, result.stdout.count("rebuilt")))
        events.write_text(original, encoding="utf-8")
        subprocess.run([sys.executable, "-m", "sitrep", "build", "--out", str(out), *common, "--raw", str(raw)],
                       check=True, capture_output=True)
    print(
        f"(c) rebuild after changing one raw file (events.csv): median "
        f"{statistics.median(t for t, _ in touched):.1f} s, "
        f"{touched[0][1]} of {len(site_pages(out))} pages re-ran"
    )
    return noop, touched


def bench_build(repeats: int = 3) -> dict:
    """(a)–(d), (f): cold, no-op and one-file rebuilds, page sizes and drawing times, in one run."""
    results = {}
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as scratch:
        scratch = Path(scratch)
        out, cache = scratch / "site", scratch / "cache"
        common = ["--clean", str(scratch / "clean"), "--cache", str(cache)]
        sitrep_build(out, *common)  # warm the clean tables, so that both sides below run the same pages
        pages = site_pages(out)
        cold, naive, cleaning = [], [], []
        for _ in range(repeats):
            cold.append(sitrep_build(out, *common, "--no-cache"))
            naive.append(naive_loop(pages, scratch))
            shutil.rmtree(scratch / "clean")  # the benchmark's own: the next build cleans again, from nothing
            cleaning.append(sitrep_build(out, *common, "--no-cache"))
        ratio = statistics.median(n / c for n, c in zip(naive, cold))
        print(
            f"(a) cold full build ({len(pages)} pages, --no-cache, from the current clean tables): median "
            f"{statistics.median(cold):.1f} s; plain papermill + nbconvert loop over the same pages and tables: "
            f"median {statistics.median(naive):.1f} s; ratio {ratio:.1f}× {target(ratio, 25, '×', at_least=True)}; "
            f"with the cleaning too (no clean tables yet): median {statistics.median(cleaning):.1f} s"
        )
        results.update(bench_pages(repeats))
        noop, touched = bench_rebuilds(scratch, out, common, repeats)
        sizes = bench_sizes(scratch, common, out)
        (largest, total, _), c_largest = sizes["sq"], sizes["sq self-contained"][0]
        times = draw_times(out)
        slowest = max(times, key=times.get)
        print(
            f"(f) time to draw every chart in headless chromium: median over pages "
            f"{statistics.median(times.values()):.2f} s, "
            f"slowest {times[slowest]:.2f} s ({slowest}) {target(times[slowest], 1.5)}"
        )
        heights = phone_heights(out)
        tallest = max(heights, key=heights.get)
        quality = next((h for name, h in heights.items() if name.endswith("quality.html")), 0)
        print(f"(g) page height at 390 px: data-quality page {quality:,} px; tallest {heights[tallest]:,} px "
              f"({tallest})")
        results.update(cold=cold, naive=naive, cleaning=cleaning, ratio=ratio, noop=noop, touched=touched,
                       largest=largest, total=total, contained_largest=c_largest, draw=times, heights=heights)
    return results


def _built_pages(scratch: Path) -> tuple[list[dict], Path]:
    """Build the default site once; its manifests hold each page's notebook and the exact parameters it ran with."""
    out = scratch / "site"
    sitrep_build(out, "--clean", str(scratch / "clean"), "--cache", str(scratch / "cache"))
    return site_pages(out), out


def warm_page_passes(pages: list[dict], repeats: int = 3,
                     after_each: Callable[[], object] | None = None) -> list[dict[str, float]]:
    """Seconds each page's notebook takes to execute in a warm worker, as a build runs it, in each of `repeats`.

    Each repeat runs every page once, in the build's order, in a shell set up as a build's worker sets it up, from
    an empty memo (sitrep.report.memo): what an edition's pages share is computed by the first that needs it, and
    no page is served its own results from an earlier run. A first pass pays for what a worker holds before any page.
    `after_each` runs after each measured pass: what is compared with it is measured in the same minute.
    """
    from sitrep.report import memo
    from sitrep.site.workers import warm_shell

    shell = warm_shell()
    passes = []
    for attempt in range(repeats + 1):
        memo.clear()
        seconds = {}
        for page in pages:
            started = time.perf_counter()
            shell.run(paths.PROJECT / page["notebook"], page["parameters"], paths.NOTEBOOKS)
            seconds[page["page"]] = time.perf_counter() - started
        if attempt:
            passes.append(seconds)
            if after_each is not None:
                after_each()
    return passes


def worker_start() -> float:
    """Seconds for a fresh worker to be ready for its first page (the part of a cold build no page can share).

    What a build's workers are forked with: every module their fork server imports, the last of which makes the
    warm shell (in a profile folder of its own).
    """
    code = ("import importlib, time; t = time.perf_counter()\nfrom sitrep.site import workers\n"
            "for name in workers.preloaded():\n    importlib.import_module(name)\nprint(time.perf_counter() - t)")
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def bench_pages(repeats: int = 3) -> dict:
    """(h) warm page execute times, and the floor a cold build cannot beat: worker start + Σ page time / jobs.

    The machine's speed moves from one minute to the next here, so each warm pass is followed at once by a worker
    start and a cold build; the triple with the median ratio is printed, with the ratio of each.
    """
    jobs = os.cpu_count() or 1  # sitrep build's --jobs default
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as scratch:
        scratch = Path(scratch)
        pages, out = _built_pages(scratch)
        paired: list[tuple[float, float]] = []
        passes = warm_page_passes(pages, repeats, after_each=lambda: paired.append((worker_start(), sitrep_build(
            out, "--clean", str(scratch / "clean"), "--cache", str(scratch / "cache"), "--no-cache"))))
    times = {page["page"]: statistics.median(seconds[page["page"]] for seconds in passes) for page in pages}
    floors = [start + sum(seconds.values()) / jobs for seconds, (start, _) in zip(passes, paired)]
    cold = [build for _, build in paired]
    ratios = [build / floor for build, floor in zip(cold, floors)]
    median, slowest = statistics.median(times.values()), max(times, key=times.get)
    print(f"(h) warm page execute: median {median:.2f} s over {len(times)} pages {target(median, 0.15)}, slowest "
          f"{times[slowest]:.2f} s ({slowest}) {target(times[slowest], 0.5)}")
    # the triple with the median ratio, its figures as measured together (a median of each would not add up)
    chosen = sorted(range(len(ratios)), key=ratios.__getitem__)[(len(ratios) - 1) // 2]
    start = paired[chosen][0]
    print(
        f"(a) floor = worker start {start:.2f} s + Σ page time {sum(passes[chosen].values()):.2f} s / {jobs} jobs = "
        f"{floors[chosen]:.2f} s; cold build measured with it {cold[chosen]:.2f} s: {ratios[chosen]:.2f}× the floor "
        f"{target(ratios[chosen], 1.5, '×')} (the median of {len(ratios)}: "
        f"{', '.join(f'{r:.2f}×' for r in ratios)})"
    )
    return {"pages": times, "worker_start": start, "floor": floors[chosen], "cold": cold}


def profile_page(slug: str, top: int = 25, sort: str = "tottime") -> None:
    """CProfile of one warm page, by own time (or `sort`: cumulative), each as a share of the page.

    As in a build: the worker has run every page once (its imports), then, from an empty memo, the edition's other
    pages, so that what they share is already computed and the page's own results are not.
    """
    import cProfile
    import pstats

    from sitrep.report import memo
    from sitrep.site.workers import warm_shell

    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as scratch:
        pages, _ = _built_pages(Path(scratch))
        chosen = [page for page in pages if page["page"].removesuffix(".html") == slug]
        if not chosen:
            raise SystemExit(f"no page '{slug}'; choose one of "
                             f"{', '.join(p['page'].removesuffix('.html') for p in pages)}")
        page = chosen[0]
        shell = warm_shell()
        for other in pages:
            shell.run(paths.PROJECT / other["notebook"], other["parameters"], paths.NOTEBOOKS)
        memo.clear()
        for other in pages:
            if other is not page:
                shell.run(paths.PROJECT / other["notebook"], other["parameters"], paths.NOTEBOOKS)
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        shell.run(paths.PROJECT / page["notebook"], page["parameters"], paths.NOTEBOOKS)
        profiler.disable()
        total = time.perf_counter() - started
    stats = pstats.Stats(profiler)
    column = 3 if sort == "cumulative" else 2
    rows = sorted(((values[column], values[1], func) for func, values in stats.stats.items()), reverse=True)
    if sort == "cumulative":  # what holds the whole page (the shell running its cells, each cell) is no overhead
        rows = [(seconds, calls, (file, line, name)) for seconds, calls, (file, line, name) in rows
                if "IPython" not in file and "<ipython-input" not in file and file != "~"
                and not (file.endswith("execute.py") and name == "run")]
    print(f"profile of {page['page']} (warm, as in a build): {total:.3f} s; the largest single costs by "
          f"{'cumulative' if sort == 'cumulative' else 'own'} time:")
    for seconds, calls, (file, line, name) in rows[:top]:
        where = f"{Path(file).name}:{line}({name})" if line else name
        print(f"  {seconds / total:6.1%}  {seconds:7.3f} s  {calls:7d} calls  {where}")


def bench_series(periods: int = 10, repeats: int = 3) -> dict:
    """(j) A dataset of `periods` reporting periods builds every edition: seconds per edition as the series grows."""
    sizes = sorted({1, periods})
    results = {}
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as scratch:
        scratch = Path(scratch)
        for size in sizes:
            raw, clean = series_raw(scratch / f"raw-{size}", size), scratch / f"clean-{size}"
            cleaning = statistics.median(_clean_once(raw, clean)[0] for _ in range(repeats))
            builds = []
            for run in range(repeats):
                # An empty cache: every page of every edition runs, and the clean tables just written are reused.
                out, cache = scratch / f"site-{size}-{run}", scratch / f"cache-{size}-{run}"
                builds.append(sitrep_build(out, "--raw", str(raw), "--clean", str(clean), "--cache", str(cache)))
            editions = len([folder for folder in out.iterdir() if (folder / "manifest.json").is_file()])
            seconds = statistics.median(builds)
            results[size] = {"clean": cleaning, "build": seconds, "editions": editions}
            first = results[sizes[0]]["build"] / max(1, results[sizes[0]]["editions"])
            each = seconds / max(1, editions)
            print(f"(j) {size:>2} reporting period(s): clean median {cleaning:.1f} s; cold build of {editions} "
                  f"edition(s) median {seconds:.1f} s, {each:.1f} s an edition ({each / first:.2f}× the one-period "
                  f"figure) {target(each / first, 1, '×')}")
    return results


TEST_LOG = paths.PROJECT / ".make-test.log"  # written by `make test`
TEST_TARGET = 6 * 60


def read_test_log(text: str) -> dict:
    """What a `make test` log tells: its arguments, wall seconds, exit status, load, slowest tests and summary."""
    lines = text.splitlines()
    ended = next((line for line in reversed(lines) if line.startswith("make test: wall ")), "")
    match = re.match(r"make test: wall (\d+) s, exit (\d+), load average at the end (.*)", ended)
    durations = re.compile(r"^\s*\d+(?:\.\d+)?s (?:call|setup|teardown)\s+\S+")
    summary = next((line.strip("= ") for line in reversed(lines) if re.search(r" in [\d.]+s", line)), "")
    return {
        "args": lines[0].removeprefix("make test ARGS=").strip() if lines else "",
        "seconds": int(match.group(1)) if match else None,
        "returncode": int(match.group(2)) if match else None,
        "load": match.group(3) if match else "",
        "slowest": [line.strip() for line in lines if durations.match(line)][:10],
        "summary": summary,
    }


def bench_tests(run: bool = False) -> dict:
    """(i) the whole test suite as `make test` runs it, with its ten slowest tests: the last run's log, or a new run."""
    if run:
        subprocess.run(["make", "test"], cwd=paths.PROJECT, capture_output=True, text=True)
    if not TEST_LOG.is_file():
        print(f"(i) make test: no log of a run yet ({TEST_LOG.name}); run `make test`, or `sitrep.bench tests --run`")
        return {}
    found = read_test_log(TEST_LOG.read_text(encoding="utf-8", errors="replace"))
    if found["seconds"] is None:
        print(f"(i) make test: the last run did not finish ({TEST_LOG.name} has no wall time)")
        return found
    whole = "" if not found["args"] else f" with ARGS={found['args']} (not the whole suite)"
    print(f"(i) make test{whole}: {found['seconds'] / 60:.1f} min wall time, exit {found['returncode']}, load average "
          f"at the end {found['load']} {target(found['seconds'] / 60, TEST_TARGET / 60, ' min')}; {found['summary']}; "
          "slowest ten:")
    for line in found["slowest"]:
        print(f"  {line}")
    return found


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks and print their figures."""
    parser = argparse.ArgumentParser(prog="python -m sitrep.bench", description=__doc__)
    parser.add_argument("what", choices=("clean", "build", "rebuilds", "pages", "sizes", "series", "tests", "profile",
                                         "all"))
    parser.add_argument("page", nargs="?", default="grants", help="with profile: the page to profile (default grants)")
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--periods", type=int, default=10, help="with series: the reporting periods of the dataset")
    parser.add_argument("--run", action="store_true", help="with tests: run `make test` rather than read its last log")
    parser.add_argument("--sort", choices=("tottime", "cumulative"), default="tottime",
                        help="with profile: by own time (default) or by cumulative time")
    arguments = parser.parse_args(argv)
    print(f"sitrep benchmarks on {os.cpu_count()} cores; medians of {arguments.repeats} runs; this machine adds "
          f"{REFERENCE_LOOP:,} integers in pure Python in {machine_reference():.2f} s (its speed on the day)")
    if arguments.what == "profile":
        profile_page(arguments.page, sort=arguments.sort)
        return 0
    if arguments.what in ("build", "all"):
        bench_build(arguments.repeats)  # (a)'s floor needs (h): both are printed there
    if arguments.what == "pages":
        bench_pages(arguments.repeats)
    if arguments.what == "rebuilds":  # (b) and (c) alone, without the naive loop and the cold builds
        with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as scratch:
            scratch = Path(scratch)
            common = ["--clean", str(scratch / "clean"), "--cache", str(scratch / "cache")]
            sitrep_build(scratch / "site", *common)
            bench_rebuilds(scratch, scratch / "site", common, arguments.repeats)
    if arguments.what == "sizes":  # (d) alone, without the timed builds around it
        with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as scratch:
            scratch = Path(scratch)
            bench_sizes(scratch, ["--clean", str(scratch / "clean"), "--cache", str(scratch / "cache")])
    if arguments.what in ("clean", "all"):
        bench_clean(arguments.rows, arguments.repeats)
    if arguments.what in ("series", "all"):
        bench_series(arguments.periods, arguments.repeats)
    if arguments.what in ("tests", "all"):
        bench_tests(arguments.run)
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except BrokenPipeError:  # its reader stopped early (`| head`): what it read is all there is to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error as Python flushes stdout
        raise SystemExit(0) from None
