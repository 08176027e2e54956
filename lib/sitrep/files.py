"""Files and folders: hashes, paths as people type them, and replacing a folder only whole, and only one sitrep made."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path
from typing import Iterable, Iterator

from sitrep import paths
from sitrep.errors import UsageError

AT_FDCWD = -100
RENAME_EXCHANGE = 2
# Written into every folder sitrep replaces whole (sites, clean tables): only such a folder is ever replaced.
MARKER = ".sitrep-made"
MARKER_TEXT = "This folder was written by sitrep, which replaces it whole on its next run. Keep nothing else here.\n"
# Folders written before the marker existed are recognised by a file only sitrep writes, with the keys it writes.
RECOGNISED = {"manifest.json": ("edition", "pages", "versions"), "provenance.json": ("inputs", "code")}
# Parts of the project that sitrep never replaces, nor any folder holding them.
KEPT = (".git", "data/raw", "data/reference", "notebooks", "lib", "tests", ".venv", ".ci")
# Folders whose swap has completed in this process: what an interruption has already published.
published: list[Path] = []


def display_path(path: Path) -> str:
    """The path as a person would type it: relative to the working folder when it is below it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _umask() -> int:
    mask = os.umask(0)  # the one way to read it is to set it: done once, at import, before any thread starts
    os.umask(mask)
    return mask


_UMASK = _umask()


def write_whole(path: Path, data: bytes) -> None:
    """Write a file so that a reader, or a run that is stopped, sees the old bytes or the new ones, never half.

    The new bytes go to a temporary file of a name no other writer has (created, never opened through a link)
    beside the file, then take its place in one rename.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o666 & ~_UMASK)  # as a file written the ordinary way, not mkstemp's owner-only 0600
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def is_ours(folder: Path) -> bool:
    """The folder carries sitrep's marker, or (from before the marker) a manifest or provenance sitrep wrote."""
    if (folder / MARKER).is_file():
        return True
    for name, keys in RECOGNISED.items():
        try:
            recorded = json.loads((folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(recorded, dict) and all(key in recorded for key in keys):
            return True
    return False


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def raw_folder(path: Path) -> Path:
    """The folder of raw tables that `--raw` names; a one-line UsageError when there is none."""
    if not Path(path).is_dir():
        raise UsageError(f"{display_path(path)}: no such folder of raw tables (give one with --raw DIR)")
    return Path(path)


def replaceable(target: Path, option: str, keep: Iterable[Path] = ()) -> Path:
    """The folder `target` resolves to, if sitrep may replace it whole; otherwise a one-line UsageError.

    Refused: a file; the root, the home folder, the project or any folder above them; a folder the project
    keeps (KEPT) or anything above or inside one; the folders in `keep` (the run's other inputs and outputs);
    and an existing folder that holds anything but was not made by sitrep. A symbolic link is followed.
    """
    typed = Path(target).expanduser()
    shown = f"{option} {display_path(typed)}"
    if typed.is_symlink() and not typed.exists():
        raise UsageError(f"{shown}: a link to {os.readlink(typed)}, which does not exist "
                         "(point it at a folder, or remove it)")
    resolved = typed.resolve()
    if resolved.exists() and not resolved.is_dir():
        raise UsageError(f"{shown}: is a file, not a folder (sitrep writes a folder here; choose a new folder name)")
    home = Path.home().resolve()
    project = paths.PROJECT.resolve()
    for place, what in ((Path(resolved.anchor), "the root folder"), (home, "the home folder"),
                        (project, "the project")):
        if _within(place, resolved):
            raise UsageError(f"{shown}: is {what} or holds it; sitrep replaces this folder whole "
                             "(choose a new folder of its own, e.g. outputs)")
    for kept in [project / name for name in KEPT] + [Path(p).expanduser().resolve() for p in keep]:
        if _within(resolved, kept) or _within(kept, resolved):
            raise UsageError(f"{shown}: is, holds or lies inside {display_path(kept)}, which sitrep never replaces "
                             "(choose a new folder of its own, e.g. outputs)")
    if resolved.is_dir() and any(resolved.iterdir()) and not is_ours(resolved):
        raise UsageError(f"{shown}: holds files sitrep did not write; it would be replaced whole "
                         f"(choose a new or empty folder; sitrep marks its own with {MARKER})")
    return resolved


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(second))


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the work inside is done, so that what is reported is what happened.

    The work is a swap and its record, or a fork and what the parent keeps of it (sitrep.beside).

    Each is noted by a handler of its own and raised again afterwards. Python runs handlers in the main thread,
    whichever thread the signal reaches; blocking it in this thread alone would let another thread take it.
    """
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    numbers = (signal.SIGINT, signal.SIGTERM)
    arrived: list[int] = []

    def switched(handlers: dict) -> dict:
        # blocked while the handlers change, so that no signal finds one handler changed and the other not
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, numbers)
        try:
            return {number: signal.signal(number, handler) for number, handler in handlers.items()}
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)

    previous = switched({number: lambda received, frame: arrived.append(received) for number in numbers})
    try:
        yield
    finally:
        # a handler that was not set from Python reads as None: what it stands for is the default
        switched({number: signal.SIG_DFL if handler is None else handler for number, handler in previous.items()})
        # SIGTERM first: raising Ctrl-C's KeyboardInterrupt would leave a held SIGTERM unraised
        for number in sorted(set(arrived), key=lambda number: number != signal.SIGTERM):
            signal.raise_signal(number)


def replace_directory(new: Path, target: Path) -> None:
    """Put `new` where `target` is, so that a reader sees either the old folder or the new, never a mix.

    `target` must pass `replaceable` (checked again here: a folder may have changed since the run began).
    """
    target = Path(target)
    if target.is_symlink():
        target = target.resolve()
    if target.exists() and not (target.is_dir() and (not any(target.iterdir()) or is_ours(target))):
        raise UsageError(f"{display_path(target)}: changed during the run and is no longer a folder sitrep made; "
                         "left as it is")
    (new / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    if not target.exists():
        with signals_held():
            os.rename(new, target)
            published.append(target)
        return
    with signals_held():
        exchanged = _exchange(new, target)
        if exchanged:
            published.append(target)
    if exchanged:
        shutil.rmtree(new, ignore_errors=True)
        return
    retired = target.with_name(f".{target.name}.old-{os.getpid()}")
    with signals_held():
        os.rename(target, retired)
        os.rename(new, target)
        published.append(target)
    shutil.rmtree(retired, ignore_errors=True)


@contextlib.contextmanager
def staging_directory(target: Path) -> Iterator[Path]:
    """A fresh folder beside `target` (same file system, so the swap is a rename); removed on failure."""
    target = Path(target)
    if target.is_symlink():
        target = target.resolve()  # the staging folder goes beside the real folder, so the swap stays a rename
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f".{target.name}.new-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        gone = not pid.isdigit() or not Path(f"/proc/{pid}").exists()
        if gone and stale.is_dir() and not stale.is_symlink() and is_ours(stale):
            shutil.rmtree(stale, ignore_errors=True)
    staging = target.with_name(f".{target.name}.new-{os.getpid()}")
    if staging.is_dir() and not staging.is_symlink() and is_ours(staging):
        shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    try:
        yield staging
    except OSError as error:
        if not error.filename:  # a full disk names no file: the folder being written is what the person needs
            error.filename = str(target)
        raise
    finally:  # after a swap this holds the old folder; after a failure, the unfinished new one
        if staging.is_dir() and not staging.is_symlink():
            shutil.rmtree(staging, ignore_errors=True)
