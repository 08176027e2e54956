"""The build without running a notebook: its options, the checks made before anything is written, the plan of
pages and their parameters, the cache key, the check of what each notebook received, and publishing whole."""

from __future__ import annotations

import json
import shutil

import pytest

from sitrep import cli, paths
from sitrep.errors import UsageError
from sitrep.files import MARKER
from sitrep.site.build import Build, PageResult, Series, page_timings
from sitrep.site.frame import REGISTRY, PagePlan


def arguments(*argv: str):
    return cli.parser().parse_args(["build", *argv])


@pytest.fixture
def folders(tmp_path):
    """Fresh --out, --clean and --cache folders of a build, away from the project."""
    return {name: tmp_path / name for name in ("out", "clean", "cache")}


def build_of(folders, *argv: str) -> Build:
    period = () if "--period" in argv else ("--period", "2005-01:2006-07")
    return Series.from_arguments(arguments("--out", str(folders["out"]), "--clean", str(folders["clean"]),
                                           "--cache", str(folders["cache"]), *period, *argv)).build_for()


def test_defaults_are_the_documented_edition():
    given = arguments()
    # No period: one edition per report period of the data.
    assert (given.period, given.lang, given.audience, given.min_cell) == (None, "sq", "public", 10)
    assert given.raw == paths.RAW and given.clean == paths.CLEAN and given.out == paths.OUTPUTS
    assert given.jobs >= 1 and not given.no_cache and given.district is None


@pytest.mark.parametrize("argv", [["--jobs", "0"], ["--jobs", "65"], ["--jobs", "two"], ["--min-cell", "0"],
                                  ["--min-cell", "1001"], ["--min-cell", "-5"], ["--colour", "red"]])
def test_bad_options_are_one_usage_line(argv):
    with pytest.raises(UsageError) as raised:
        arguments(*argv)
    assert len(raised.value.lines()) == 1 and raised.value.exit_status == 2


def test_options_reach_the_build(folders):
    build = build_of(folders, "--lang", "en", "--audience", "internal", "--min-cell", "5", "--jobs", "3",
                     "--district", "korce", "--no-cache", "--explain")
    assert (build.edition.lang, build.edition.audience, build.edition.min_cell) == ("en", "internal", 5)
    assert not build.reuse and build.cache is not None and build.explain  # --no-cache refreshes it
    series = Series.from_arguments(
        arguments("--out", str(folders["out"]), "--clean", str(folders["clean"]), "--jobs", "3"))
    assert series.jobs == 3  # one pool for every edition's pages
    assert build.district == "Korçë"  # any spelling of the qark, as the site names it
    assert build.out == folders["out"].resolve() and build.clean == folders["clean"].resolve()


def test_a_cached_build_keeps_its_pages_in_the_cache_folder(folders):
    assert build_of(folders).cache.folder == folders["cache"]


@pytest.mark.parametrize(("argv", "words"), [
    (["--period", "2006-07:2005-01"], "period"),
    (["--lang", "de"], "lang"),
    (["--audience", "everyone"], "audience"),
    (["--district", "Atlantida"], "Atlantida"),
])
def test_bad_edition_values_stop_before_anything_is_written(folders, argv, words):
    with pytest.raises(UsageError) as raised:
        build_of(folders, *argv)
    assert words in str(raised.value) or words in " ".join(raised.value.lines())
    assert not any(folder.exists() for folder in folders.values())


def test_out_naming_a_file_is_refused(folders, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    folders["out"] = tmp_path / "notes.txt"
    with pytest.raises(UsageError, match="is a file"):
        build_of(folders)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_missing_notebooks_folder_is_refused(folders, tmp_path):
    with pytest.raises(UsageError, match="no notebooks folder"):
        build_of(folders, "--notebooks", str(tmp_path / "none"))


def test_parameters_are_the_edition_with_the_page_and_the_clean_folder(folders):
    build = build_of(folders, "--lang", "en")
    parameters = build.parameters(PagePlan("districts/korce", "06_district.ipynb", "chapter.district", "Korçë"))
    assert parameters["page"] == "districts/korce" and parameters["district"] == "Korçë"
    assert parameters["clean_dir"] == str(folders["clean"].resolve())
    assert {key: parameters[key] for key in ("period", "lang", "audience", "min_cell")} == {
        "period": "2005-01:2006-07", "lang": "en", "audience": "public", "min_cell": 10}
    assert "district" not in build.parameters(PagePlan("summary", "01_summary.ipynb", "chapter.summary"))


def notebooks_folder(tmp_path, rows: str, notebooks=("01_summary.ipynb", "06_district.ipynb")):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / REGISTRY).write_text("order,slug,notebook,title_key,per\n" + rows, encoding="utf-8")
    for name in notebooks:
        shutil.copy(paths.NOTEBOOKS / name, folder / name)
    return folder


def test_plan_follows_the_registry_and_a_district_build_keeps_one_profile(folders, tmp_path):
    notebooks = notebooks_folder(tmp_path, "2,districts/{qark},06_district.ipynb,chapter.district,qark\n"
                                           "1,summary,01_summary.ipynb,chapter.summary,\n")
    every = build_of(folders, "--notebooks", str(notebooks)).plan()
    assert [r.plan.slug for r in every][:2] == ["summary", "districts/berat"] and len(every) == 1 + 12
    one = build_of(folders, "--notebooks", str(notebooks), "--district", "Vlore").plan()
    assert [r.plan.slug for r in one] == ["summary", "districts/vlore"]


