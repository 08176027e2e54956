"""Write tables deterministically, read them back typed, and replace a folder only whole."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import shutil
from pathlib import Path
from typing import Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from sitrep.schema import CLEAN_TABLES

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _as_text(column: pd.Series) -> pa.Array:
    """One column as Arrow strings: ISO dates, lowercase booleans, integers without decimals; missing stays null."""
    if pd.api.types.is_bool_dtype(column):
        return pa.array(column.map({True: "true", False: "false"}).astype(object), type=pa.string())
    if pd.api.types.is_datetime64_any_dtype(column):
        return pa.array(column.dt.strftime("%Y-%m-%d").astype(object).where(column.notna(), None), type=pa.string())
    if pd.api.types.is_integer_dtype(column):
        return pc.cast(pa.array(column.astype("Int64"), type=pa.int64()), pa.string())
    if pd.api.types.is_float_dtype(column):
        return pa.array([None if pd.isna(v) else repr(float(v)) for v in column], type=pa.string())
    return pa.array(column.astype(object).where(column.notna(), None), type=pa.string())


def _quoted(cells: pa.Array) -> pa.Array:
    """Quote a cell only where CSV needs it (a comma, quote or line break), as a spreadsheet writes it."""
    needs = pc.match_substring_regex(cells, r'[",\r\n]')
    escaped = pc.binary_join_element_wise('"', pc.replace_substring(cells, '"', '""'), '"', "")
    return pc.fill_null(pc.if_else(needs, escaped, cells), "")


def to_csv_text(frame: pd.DataFrame) -> str:
    """CSV with ISO dates, lowercase booleans and '\n' line ends, so that equal data gives equal bytes.

    Built column-wise with Arrow kernels: the clean step writes a million rows in well under a second.
    """
    header = ",".join(_quoted(pa.array([str(c) for c in frame.columns], type=pa.string())).to_pylist())
    if frame.empty:
        return header + "\n"
    columns = [_quoted(_as_text(frame[column])) for column in frame.columns]
    lines = columns[0] if len(columns) == 1 else pc.binary_join_element_wise(*columns, ",")
    return header + "\n" + "\n".join(lines.to_numpy(zero_copy_only=False)) + "\n"


def write_table(frame: pd.DataFrame, path: Path) -> None:
    path.write_text(to_csv_text(frame), encoding="utf-8")


def read_clean(clean_dir: Path, name: str) -> pd.DataFrame:
    """A clean table with the types its schema declares."""
    table = CLEAN_TABLES[name]
    frame = pd.read_csv(Path(clean_dir) / table.file, dtype="str", keep_default_na=False).replace("", pd.NA)
    for column, (kind, _) in table.columns.items():
        if kind == "integer":
            frame[column] = pd.to_numeric(frame[column]).astype("Int64")
        elif kind == "boolean":
            frame[column] = frame[column].eq("true")
        elif kind == "date":
            frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
        else:
            frame[column] = frame[column].astype("str")
    return frame


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
