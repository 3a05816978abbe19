"""The entry point imports with the garbage collector paused, and always gives it back."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from app.main import main
from storage.library import Library


def test_after_a_command_the_collector_runs_again(library: Library, library_path: Path) -> None:
    assert main(["list", "--db", str(library_path)]) == 0
    assert gc.isenabled()


def test_after_a_mistake_in_the_command_line_the_collector_runs_again(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["no-such-command"]) == 2
    assert capsys.readouterr().err.strip()
    assert gc.isenabled()


def test_objects_made_after_the_imports_are_still_collected(library: Library, library_path: Path) -> None:
    main(["list", "--db", str(library_path)])

    class Cycle:
        def __init__(self) -> None:
            self.me = self

    Cycle()
    assert gc.collect() > 0  # the cycle just dropped is found: only what was imported is left alone
