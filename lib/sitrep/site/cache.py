"""Reuse a page when nothing it depends on changed: its notebook, parameters, code, packages and the data it read."""

from __future__ import annotations

import hashlib
import json
import stat
from dataclasses import dataclass
from pathlib import Path

from sitrep.files import sha256, write_whole


@dataclass(frozen=True)
class PageKey:
    """The part of a page's cache key known before it runs; the data it reads is checked after lookup."""

    notebook_sha: str
    parameters: dict
    code: str
    lock: str

    @property
    def digest(self) -> str:
        """One digest of everything the key holds."""
        text = json.dumps([self.notebook_sha, self.parameters, self.code, self.lock], sort_keys=True,
                          ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()


def entry_text(entry: dict) -> str:
    """An entry as the cache stores it, in one canonical form."""
    return json.dumps(entry, ensure_ascii=False, sort_keys=True)


class PageCache:
    """One JSON file per key: the page's body, downloads, report and the hashes of the inputs it read."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # key digest → digest of the entry's stored text, as read or written here: what the edition's folder was
        # published from is known without writing every page's entry out again
        self.entry_digests: dict[str, str] = {}
        # many pages read the same tables, which no build writes while it looks its pages up
        self._table_digests: dict[tuple[Path, int, int, int], str] = {}

    def record(self, target: Path) -> Path:
        """Where the cache keeps what a published file or folder was made from, and its hashes."""
        return self.folder / "editions" / f"{hashlib.sha256(str(target.resolve()).encode()).hexdigest()[:32]}.json"

    def _path(self, key: PageKey) -> Path:
        return self.folder / f"{key.digest}.json"

    def lookup(self, key: PageKey, clean_dir: Path) -> tuple[dict | None, str]:
        """The stored entry if every input it read is unchanged, and why it is (or is not) reused."""
        path = self._path(key)
        if not path.is_file():
            return None, "new"
        try:
            stored = path.read_bytes()
            entry = json.loads(stored)
        except (OSError, ValueError):
            return None, "new"
        for name, digest in entry["report"].get("inputs", {}).items():
            if self._table_digest(clean_dir / name) != digest:
                return None, f"input changed: {name}"
        self.entry_digests[key.digest] = hashlib.sha256(stored).hexdigest()
        return entry, "unchanged"

    def _table_digest(self, table: Path) -> str | None:
        try:
            status = table.stat()
        except OSError:
            return None
        if not stat.S_ISREG(status.st_mode):
            return None
        known = (table, status.st_ino, status.st_mtime_ns, status.st_size)
        if known not in self._table_digests:
            self._table_digests[known] = sha256(table)
        return self._table_digests[known]

    def store(self, key: PageKey, entry: dict) -> None:
        """Keep a built page and what it read, under its key."""
        stored = entry_text(entry).encode()
        write_whole(self._path(key), stored)
        self.entry_digests[key.digest] = hashlib.sha256(stored).hexdigest()

    def entry_digest(self, key: PageKey, entry: dict) -> str:
        """A digest of the entry a page was published from: the same entry, the same digest."""
        return self.entry_digests.get(key.digest) or hashlib.sha256(entry_text(entry).encode()).hexdigest()

    def explain_miss(self, key: PageKey, known: dict[str, PageKey]) -> str:
        """Why a page has no entry: which part of its key differs from the last key it was built with."""
        previous = known.get(key.parameters.get("page", ""))
        if previous is None:
            return "never built"
        for field, label in (("notebook_sha", "notebook changed"), ("parameters", "parameters changed"),
                             ("code", "lib/sitrep changed"), ("lock", "package versions changed")):
            if getattr(previous, field) != getattr(key, field):
                return label
        return "no stored result"
