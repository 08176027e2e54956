"""Helpers of the end-to-end tests: build the site into a temporary folder, open pages in chromium."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence, TypeVar

from sitrep import paths

T = TypeVar("T")

CHROMIUM = "/usr/bin/chromium"
# What this machine needs to start chromium headless with no network (no background fetches, no GPU).
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    out: Path  # the edition asked for (or, without --period, the edition of the dataset's one report period)
    root: Path  # --out: the editions side by side and their index

    @property
    def failed_out(self) -> Path:
        return self.out.with_name(self.out.name + "-failed")

    def edition(self, period: str, *args: str) -> Path:
        return self.root / edition_folder(period, *args)


def _option(args: tuple[str, ...], name: str, default: str) -> str:
    return args[args.index(name) + 1] if name in args and args.index(name) + 1 < len(args) else default


def edition_folder(period: str, *args: str) -> str:
    """The folder an edition of `period` built with these options lives in."""
    from sitrep.report.edition import Edition
    from sitrep.site.editions import folder_name

    return folder_name(
        Edition(
            period=period,
            lang=_option(args, "--lang", "sq"),
            audience=_option(args, "--audience", "public"),
            min_cell=int(_option(args, "--min-cell", "10")),
        )
    )


def only_period(raw: Path) -> str | None:
    """The period of a dataset's reports when they share one (the committed data has one report)."""
    import tomllib

    periods = {tomllib.loads(p.read_text(encoding="utf-8"))["period"] for p in Path(raw).glob("*/report.toml")}
    return periods.pop() if len(periods) == 1 else None


def sitrep(*args: str, env: dict | None = None, timeout: int = 900) -> subprocess.CompletedProcess:
    """`python -m sitrep ARGS` in the project; a variable given as None in env is taken out of the environment."""
    environment = {key: value for key, value in {**os.environ, **(env or {})}.items() if value is not None}
    return subprocess.run([sys.executable, "-m", "sitrep", *args], capture_output=True, text=True, timeout=timeout,
                          env=environment, cwd=paths.PROJECT)


def sitrep_in_process(*args: str) -> subprocess.CompletedProcess:
    """The command's own entry point, `sitrep ARGS`, called in this process: its exit status and what it printed,
    without a Python's start and imports (for tests that vary data, not the command)."""
    import contextlib
    import io

    from sitrep import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    return subprocess.CompletedProcess(["sitrep", *args], status, out.getvalue(), err.getvalue())


def user_environment(tmp: Path) -> dict:
    """A user's own Jupyter and IPython set-up that no build may depend on: a home whose IPython profile has a startup
    file (it writes tmp/startup-ran if it ever runs), a python3 kernelspec first on Jupyter's path that points to no
    Python at all, and none of the project's IPYTHONDIR and JUPYTER_CONFIG_DIR."""
    startup = tmp / "home" / ".ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-mine.py").write_text(f"open({str(tmp / 'startup-ran')!r}, 'w').write('ran')\n")
    spec = tmp / "jupyter-data" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": ["/nonexistent/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "broken", "language": "python"}))
    return {"HOME": str(tmp / "home"), "JUPYTER_DATA_DIR": str(tmp / "jupyter-data"),
            "JUPYTER_PATH": str(tmp / "jupyter-data"), "IPYTHONDIR": None, "JUPYTER_CONFIG_DIR": None}


def build(tmp: Path, *args: str, raw: Path = paths.RAW, notebooks: Path = paths.NOTEBOOKS, name: str = "site",
          env: dict | None = None) -> Run:
    """`sitrep build` into tmp/name, with its own clean tables and cache so tests never touch data/ or outputs/."""
    root = tmp / name
    result = sitrep("build", "--raw", str(raw), "--clean", str(tmp / f"{name}-clean"), "--out", str(root),
                    "--cache", str(tmp / f"{name}-cache"), "--notebooks", str(notebooks), *args, env=env)
    period = _option(args, "--period", "") or only_period(raw)
    # A refused option builds nothing, so there is no edition folder to name (and its period may not parse).
    out = root / edition_folder(period, *args) if period and result.returncode != 2 else root
    return Run(result.returncode, result.stdout, result.stderr, out, root)


