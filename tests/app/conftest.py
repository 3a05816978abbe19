"""Set-up shared by the app tests: the ``run`` fixture that runs the command line in-process."""

from __future__ import annotations

import pytest

from tests.app.cli_runner import Run, cli_runner


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run ``takeaways`` with the given arguments; returns (exit code, stdout, stderr)."""
    return cli_runner(capsys)
