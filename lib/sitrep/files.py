"""Files and folders: hashes, paths as people type them, and replacing a folder only whole."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import shutil
from pathlib import Path
from typing import Iterator

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def display_path(path: Path) -> str:
    """The path as a person would type it: relative to the working folder when it is below it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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


def replace_directory(new: Path, target: Path) -> None:
    """Put `new` where `target` is, so that a reader sees either the old folder or the new, never a mix."""
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new)
        return
    retired = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.rename(target, retired)
    os.rename(new, target)
    shutil.rmtree(retired)


@contextlib.contextmanager
def staging_directory(target: Path) -> Iterator[Path]:
    """A fresh folder beside `target` (same file system, so the swap is a rename); removed on failure."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f".{target.name}.new-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or not Path(f"/proc/{pid}").exists():
            shutil.rmtree(stale, ignore_errors=True)
    staging = target.with_name(f".{target.name}.new-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