def copy_build(run: Run, tmp: Path) -> Run:
    """A copy of a build in tmp, its clean tables and cache beside it under the same names, for a test to change."""
    for folder in (run.root, *(run.root.with_name(f"{run.root.name}-{part}") for part in ("clean", "cache"))):
        if folder.exists():
            shutil.copytree(folder, tmp / folder.name)
    return Run(run.returncode, run.stdout, run.stderr, tmp / run.out.relative_to(run.root.parent), tmp / run.root.name)


def tree_digest(folder: Path, suffixes=(".html", ".csv", ".js", ".css")) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix in suffixes}


def pages_of(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# charts.js marks a page with charts <html data-charts="drawing"> until every chart is drawn; a page without charts
# has nothing to wait for once it has loaded.
DRAWING = "() => document.documentElement.getAttribute('data-charts') !== 'drawing'"


def wait_drawn(page) -> None:
    """Wait, after the page's load event, until its charts are drawn (charts.js says so), with no fixed pause."""
    page.wait_for_function(DRAWING, timeout=30_000)


# A chart is drawn when plotly has put marks in it, not merely its empty SVG frame.
MARKS = ("g.trace, path.choroplethlocation, g.sankey-node, g.heatmaplayer image, .hm image, g.point path, "
         ".scatterlayer path")
# Each chart's id, its SVGs, its marks, its template's layout and its paper colour, read in the page in one call
# rather than four round trips a chart.
_CHARTS = """(marks) => [...document.querySelectorAll('.js-plotly-plot')].map(n =>
  [n.id, n.querySelectorAll('.main-svg').length, n.querySelectorAll(marks).length,
   typeof ((n.layout.template || {}).layout || {}), n._fullLayout.paper_bgcolor])"""


def check_charts_drawn(page) -> None:
    """Every chart placeholder of a site's page is a plot, drawn with marks and with the page's shared template."""
    plots = page.locator(".js-plotly-plot")
    placeholders = page.locator("div.plot")
    assert plots.count() == placeholders.count(), "a chart placeholder was never turned into a plot"
    # charts.js's signal that the charts are drawn, which the tests wait for (wait_drawn), is given
    signal = page.evaluate("() => document.documentElement.getAttribute('data-charts')")
    assert signal == ("drawn" if placeholders.count() else None), signal
    drawn = page.evaluate(_CHARTS, MARKS)
    assert len(drawn) == plots.count()
    for name, svgs, marks, template, paper in drawn:
        assert svgs >= 1, f"{name}: no SVG"
        assert marks >= 1, f"{name}: no marks drawn"
        # drawn with the page's shared template, not plotly's defaults (a chart names it; charts.js resolves it)
        assert template == "object", name
        assert paper == "white", f"{name}: plotly's default template"


AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# axe-core reads the page's stylesheets again by XMLHttpRequest for its one CSSOM rule, css-orientation-lock, which
# chromium refuses for pages opened from disk (a console error): that rule reads the site's CSS files themselves
# (test_browser.py), and axe runs without the preload.
_AXE_RUN = ("async ([include, exclude]) => await axe.run({...(include.length ? {include} : {}), exclude}, "
            "{resultTypes: ['violations'], preload: false})")


def axe_violations(page, *include: str, exclude: Sequence[str] = ()) -> list[str]:
    """Every axe-core rule (its default set: WCAG 2.x A and AA, and best practice) on the page as it is now, or only
    on the elements the selectors name (axe fails if they name none), less those `exclude` names."""
    if not page.evaluate("() => typeof axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(_AXE_RUN, [list(include), list(exclude)])
    return [f"{v['id']}: {v['nodes'][0]['target']}" for v in result["violations"]]


# Each element's box on the page, for the tests that look for text drawn over text.
RECTS = """(root, selector) => [...root.querySelectorAll(selector)].map(e => e.getBoundingClientRect())
  .filter(r => r.width > 0 && r.height > 0).map(r => [r.left, r.top, r.right, r.bottom])"""


def overlapping(rects: list[list[float]], slack: float = 1.0) -> list[tuple]:
    """Pairs of boxes that overlap by more than `slack` px each way."""
    return [(a, b) for i, a in enumerate(rects) for b in rects[i + 1:]
            if min(a[2], b[2]) - max(a[0], b[0]) > slack and min(a[3], b[3]) - max(a[1], b[1]) > slack]


def rects(page, figure: str, selector: str) -> list[list[float]]:
    return page.evaluate(f"(s) => ({RECTS})(document.getElementById('{figure}'), s)", selector)


@dataclass
class Visit:
    console_errors: list[str]
    requests: list[str]
    dialogs: list[str]


# One tab for each width, shared by every visit in the browser: each visit opens its page as a new document in it, as
# a reader following links would (the site keeps nothing between pages: no storage, no cookies), and a new document
# in a tab that already runs costs half of a new tab's start. A visit whose check fails leaves no tab behind.
_TABS: dict[tuple[int, int, bool], object] = {}


def _tab(browser, width: int, axe: bool):
    key = (id(browser), width, axe)
    page = _TABS.get(key)
    if page is None or page.is_closed():
        context = browser.new_context(viewport={"width": width, "height": 900})
        if axe:  # put in each document as it starts, rather than added to each page after it has loaded
            context.add_init_script(path=str(AXE))
        page = _TABS[key] = context.new_page()
    return page


def visit(browser, path: Path, check=None, *, width: int = 1200, axe: bool = False) -> Visit:
    """Open a page from disk; record console errors, non-file requests and dialogs; run `check(page)`.

    With `axe`, the page has axe-core in it for `axe_violations`."""
    page = _tab(browser, width, axe)
    seen = Visit([], [], [])

    def console(message):
        if message.type == "error":
            seen.console_errors.append(message.text)

    def record(request):
        if not request.url.startswith(("file:", "data:", "blob:")):
            seen.requests.append(request.url)

    listeners = {"console": console, "pageerror": lambda error: seen.console_errors.append(str(error)),
                 "request": record, "dialog": lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss())}
    for event, listener in listeners.items():
        page.on(event, listener)
    try:
        page.goto(path.resolve().as_uri(), wait_until="load")
        wait_drawn(page)
        if check is not None:
            check(page)
    except BaseException:
        _TABS.pop((id(browser), width, axe), None)
        page.context.close()
        raise
    for event, listener in listeners.items():
        page.remove_listener(event, listener)
    page.emulate_media(media="null")  # a check may have printed: the next visit sees the screen again
    return seen


def _xdist_worker() -> str | None:
    return os.environ.get("PYTEST_XDIST_WORKER")


def session_folder(tmp_path_factory, name: str) -> Path:
    """A folder of the whole test session; under pytest-xdist, the same folder for every worker."""
    if not _xdist_worker():
        return tmp_path_factory.mktemp(name)
    folder = tmp_path_factory.getbasetemp().parent / name  # pytest-N/, above each worker's popen-gwN/
    folder.mkdir(exist_ok=True)
    return folder


def once_per_session(tmp_path_factory, name: str, make: Callable[[], T]) -> T:
    """`make()` run once per test session, even across pytest-xdist's workers: the first builds, the others wait and
    read what it built (a session fixture alone would build it again in every worker)."""
    if not _xdist_worker():
        return make()
    root = tmp_path_factory.getbasetemp().parent
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, even if make() fails
        done = root / f"{name}.pickle"
        if done.is_file():
            return pickle.loads(done.read_bytes())
        value = make()  # a failure (an assertion on the build) is pickled by no one: the next worker tries again
        done.write_bytes(pickle.dumps(value))
        return value


def copy_tree(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target
