"""`python -m sitrep` is the sitrep command: help, and usage errors as one line with exit status 2."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest


def sitrep(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sitrep", *args], capture_output=True, text=True, timeout=120)


def test_help_names_both_commands():
    done = sitrep("--help")
    assert done.returncode == 0
    assert "clean" in done.stdout and "build" in done.stdout


def test_build_help_lists_its_options():
    done = sitrep("build", "--help")
    assert done.returncode == 0
    for option in ("--raw", "--clean", "--out", "--period", "--lang", "--audience", "--min-cell", "--district",
                   "--jobs", "--no-cache", "--self-contained", "--isolated", "--explain"):
        assert option in done.stdout, option


def test_a_usage_error_is_one_line_with_exit_2():
    for args in ((), ("build", "--jobs", "0"), ("publish",)):
        done = sitrep(*args)
        assert done.returncode == 2, args
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr, args


def run_in_process(monkeypatch, *argv: str) -> tuple[int, int]:
    """Import sitrep.__main__ afresh with these arguments, as `python -m sitrep` does: its exit status, and how
    many objects it left out of the interpreter's collections for its exit (put back in them here)."""
    monkeypatch.setattr(sys, "argv", ["sitrep", *argv])
    monkeypatch.delitem(sys.modules, "sitrep.__main__", raising=False)
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit) as done:
            import sitrep.__main__  # noqa: F401
        return done.value.code, gc.get_freeze_count()
    finally:
        gc.unfreeze()


def test_importing_the_module_runs_the_command(monkeypatch, capsys):
    assert run_in_process(monkeypatch, "--help")[0] == 0
    assert "build" in capsys.readouterr().out
    assert run_in_process(monkeypatch, "build", "--lang")[0] == 2
    assert "--lang" in capsys.readouterr().err


def test_the_command_exits_without_collecting_what_it_leaves(monkeypatch, capsys):
    # Everything alive when the command is done is left out of the collections the interpreter makes as it exits:
    # those would walk pandas' and the notebook stack's objects again, for memory the process gives back whole.
    status, frozen = run_in_process(monkeypatch, "build", "--jobs", "0")
    assert status == 2 and "--jobs" in capsys.readouterr().err
    assert frozen > 10_000
