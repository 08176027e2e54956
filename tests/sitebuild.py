"""Helpers of the end-to-end tests: build the site into a temporary folder, open pages in chromium."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from sitrep import paths

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
    out: Path


def sitrep(*args: str, env: dict | None = None, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sitrep", *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, cwd=paths.PROJECT)


def build(tmp: Path, *args: str, raw: Path = paths.RAW, notebooks: Path = paths.NOTEBOOKS, name: str = "site",
          env: dict | None = None) -> Run:
    """`sitrep build` into tmp/name, with its own clean tables and cache so tests never touch data/ or outputs/."""
    out = tmp / name
    result = sitrep("build", "--raw", str(raw), "--clean", str(tmp / f"{name}-clean"), "--out", str(out),
                    "--cache", str(tmp / f"{name}-cache"), "--notebooks", str(notebooks), *args, env=env)
    return Run(result.returncode, result.stdout, result.stderr, out)


def tree_digest(folder: Path, suffixes=(".html", ".csv", ".js", ".css")) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix in suffixes}


def pages_of(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@dataclass
class Visit:
    console_errors: list[str]
    requests: list[str]
    dialogs: list[str]


def visit(browser, path: Path, check=None, *, width: int = 1200) -> Visit:
    """Open a page from disk; record console errors, non-file requests and dialogs; run `check(page)`."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    seen = Visit([], [], [])
    page.on("console", lambda message: seen.console_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: seen.console_errors.append(str(error)))
    page.on("request", lambda request: None if request.url.startswith(("file:", "data:", "blob:")) else seen.requests.append(request.url))
    page.on("dialog", lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_timeout(300)
    try:
        if check is not None:
            check(page)
    finally:
        context.close()
    return seen


def copy_tree(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target