def test_plan_names_a_missing_notebook(folders, tmp_path):
    notebooks = notebooks_folder(tmp_path, "1,summary,01_summary.ipynb,chapter.summary\n2,x,gone.ipynb,chapter.ngos,\n")
    with pytest.raises(UsageError, match="gone.ipynb: notebook missing"):
        build_of(folders, "--notebooks", str(notebooks)).plan()


def test_the_cache_key_follows_parameters_and_code_but_not_where_the_clean_tables_lie(folders, tmp_path):
    build = build_of(folders)
    plan = PagePlan("summary", "01_summary.ipynb", "chapter.summary")
    result = PageResult(plan, build.parameters(plan))
    key = build.key(result, "code-1", "lock-1")
    moved = PageResult(plan, {**result.parameters, "clean_dir": str(tmp_path / "elsewhere")})
    assert build.key(moved, "code-1", "lock-1").digest == key.digest
    assert build.key(PageResult(plan, {**result.parameters, "lang": "en"}), "code-1", "lock-1").digest != key.digest
    assert build.key(result, "code-2", "lock-1").digest != key.digest
    assert build.key(result, "code-1", "lock-2").digest != key.digest


def ran(parameters: dict, received: dict | None) -> PageResult:
    report = {} if received is None else {"received": received}
    entry = {"html": "<p>page</p>", "downloads": {}, "report": report, "error": None, "seconds": 0.1}
    return PageResult(PagePlan("summary", "01_summary.ipynb", "chapter.summary"), parameters, entry)


def test_a_page_that_received_other_values_is_failed(folders):
    build = build_of(folders)
    parameters = {"page": "summary", "lang": "sq", "clean_dir": "/c"}
    good = ran(parameters, dict(parameters))
    build.check_received(good)
    assert not good.failed
    wrong = ran(parameters, {**parameters, "lang": "en"})
    build.check_received(wrong)
    assert wrong.failed and wrong.entry["error"]["name"] == "ParameterMismatch"
    assert "lang" in wrong.entry["error"]["message"]
    silent = ran(parameters, None)
    build.check_received(silent)
    assert silent.entry["error"]["name"] == "NoReport"


def test_a_reused_page_is_not_failed_for_where_its_clean_tables_lay(folders):
    build = build_of(folders)
    reused = ran({"page": "summary", "clean_dir": "/now"}, {"page": "summary", "clean_dir": "/then"})
    reused.cached = True
    build.check_received(reused)
    assert not reused.failed


def test_publish_writes_the_site_whole_with_its_marker_downloads_and_manifest(folders):
    build = build_of(folders)
    page = ran({"page": "summary"}, {"page": "summary"})
    page.entry["downloads"] = {"summary-headline.csv": "figure,value\ngrants,23\n"}
    assert build.publish([page]) == 0
    out = folders["out"]
    assert (out / MARKER).is_file() and (out / "index.html").is_file()
    assert "<p>page</p>" in (out / "summary.html").read_text(encoding="utf-8")
    assert (out / "data" / "summary-headline.csv").read_text(encoding="utf-8") == "figure,value\ngrants,23\n"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [p["page"] for p in manifest["pages"]] == ["summary.html"] and manifest["pages"][0]["status"] == "ok"
    assert manifest["edition"]["audience"] == "public"


def test_a_failed_page_keeps_the_last_good_site_and_sets_the_new_one_aside(folders, capsys):
    build = build_of(folders)
    assert build.publish([ran({"page": "summary"}, {"page": "summary"})]) == 0
    before = (folders["out"] / "summary.html").read_bytes()
    broken = ran({"page": "summary"}, {"page": "summary"})
    broken.entry["error"] = {"cell": 3, "name": "KeyError", "message": "'grants'"}
    assert build.publish([broken]) == 1
    assert (folders["out"] / "summary.html").read_bytes() == before
    kept = folders["out"].with_name("out-failed")
    assert (kept / "summary.html").is_file()
    assert "summary: failed at cell 3" in capsys.readouterr().err


def test_a_pages_time_is_split_into_execute_export_and_frame_which_never_add_up_to_more_than_its_total():
    built = {"seconds": 0.4567, "timings": {"execute": 0.3333, "export": 0.0456}}
    timings = page_timings(built, reused=False, frame=0.0211)
    assert timings == {"execute": 0.333, "export": 0.045, "frame": 0.021, "total": 0.478}
    assert timings["execute"] + timings["export"] + timings["frame"] <= timings["total"]
    # a reused page was neither executed nor exported by this build, whatever its entry says of when it was
    reused = page_timings(built, reused=True, frame=0.0211)
    assert reused == {"execute": 0.0, "export": 0.0, "frame": 0.021, "total": 0.022}


def test_publish_records_each_pages_timings_in_the_manifest(folders):
    build = build_of(folders)
    page = ran({"page": "summary"}, {"page": "summary"})
    page.entry["timings"] = {"execute": 0.07, "export": 0.01}
    assert build.publish([page]) == 0
    entry = json.loads((folders["out"] / "manifest.json").read_text(encoding="utf-8"))["pages"][0]
    assert entry["timings"]["execute"] == 0.07 and entry["timings"]["export"] == 0.01
    assert entry["timings"]["frame"] >= 0 and entry["seconds"] >= 0.1 + entry["timings"]["frame"]
    assert sum(entry["timings"].values()) <= entry["seconds"]
