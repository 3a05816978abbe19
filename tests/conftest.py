"""Shared test set-up: headless Qt, the ``gui`` marker, and a fresh library per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from storage.library import Library, open_library

_QT_FIXTURES = {"qtbot", "qapp", "qtmodeltester"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that drives Qt as ``gui``."""
    for item in items:
        if _QT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    """Where a test's library lives (not created yet)."""
    return tmp_path / "library.sqlite"


@pytest.fixture
def library(library_path: Path) -> Iterator[Library]:
    """A new, empty library, closed after the test."""
    lib = open_library(library_path, create=True)
    yield lib
    lib.close()
