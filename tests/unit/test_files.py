"""sitrep replaces only folders it made, whatever the spelling, and says so in one line with exit 2."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sitrep import cli, files, paths
from sitrep.errors import UsageError
from sitrep.transform.run import run_clean


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def sitrep(*args: str, cwd: Path = paths.PROJECT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sitrep", *args], capture_output=True, text=True, timeout=300,
                          cwd=cwd, env={**os.environ, **(env or {})})


PROJECT_SPELLINGS = [
    "data", "data/", "data/raw", "./data/raw/", "data/raw/../raw", "data/raw/source", "data/reference", ".git", "lib",
    "lib/sitrep", "notebooks", "notebooks/", ".", "..", "../..", str(paths.PROJECT), str(paths.PROJECT) + "/", "/",
]


@pytest.mark.parametrize("spelling", PROJECT_SPELLINGS)
def test_no_part_of_the_project_nor_a_folder_above_it_is_replaced(spelling, monkeypatch):
    monkeypatch.chdir(paths.PROJECT)
    with pytest.raises(UsageError) as refused:
        files.replaceable(Path(spelling), "--out")
    assert "\n" not in str(refused.value) and str(refused.value).startswith("--out ")


@pytest.mark.parametrize("command", [["clean", "--clean"], ["build", "--out"], ["build", "--clean"]])
@pytest.mark.parametrize("spelling", ["data", "data/raw/", "~", "../", ".git", "lib"])
def test_the_commands_refuse_in_one_line_with_exit_2_and_touch_nothing(command, spelling, tmp_path):
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh" / "id_ed25519").write_text("secret\n")
    before_home, before_raw = tree(home), tree(paths.RAW)
    run = sitrep(*command, spelling, env={"HOME": str(home)})
    assert run.returncode == 2, run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr, run.stderr
    assert tree(home) == before_home and tree(paths.RAW) == before_raw


def test_a_symlink_to_a_kept_folder_is_refused(tmp_path):
    link = tmp_path / "site"
    link.symlink_to(paths.RAW)
    with pytest.raises(UsageError, match="data/raw"):
        files.replaceable(link, "--out")


def test_someones_documents_are_refused_and_left_as_they_are(tmp_path):
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "letter.odt").write_text("dear …")
    with pytest.raises(UsageError, match="did not write"):
        run_clean(paths.RAW, documents)
    assert tree(documents) == {"letter.odt": "dear …".encode()}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Documents"]


def test_a_file_is_refused_and_not_hidden(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("mine\n")
    run = sitrep("build", "--out", str(notes), "--clean", str(tmp_path / "clean"), "--cache", str(tmp_path / "c"))
    assert run.returncode == 2 and "is a file" in run.stderr and len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"] and notes.read_text() == "mine\n"


def test_an_empty_folder_and_a_new_one_are_accepted(tmp_path):
    (tmp_path / "empty").mkdir()
    assert files.replaceable(tmp_path / "empty", "--out") == (tmp_path / "empty").resolve()
    assert files.replaceable(tmp_path / "new" / "site", "--out") == (tmp_path / "new" / "site").resolve()


def test_every_folder_sitrep_writes_carries_the_marker_and_is_replaced_again(clean_dir, tmp_path):
    assert (clean_dir / files.MARKER).is_file()
    target = tmp_path / "clean"
    run_clean(paths.RAW, target)
    (target / "stray.txt").write_text("left by someone")  # a marked folder is sitrep's: replaced whole, as documented
    run_clean(paths.RAW, target)
    assert (target / files.MARKER).is_file() and not (target / "stray.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean"]


@pytest.mark.parametrize("name, content", [
    ("provenance.json", {"inputs": {"raw/grants.csv": "ab"}, "code": "cd"}),
    ("manifest.json", {"edition": {}, "pages": [], "versions": {}}),
])
def test_a_folder_from_before_the_marker_is_recognised_by_what_sitrep_wrote_in_it(name, content, tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    (old / name).write_text(json.dumps(content))
    (old / "figures.csv").write_text("a\n1\n")
    run_clean(paths.RAW, old)
    assert (old / files.MARKER).is_file() and (old / "provenance.json").is_file()


def test_a_json_that_merely_shares_the_name_is_not_recognised(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "manifest.json").write_text(json.dumps({"name": "my web app"}))
    with pytest.raises(UsageError, match="did not write"):
        files.replaceable(other, "--out")


def test_a_symlinked_folder_is_followed_the_link_stays_and_nothing_is_left_beside_it(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "clean"
    link.symlink_to(real)
    run_clean(paths.RAW, link)
    run_clean(paths.RAW, link)  # the second run swaps a folder that exists
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert (real / "figures.csv").is_file() and (real / files.MARKER).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean", "real"]


def test_a_dangling_symlink_is_refused_cleanly(tmp_path):
    (tmp_path / "site").symlink_to(tmp_path / "gone")
    with pytest.raises(UsageError, match="does not exist"):
        files.replaceable(tmp_path / "site", "--out")


def test_a_stale_staging_folder_is_removed_only_when_sitrep_made_it(tmp_path):
    mine = tmp_path / ".clean.new-999999999"
    mine.mkdir()
    (mine / files.MARKER).write_text(files.MARKER_TEXT)
    theirs = tmp_path / ".clean.new-999999998"
    theirs.mkdir()
    (theirs / "keep.txt").write_text("x")
    run_clean(paths.RAW, tmp_path / "clean")
    assert not mine.exists() and (theirs / "keep.txt").is_file()


@pytest.fixture
def ctrl_c():
    """Ctrl-C raises KeyboardInterrupt here as in a terminal, even in a suite started as a background job (which
    ignores it)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_an_interruption_during_the_swap_reports_what_was_published(tmp_path, monkeypatch, capsys, ctrl_c):
    target = tmp_path / "clean"
    run_clean(paths.RAW, target)
    before = (target / files.MARKER).stat().st_ino
    real_rmtree = files.shutil.rmtree
    # Ctrl-C arrives just after the new folder was swapped in, while the old one is being removed.
    def interrupted(path, *args, **kwargs):
        real_rmtree(path, *args, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)
    monkeypatch.setattr(files.shutil, "rmtree", interrupted)
    monkeypatch.setattr(files, "published", [])
    status = cli.main(["clean", "--clean", str(target)])
    message = capsys.readouterr().err
    assert status == 130
    assert (target / files.MARKER).stat().st_ino != before, "the new tables were swapped in"
    assert "unchanged" not in message and "replaced" in message, message


