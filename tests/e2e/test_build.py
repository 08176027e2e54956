"""`sitrep build` end to end: layout, manifest, determinism, cache, parameters, failure and interruption."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from sitrep import paths
from sitrep.site.frame import site_pages
from sitrep.site.kernel import KERNEL_SOCKETS_PREFIX, POOL_SOCKETS_PREFIX, SHORT_TEMPORARY

from sitebuild import (
    Run,
    build,
    copy_build,
    copy_tree,
    once_per_session,
    only_period,
    pages_of,
    session_folder,
    tree_digest,
)

pytestmark = pytest.mark.slow
# The page list comes from the chapter registry, itself checked against the notebooks in tests/unit/site.
# A chapter that needs an earlier period (the comparison) is not built for the committed report alone.
PAGES = [plan for plan in site_pages() if not plan.needs]


# Built once per session (like the editions in conftest.py), whichever worker runs the tests that read them.
@pytest.fixture(scope="session")
def one_district(tmp_path_factory) -> Run:
    """A good build of the chapters and one county profile (named without its diacritics), with its clean tables and
    cache: the tests below copy it as the last good site that a failed or interrupted build must leave in place."""
    return once_per_session(tmp_path_factory, "one_district", lambda: build(
        session_folder(tmp_path_factory, "one-district"), "--district", "korce"))


def main_of(page: Path) -> str:
    """What a page shows inside its <main>: its notebook's body, with the footnotes the build adds to it."""
    text = page.read_text(encoding="utf-8")
    return text[text.index("<main"):text.index("</main>")]


def test_site_layout(site_sq):
    names = {str(p.relative_to(site_sq)) for p in pages_of(site_sq)}
    assert {"index.html", "source.html", *(plan.href for plan in PAGES)} == names
    assert sum(1 for name in names if name.startswith("districts/")) == 12
    assert {p.name for p in (site_sq / "assets").iterdir()} >= {"plotly.min.js", "site.css", "site.js", "geo-assets.js"}
    assert any((site_sq / "data").glob("*.csv"))
    for page in pages_of(site_sq):
        text = page.read_text(encoding="utf-8")
        assert '<html lang="sq">' in text
        assert "cdn." not in text and "https://" not in text.split("<body>")[0], page


