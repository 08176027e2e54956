"""Where a build came from: the code's commit, the package versions, and digests of code and data."""

from __future__ import annotations

import hashlib
import json
import subprocess
from functools import lru_cache
from pathlib import Path

from sitrep import paths
from sitrep.files import MARKER, sha256

PROVENANCE_FILE = "provenance.json"  # in the clean folder: what its tables were made from
PACKAGES = ("sitrep", "pandas", "plotly", "papermill", "nbconvert", "pandera", "jinja2", "ipykernel")


def commit(project: Path = paths.PROJECT) -> str:
    """The git commit of the code, marked -dirty when tracked files differ from it; 'unknown' outside git."""
    try:
        head = subprocess.run(["git", "-C", str(project), "rev-parse", "--short=12", "HEAD"],
                              capture_output=True, text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(project), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{head}-dirty" if dirty else head


def versions() -> dict[str, str]:
    """Versions of the packages that shape a page (the interpreter and the data and notebook stack)."""
    from importlib import metadata  # tens of milliseconds to import, and a rebuild with nothing to write needs none

    found = {}
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return found


def digest_files(files: list[Path], root: Path) -> str:
    """One digest over files' relative names and contents, independent of where the tree lives."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The package's own code and templates: a change here may change any page. Read once in a run."""
    package = Path(__file__).parent
    files = [p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return digest_files(files, package)


def lock_digest(project: Path = paths.PROJECT) -> str:
    """A digest of the locked package versions (of the installed versions where there is no lock)."""
    lock = project / "requirements.lock"
    if lock.is_file():
        return hashlib.sha256(lock.read_bytes()).hexdigest()
    return hashlib.sha256(json.dumps(versions(), sort_keys=True).encode()).hexdigest()


def digest_mapping(mapping: dict[str, str]) -> str:
    """A digest of a name → digest mapping that does not depend on the mapping's order."""
    return hashlib.sha256(json.dumps(mapping, sort_keys=True).encode()).hexdigest()


def clean_inputs(raw_dir: Path, reference_dir: Path) -> dict[str, str]:
    """What the clean tables are made from, by role ('raw/…', 'reference/…'), with their hashes."""
    # Every report's metadata, text and tables: a change to any of them means cleaning again.
    files = {
        f"raw/{p.relative_to(raw_dir)}": p
        for p in raw_dir.rglob("*")
        if p.is_file()
        and p.name != "README.md"
        and not any(part.startswith(".") for part in p.relative_to(raw_dir).parts)
    }
    files |= {f"reference/{p.relative_to(reference_dir)}": p
              for p in reference_dir.rglob("*") if p.is_file() and p.name != "README.md"}
    return {name: sha256(path) for name, path in sorted(files.items())}


def clean_is_current(raw_dir: Path, clean_dir: Path, reference_dir: Path) -> bool:
    """The clean tables were written from exactly the current raw and reference files, by this code and packages."""
    try:
        recorded = json.loads((Path(clean_dir) / PROVENANCE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    inputs = clean_inputs(Path(raw_dir), Path(reference_dir))
    made_by = (recorded.get("code"), recorded.get("lock"))
    if recorded.get("inputs") != inputs or made_by != (code_digest(), lock_digest()):
        return False
    # The tables themselves must still be those written: one deleted or edited by hand means cleaning again.
    outputs = recorded.get("outputs")
    return (
        isinstance(outputs, dict)
        and bool(outputs)
        and all(
            (Path(clean_dir) / name).is_file() and sha256(Path(clean_dir) / name) == digest
            for name, digest in outputs.items()
        )
    )


def clean_outputs(folder: Path, known: dict[str, str] | None = None) -> dict[str, str]:
    """The hash of every file of a clean folder being written (its marker and provenance aside).

    `known` gives the hashes of files already hashed as they were written, by name.
    """
    known = known or {}
    return {p.name: known[p.name] if p.name in known else sha256(p) for p in sorted(Path(folder).iterdir())
            if p.is_file() and p.name not in (PROVENANCE_FILE, MARKER)}
