"""Windows over a real library in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from storage.library import Library
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, library: Library) -> Iterator[MainWindow]:
    """The main window on the test's library, shown."""
    win = MainWindow(library.sessions, library.settings, "test library")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