def test_ctrl_c_during_the_swap_waits_for_its_record_while_another_thread_runs(tmp_path, monkeypatch, capsys,
                                                                               ctrl_c):
    target = tmp_path / "clean"
    run_clean(paths.RAW, target)
    before = (target / files.MARKER).stat().st_ino
    real_exchange = files._exchange
    # A signal sent to the process goes to any thread that does not block it: here one that only waits.
    stop = threading.Event()
    waiting = threading.Thread(target=stop.wait)
    waiting.start()

    def exchange_then_ctrl_c(first, second):
        exchanged = real_exchange(first, second)
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # the waiting thread has taken the signal, and Python has run its handler
        return exchanged

    monkeypatch.setattr(files, "_exchange", exchange_then_ctrl_c)
    monkeypatch.setattr(files, "published", [])
    before = signal.getsignal(signal.SIGTERM)
    try:
        status = cli.main(["clean", "--clean", str(target)])
    finally:
        stop.set()
        waiting.join()
    assert status == 130 and (target / files.MARKER).stat().st_ino != before
    assert "replaced" in capsys.readouterr().err and files.published == [target]
    assert signal.getsignal(signal.SIGTERM) == before, "the handlers are given back"


def test_ctrl_c_and_sigterm_held_by_a_swap_are_both_raised_after_it(ctrl_c):
    terminated = []
    previous = signal.signal(signal.SIGTERM, lambda number, frame: terminated.append(number))
    try:
        with pytest.raises(KeyboardInterrupt):
            with files.signals_held():
                os.kill(os.getpid(), signal.SIGINT)
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(0.05)
                assert terminated == [], "held until the swap is done"
        assert terminated == [signal.SIGTERM]
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_an_interruption_before_the_swap_says_nothing_changed(tmp_path, monkeypatch, capsys):
    target = tmp_path / "clean"
    run_clean(paths.RAW, target)
    before = tree(target)
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(files, "_exchange", interrupted)
    monkeypatch.setattr(files, "published", [])
    assert cli.main(["clean", "--clean", str(target)]) == 130
    assert "unchanged" in capsys.readouterr().err and tree(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean"]
