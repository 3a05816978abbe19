"""Running ``takeaways`` in-process for a test: the exit code, stdout and stderr of one command."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.main import main

Run = Callable[..., tuple[int, str, str]]


def cli_runner(capsys: pytest.CaptureFixture[str]) -> Run:
    """A runner of ``takeaways`` with the given arguments; each call returns (exit code, stdout, stderr)."""

    def run_main(*argv: str | Path) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run_main
