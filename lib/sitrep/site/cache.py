"""Reuse a page when nothing it depends on changed: its notebook, parameters, code, packages and the data it read."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from sitrep.files import sha256


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


class PageCache:
    """One JSON file per key: the page's body, downloads, report and the hashes of the inputs it read."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: PageKey) -> Path:
        return self.folder / f"{key.digest}.json"

    def lookup(self, key: PageKey, clean_dir: Path) -> tuple[dict | None, str]:
        """The stored entry if every input it read is unchanged, and why it is (or is not) reused."""
        path = self._path(key)
        if not path.is_file():
            return None, "new"
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None, "new"
        for name, digest in entry["report"].get("inputs", {}).items():
            current = clean_dir / name
            if not current.is_file() or sha256(current) != digest:
                return None, f"input changed: {name}"
        return entry, "unchanged"

    def store(self, key: PageKey, entry: dict) -> None:
        """Keep a built page and what it read, under its key."""
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self._path(key).with_suffix(f".tmp-{os.getpid()}")
        temporary.write_text(json.dumps(entry, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(temporary, self._path(key))

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