def test_manifest_records_every_page_with_inputs_and_hashes(site_sq, site_internal):
    import hashlib

    manifest = json.loads((site_sq / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["commit"] and manifest["versions"]["pandas"]
    assert sorted(entry["page"] for entry in manifest["pages"]) == sorted(plan.href for plan in PAGES)
    for entry in manifest["pages"]:
        page = site_sq / entry["page"]
        assert hashlib.sha256(page.read_bytes()).hexdigest() == entry["output_sha256"]
        assert entry["parameters"]["lang"] == "sq" and entry["notebook"].startswith("notebooks/")
        # public: the tables read are named, and what was published is hashed (input hashes would be an oracle)
        assert entry["inputs"] and all(isinstance(name, str) for name in entry["inputs"])
        for name, digest in entry.get("downloads", {}).items():
            assert hashlib.sha256((site_sq / name).read_bytes()).hexdigest() == digest
        assert entry["status"] == "ok" and entry["seconds"] > 0 and not entry["reused"]
        # this build ran the page: its time split into executing the notebook, exporting its body and framing it
        timings = entry["timings"]
        assert sorted(timings) == ["execute", "export", "frame"] and timings["execute"] > 0
        assert all(seconds >= 0 for seconds in timings.values()) and sum(timings.values()) <= entry["seconds"]
    assert any(entry.get("downloads") for entry in manifest["pages"])
    internal = json.loads((site_internal / "manifest.json").read_text(encoding="utf-8"))
    for entry in internal["pages"]:
        assert entry["inputs"] and all(len(digest) == 64 for digest in entry["inputs"].values())


def test_light_pages_share_one_plotly(site_sq):
    # A page that carried plotly.js would be at least its size; the pages' size target (300 KB) is make bench's (d).
    plotly_size = (site_sq / "assets" / "plotly.min.js").stat().st_size
    for page in pages_of(site_sq):
        assert page.stat().st_size < plotly_size / 4, f"{page.name} is {page.stat().st_size} bytes"
        text = page.read_text(encoding="utf-8")
        if 'class="plot"' in text:
            assert text.count('src="') >= 1 and "assets/plotly.min.js" in text


def test_the_charts_of_a_page_share_one_template_and_config_the_page_defines_once(site_sq):
    for page in pages_of(site_sq):
        text = page.read_text(encoding="utf-8")
        charts = text.count("Plotly.newPlot(")
        if not charts:
            assert "sitrepShared(" not in text, page.name
            continue
        assert text.count("sitrepShared(") == 1, page.name
        # the template's layout and plotly's words, not one copy per chart
        assert text.count('"plot_bgcolor"') == 1 and text.count('"Download plot as a PNG"') == 1, page.name
        assert text.count('"layout":"sitrep-template:') == charts == text.count("sitrepConfig("), page.name


def test_two_builds_are_byte_identical_and_warm_equals_isolated(site_sq, series_site, isolated_site):
    # Two warm builds (warm workers, an empty cache: every page ran) of the same edition: the session's Albanian
    # edition, and the same edition built again beside the synthetic report with the same options.
    a, b = tree_digest(site_sq), tree_digest(series_site.edition(only_period(paths.RAW)))
    assert a.keys() == b.keys() and a == b, sorted(k for k in a if a.get(k) != b.get(k))
    # the workbook too: dated by its edition, not by when it was written
    workbooks = [tree_digest(folder, suffixes=(".xlsx",)) for folder in (site_sq, series_site.edition(
        only_period(paths.RAW)))]
    assert workbooks[0] and workbooks[0] == workbooks[1]
    # Warm equals isolated: each notebook's page, run in a kernel of its own, is the warm build's page byte for byte.
    assert isolated_site.returncode == 0, isolated_site.stderr
    manifest = json.loads((isolated_site.out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["isolated"] and {page["notebook"] for page in manifest["pages"]} == {
        f"notebooks/{plan.notebook}" for plan in PAGES}
    c = tree_digest(isolated_site.out)
    assert c.keys() <= a.keys() and len(c) > len(manifest["pages"])
    differ = sorted(name for name in c if c[name] != a[name])
    # What lists the pages a build holds differs, as it must: the index, the search index, and the links to the
    # previous and next page beside the profiles left out. What each notebook made (the <main> of each page, every
    # download, the map's areas) does not.
    assert {name for name in differ if not name.endswith(".html")} <= {"assets/search-index.js"}, differ
    assert not [name for name in differ if name.endswith(".html") and name != "index.html"
                and main_of(isolated_site.out / name) != main_of(site_sq / name)], differ


def test_self_contained_pages_embed_plotly_once(site_self_contained):
    assert not (site_self_contained / "assets").exists()
    grants = (site_self_contained / "grants.html").read_text(encoding="utf-8")
    assert grants.count("Plotly.newPlot") >= 1
    assert grants.count("Copyright 2012-2026, Plotly, Inc.") == 1 and "assets/" not in grants


@pytest.mark.parametrize("args, message", [
    (["--period", "2006-13:2007-01"], "--period"),
    (["--period", "2007-01:2006-01"], "end not before the start"),
    (["--period", "2005-01:2006-07'); import os; #"], "not a plain value"),
    (["--lang", "fr"], "--lang 'fr'"),
    (["--audience", "everyone"], "--audience 'everyone'"),
    (["--district", "Atlantis"], "--district 'Atlantis'"),
    (["--jobs", "0"], "--jobs"),
    (["--min-cell", "ten"], "--min-cell"),
])
def test_bad_parameters_stop_before_any_notebook_runs(tmp_path, args, message):
    run = build(tmp_path, *args)
    assert run.returncode == 2
    assert message in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert not run.root.exists() and not (tmp_path / "site-clean").exists()


def test_district_is_accepted_without_diacritics(one_district):
    assert one_district.returncode == 0, one_district.stderr
    assert [p.name for p in (one_district.out / "districts").iterdir()] == ["korce.html"]


def test_unchanged_rebuild_reuses_every_page_and_a_raw_change_reruns_only_readers(tmp_path, editions, site_sq):
    raw = copy_tree(paths.RAW, tmp_path / "raw")
    # The cache the session's Albanian edition filled when it ran every page, as this build's own: the build below
    # takes from it what it can (--translation is no part of a page's key), and fills in anything it cannot.
    copy_tree(editions / "sq-cache", tmp_path / "site-cache")
    first = build(tmp_path, raw=raw)
    assert first.returncode == 0, first.stderr
    def published() -> dict[Path, int]:  # the edition's files, and the editions index above it
        return {p: p.stat().st_mtime_ns for p in [*first.out.rglob("*"), first.root / "index.html"] if p.is_file()}

    written = published()
    again = build(tmp_path, "--explain", raw=raw, env={"PYTHONPROFILEIMPORTTIME": "1"})  # its imports, on stderr
    assert again.returncode == 0
    assert again.stdout.count("reused (unchanged)") == len(PAGES), again.stdout
    assert "raw tables unchanged" in again.stderr
    # Nothing to publish either: the edition's folder is left as it was, to the byte
    assert "unchanged, every page and file as last published" in again.stderr
    assert published() == written
    # and nothing to render: no template engine, locale data, data or notebook library is loaded
    imported = {line.rsplit("|", 1)[1].strip() for line in again.stderr.splitlines() if line.startswith("import time:")}
    assert "sitrep.site.build" in imported
    assert not imported & {"jinja2", "babel", "pandas", "plotly", "nbformat", "papermill"}
    # ...unless one of its files was changed by hand since: then the edition is published again, whole
    page = first.out / "summary.html"
    as_published = page.read_text(encoding="utf-8")
    page.write_text("edited by hand", encoding="utf-8")
    restored = build(tmp_path, raw=raw)
    assert restored.returncode == 0 and "as last published" not in restored.stderr
    assert page.read_text(encoding="utf-8") == as_published
    events = raw / "kvktnj-2006" / "events.csv"
    events.write_text(events.read_text(encoding="utf-8").replace("2006-06-19", "2006-06-20", 1), encoding="utf-8")
    changed = build(tmp_path, "--explain", raw=raw)
    assert changed.returncode == 0, changed.stderr
    rebuilt = [line.split(":")[0].rsplit("/", 1)[-1] for line in changed.stdout.splitlines() if "rebuilt" in line]
    assert rebuilt and "government" in rebuilt
    assert len(rebuilt) < len(PAGES)
    assert all("events.csv" in line for line in changed.stdout.splitlines() if "rebuilt" in line)


def broken_notebooks(tmp_path: Path, chapter: str, code: str) -> Path:
    notebooks = copy_tree(paths.NOTEBOOKS, tmp_path / "notebooks")
    path = notebooks / chapter
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(3, nbformat.v4.new_code_cell(code))
    nbformat.write(notebook, path)
    return notebooks


def test_a_failing_chapter_gets_a_banner_others_build_and_the_last_good_site_stays(tmp_path, one_district):
    good = copy_build(one_district, tmp_path)
    assert good.returncode == 0
    before = tree_digest(good.out)
    notebooks = broken_notebooks(tmp_path, "03_donors.ipynb", "raise ValueError('deliberate failure')")
    failed = build(tmp_path, "--district", "korce", notebooks=notebooks)
    assert failed.returncode == 1
    assert "donors" in failed.stderr and "Traceback" not in failed.stderr
    assert tree_digest(good.out) == before
    kept = good.failed_out
    banner = (kept / "donors.html").read_text(encoding="utf-8")
    assert "banner-error" in banner and "qeliza 4 (raise ValueError(" in banner
    assert "ValueError: deliberate failure" in banner
    assert "banner-error" not in (kept / "grants.html").read_text(encoding="utf-8")
    manifest = json.loads((kept / "manifest.json").read_text(encoding="utf-8"))
    assert [p["page"] for p in manifest["pages"] if p["status"] == "failed"] == ["donors.html"]


# Loaded by every Python the build starts (workers too): Excel's cell made to hold 300 characters, so that the
# committed report's longest notes are beyond it, as a cell of more than 32,767 would be.
SMALL_EXCEL_CELL = """import xlsxwriter.worksheet as worksheet
started = worksheet.Worksheet.__init__
def smaller(self, *args, **kwargs):
    started(self, *args, **kwargs)
    self.xls_strmax = 300
worksheet.Worksheet.__init__ = smaller
"""


def test_a_cell_the_workbook_cannot_hold_fails_the_edition_kept_beside_the_last_good_one(tmp_path, one_district):
    good = copy_build(one_district, tmp_path)
    before = tree_digest(good.out, suffixes=(".html", ".csv", ".xlsx"))
    (tmp_path / "python").mkdir()
    (tmp_path / "python" / "sitecustomize.py").write_text(SMALL_EXCEL_CELL, encoding="utf-8")
    failed = build(tmp_path, "--district", "korce", "--no-cache", env={"PYTHONPATH": str(tmp_path / "python")})
    assert failed.returncode == 1, failed.stderr
    problems = [line for line in failed.stderr.splitlines() if not line.startswith("sitrep")]
    assert problems and "Traceback" not in failed.stderr and "internal error" not in failed.stderr
    kept = good.failed_out
    for line in problems:  # each names its cell in the download, as the kept build holds it
        match = re.fullmatch(rf"{re.escape(str(kept / 'data'))}/([\w-]+\.csv):(\d+): ([^:]+): longer than the "
                             rf"300 characters an Excel cell holds \(([\d,]+)\) \(.+\)", line)
        assert match, line
        name, row, column, length = match.groups()
        rows = list(csv.reader(io.StringIO((kept / "data" / name).read_text(encoding="utf-8-sig"))))
        cell = rows[int(row) - 1][rows[0].index(column)]
        assert len(cell) == int(length.replace(",", "")) > 300
    assert not list(kept.glob("data/*.xlsx"))
    (said,) = [line for line in failed.stderr.splitlines() if "the workbook cannot hold" in line]
    assert f"cannot hold {len(problems)} cell(s)" in said and f"is kept in {kept}" in said
    assert tree_digest(good.out, suffixes=(".html", ".csv", ".xlsx")) == before


def test_a_page_that_kills_its_worker_fails_alone(tmp_path):
    notebooks = broken_notebooks(tmp_path, "02_government.ipynb", "import os; os._exit(3)")
    run = build(tmp_path, "--district", "Berat", "--jobs", "1", notebooks=notebooks)
    assert run.returncode == 1
    manifest = json.loads((run.failed_out / "manifest.json").read_text(encoding="utf-8"))
    status = {p["page"]: p["status"] for p in manifest["pages"]}
    assert status.pop("government.html") == "failed"
    assert set(status.values()) == {"ok"}


def test_pages_do_not_share_variables(probe_site):
    # probe_site's government chapter asserts that the variable the summary left in the same worker is not there
    assert probe_site.returncode == 0, probe_site.stderr


def test_a_user_kernelspec_pointing_nowhere_does_not_matter(isolated_site):
    # isolated_site starts a fresh kernel for each page with a broken python3 kernelspec first on Jupyter's path.
    assert isolated_site.returncode == 0, isolated_site.stderr
    manifest = json.loads((isolated_site.out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["isolated"] and manifest["pages"] and {page["status"] for page in manifest["pages"]} == {"ok"}


def test_isolated_kernels_leave_nothing_but_sitreps_own_lines_on_stderr(isolated_site):
    # ipykernel warns about unencrypted TCP and, shut down gracefully, could print a socket traceback
    assert isolated_site.returncode == 0, isolated_site.stderr
    foreign = [line for line in isolated_site.stderr.splitlines() if not line.startswith("sitrep: ")]
    assert isolated_site.stderr and foreign == []


def descendants(pid: int) -> list[int]:
    try:
        return [child.pid for child in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


PAGE_DONE = re.compile(r"^sitrep: \[ *\d+/\d+\] ")


def runs_a_kernel(pids: set[int]) -> bool:
    def cmdline(pid: int) -> list[str]:
        try:
            return psutil.Process(pid).cmdline()
        except psutil.Error:
            return []

    # an isolated page's kernel is sitrep's own launcher of ipykernel
    return any(part in ("sitrep.site.kernel", "ipykernel_launcher") for pid in pids for part in cmdline(pid))


# When each signal comes: once the first pages' kernels run (no page done yet), or after some pages are done; and
# in a TMPDIR of a usual depth, or one too deep for a socket's path (the kernels' sockets then go elsewhere).
@pytest.mark.parametrize("how, pages_done, deep", [("SIGTERM", 0, True), ("SIGKILL", 0, False),
                                                   ("SIGKILL", 3, False), ("SIGINT", 1, False)])
def test_an_interrupted_build_leaves_the_last_good_site_and_no_processes(request, tmp_path, one_district, how,
                                                                          pages_done, deep):
    good = copy_build(one_district, tmp_path)
    assert good.returncode == 0, good.stderr
    before = tree_digest(good.out)
    command = [
        sys.executable,
        "-m",
        "sitrep",
        "build",
        "--clean",
        str(tmp_path / "site-clean"),
        "--out",
        str(good.root),
        "--cache",
        str(tmp_path / "site-cache"),
        "--no-cache",
        "--isolated",
    ]
    # with a TMPDIR of its own, where what its workers and kernels leave behind can be seen: a short one, where
    # their sockets fit too, or a deep one, where they go to a folder of the pool's own in /tmp
    scratch = Path(tempfile.mkdtemp(prefix="sitrep-test-", dir="/tmp"))
    request.addfinalizer(lambda: shutil.rmtree(scratch, ignore_errors=True))
    temporary = scratch / ("deep-" * 18) if deep else scratch
    temporary.mkdir(exist_ok=True)
    sockets_before = set(Path(SHORT_TEMPORARY).glob(POOL_SOCKETS_PREFIX + "*"))
    sockets_seen: set[Path] = set()
    # started as from a terminal, where Ctrl-C reaches it, even by a suite run as a background job (which ignores it)
    process = subprocess.Popen(command, cwd=paths.PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, encoding="utf-8", errors="replace",
                               env={**os.environ, "TMPDIR": str(temporary)},
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    told: list[str] = []
    reading = threading.Thread(target=lambda: told.extend(process.stderr), daemon=True)
    reading.start()
    deadline = time.monotonic() + 120
    children: set[int] = set()
    while time.monotonic() < deadline and process.poll() is None:
        children |= set(descendants(process.pid))
        made = set(Path(SHORT_TEMPORARY).glob(POOL_SOCKETS_PREFIX + "*")) - sockets_before
        sockets_seen |= {folder for folder in made if any(folder.glob(KERNEL_SOCKETS_PREFIX + "*/kernel-*"))}
        done = sum(1 for line in list(told) if PAGE_DONE.search(line))
        if (runs_a_kernel(children) and (sockets_seen or not deep)) if pages_done == 0 else done >= pages_done:
            break
        time.sleep(0.1)
    assert process.poll() is None, "the build finished before it could be interrupted"
    process.send_signal(getattr(signal, how))
    process.wait(timeout=60)
    assert tree_digest(good.out) == before

    def alive() -> list[int]:
        return [pid for pid in children
                if psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]

    settle = time.monotonic() + 10  # kernels notice their parent is gone within a second or two
    while alive() and time.monotonic() < settle:
        time.sleep(0.5)
    survivors = alive()
    assert not survivors, f"stray processes after {how}: {[psutil.Process(p).cmdline() for p in survivors]}"
    reading.join(timeout=10)
    told = "".join(told)  # every writer is gone: the terminal saw all of this
    assert "Traceback" not in told and "BrokenPipeError" not in told, told[-2000:]
    # stopped by a signal it can catch, the build removes every temporary file and folder it and its workers made
    # (only SIGKILL leaves them)
    left = sorted(path.name for path in temporary.iterdir())
    if how == "SIGKILL":
        assert left, "the build's workers wrote no temporary file in TMPDIR"
    else:
        assert not left, left
    if deep:
        assert sockets_seen, "no kernel's sockets were in a short folder of the pool's"
        assert not [folder for folder in sockets_seen if folder.exists()], "a kernel's sockets were left"
    again = build(tmp_path, "--district", "korce")
    assert again.returncode == 0 and not list(good.root.glob(".*.new-*")) and not list(tmp_path.glob(".site.new-*"))


def test_no_cache_rebuilds_every_page_and_refreshes_the_cache(tmp_path, probe_site):
    # the first build: a copy of probe_site (conftest.py), its site, clean tables and cache, built again here
    first = copy_build(probe_site, tmp_path)
    notebooks = probe_site.root.parent / "notebooks"
    assert first.returncode == 0 and "clean tables reused" not in first.stderr, first.stderr
    fresh = build(tmp_path, "--district", "Berat", "--no-cache", "--explain", notebooks=notebooks)
    assert fresh.returncode == 0, fresh.stderr
    assert "reused" not in fresh.stdout
    # the clean tables, proven current by their hashes, are not written again: cleaning would write the same bytes
    assert "clean tables reused" in fresh.stderr, fresh.stderr
    again = build(tmp_path, "--district", "Berat", "--explain", notebooks=notebooks)
    assert again.returncode == 0, again.stderr
    pages = [line for line in again.stdout.splitlines() if ": " in line and ("reused" in line or "rebuilt" in line)]
    assert pages and all("reused (unchanged)" in line for line in pages), again.stdout
    # --explain gives each page's time split; a reused page was neither executed nor exported this time
    reused = r"; execute 0\.000 s, export 0\.000 s, frame \d+\.\d{3} s of \d+\.\d{3} s$"
    assert all(re.search(reused, line) for line in pages), again.stdout
    ran = [line for line in fresh.stdout.splitlines() if "rebuilt (--no-cache)" in line]
    assert len(ran) == len(pages)
    for line in ran:
        parts = [float(x) for x in re.findall(r"(?:execute|export|frame) (\d+\.\d{3}) s", line)]
        total = float(re.search(r" of (\d+\.\d{3}) s$", line).group(1))
        assert len(parts) == 3 and parts[0] > 0 and sum(parts) <= total, line
