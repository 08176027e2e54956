"""notebooks/00_clean runs the same cleaning as `sitrep clean`, with papermill parameters."""

import gc
import hashlib

import papermill
import pytest

from sitrep import paths
from sitrep.errors import UsageError
from sitrep.site.execute import ProjectKernelManager
from sitrep.transform import run
from sitrep.transform.run import run_clean

pytestmark = pytest.mark.slow


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_clean_notebook_writes_what_the_command_writes(tmp_path):
    by_command, by_notebook = tmp_path / "command", tmp_path / "notebook"
    run_clean(paths.RAW, by_command)
    papermill.execute_notebook(
        str(paths.NOTEBOOKS / "00_clean.ipynb"), str(tmp_path / "out.ipynb"),
        parameters={"raw_dir": str(paths.RAW), "clean_dir": str(by_notebook)}, cwd=str(paths.NOTEBOOKS),
        kernel_name="python3", kernel_manager_class=ProjectKernelManager, progress_bar=False,
    )
    assert digest(by_notebook) == digest(by_command)


def test_clean_tables_hold_every_report_with_its_id(synthetic_clean_dir, two_reports_raw):
    import csv
    import json
    import tomllib

    def rows(name):
        with open(synthetic_clean_dir / f"{name}.csv", encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    metadata = {p.name: tomllib.loads((p / "report.toml").read_text(encoding="utf-8"))
                for p in sorted(two_reports_raw.iterdir())}
    assert [r["id"] for r in rows("reports")] == ["kvktnj-2006", "synthetic-2007"]
    grants = rows("grants")
    assert {g["report_id"] for g in grants} == set(metadata)
    assert {g["grant_id"] for g in grants if g["report_id"] == "synthetic-2007"} == {"stv-1", "stj-1"}
    for name in ("figures", "claims", "ngo_efforts", "gov_figures", "donor_programs", "events", "grant_places"):
        assert {r["report_id"] for r in rows(name)} == set(metadata), name
    package = json.loads((synthetic_clean_dir / "datapackage.json").read_text(encoding="utf-8"))
    titles = [source["title"] for source in package["sources"]]
    assert titles == [f"{m['publisher']}, {m['title']}, {m['published']}" for m in metadata.values()]


@pytest.mark.parametrize("enabled", [True, False])
def test_cleaning_holds_off_garbage_collection_and_leaves_it_as_it_found_it(tmp_path, monkeypatch, enabled):
    cleaning, collections = [], []
    inner = run._run_clean

    def watched(*arguments):
        cleaning.append(True)
        try:
            return inner(*arguments)
        finally:
            cleaning.pop()

    def count(phase, info):
        if phase == "start" and cleaning:
            collections.append(info["generation"])

    monkeypatch.setattr(run, "_run_clean", watched)
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    gc.callbacks.append(count)
    try:
        run_clean(paths.RAW, tmp_path / "clean")
        assert gc.isenabled() is enabled
        with pytest.raises(UsageError):  # a failed run too gives collection back
            run_clean(tmp_path / "no such folder", tmp_path / "other")
        assert gc.isenabled() is enabled and collections == []
    finally:
        gc.callbacks.remove(count)
        (gc.enable if was else gc.disable)()
