"""The package's shape, read from its source: stages import only backwards along the data's path
(extract → transform → report → site) and the shared top-level modules; and every module is imported by a test."""

from __future__ import annotations

import ast
from pathlib import Path

from sitrep import paths

PACKAGE = paths.PROJECT / "lib" / "sitrep"
TESTS = paths.PROJECT / "tests"
STAGES = ("extract", "transform", "report", "site")
SHARED = ("beside", "errors", "files", "i18n", "paths", "periods", "provenance", "text")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
PACKAGES = {module_name(path) for path in PACKAGE.rglob("__init__.py")}


def imported(path: Path, within: str | None = None) -> set[str]:
    """Every sitrep module a file imports, anywhere in it (functions and TYPE_CHECKING blocks too), by full name.

    `from a.b import c` names a.b, and a.b.c too where c is a module; relative imports are resolved from `within`.
    """
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = within.split(".") if within in PACKAGES else within.split(".")[:-1]
                base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES}
    return {name for name in names if name == "sitrep" or name.startswith("sitrep.")}


def part_of(module: str) -> str:
    """The stage a module belongs to, or its own name for a top-level module."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "sitrep"


def test_the_scan_sees_the_package_and_its_imports():
    assert {"sitrep.transform.clean", "sitrep.site.build", "sitrep.report.chapters.summary"} <= set(MODULES)
    assert "sitrep.text" in imported(MODULES["sitrep.transform.clean"], "sitrep.transform.clean")
    assert "sitrep.site.cache" in imported(MODULES["sitrep.site.build"], "sitrep.site.build")


def test_each_stage_imports_only_itself_earlier_stages_and_the_shared_modules():
    wrong = []
    for module, path in MODULES.items():
        stage = part_of(module)
        if stage not in STAGES:
            continue
        for target in imported(path, module) - {"sitrep"}:  # the root package holds only the version
            other = part_of(target)
            allowed = other in SHARED or (other in STAGES and STAGES.index(other) <= STAGES.index(stage))
            if not allowed:
                wrong.append(f"{module} imports {target}")
    assert wrong == [], "\n".join(sorted(wrong))


def test_the_shared_modules_import_no_stage():
    wrong = [f"{module} imports {target}" for module, path in MODULES.items() if part_of(module) in SHARED
             for target in imported(path, module) if part_of(target) in STAGES]
    assert wrong == [], "\n".join(sorted(wrong))


def test_the_shared_modules_are_all_there():
    assert {f"sitrep.{name}" for name in SHARED} <= set(MODULES)
    assert {f"sitrep.{stage}" for stage in STAGES} <= PACKAGES


def imported_by_tests() -> set[str]:
    """The sitrep modules the test files import, with the packages that hold them (imported along with them)."""
    found = set()
    for path in TESTS.rglob("*.py"):
        found |= imported(path)
    return found | {".".join(name.split(".")[:n]) for name in found for n in range(1, name.count(".") + 1)}


def test_every_module_is_imported_by_a_test():
    untested = sorted(set(MODULES) - imported_by_tests())
    assert untested == [], "modules no test imports:\n" + "\n".join(untested)
