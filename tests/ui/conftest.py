"""Windows over a real library in a temporary folder; for the export dialogs, a save folder of the
test's own and the offers to open what was written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from storage.library import Library
from ui.export_dialog import OpenOffer, SaveFolder
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


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Files go to a folder of the test's own, as if last used in this run."""
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(SaveFolder, "last", out)
    return out


@pytest.fixture
def offers(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files offered to open, instead of the offer itself."""
    offered: list[Path] = []
    monkeypatch.setattr(OpenOffer, "ask", classmethod(lambda cls, parent, path: offered.append(path)))
    return offered
