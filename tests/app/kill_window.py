"""What the kill targets start from: a new library with one session, open in the real window (offscreen)."""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple, NoReturn
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from facilitation.model import Participant, Session
from storage.library import Library, open_library
from ui.main_window import MainWindow


class KillWindow(NamedTuple):
    """The running app a kill target drives; the library stays open until the process is killed."""

    app: QApplication
    library: Library
    window: MainWindow
    session_id: int


def open_kill_window(path: Path, argv: list[str]) -> KillWindow:
    """Make a library at ``path`` with one session (Ana on call, from 14:00 in Copenhagen) and open it."""
    app = QApplication(argv[:1])
    library = open_library(path, create=True)
    session = Session(
        title="Kill test",
        time_zone="Europe/Copenhagen",
        started_at=datetime(2026, 3, 2, 14, 0, tzinfo=ZoneInfo("Europe/Copenhagen")),
        participants=[Participant("Ana", "on call")],
    )
    session_id = library.sessions.create(session)
    window = MainWindow(library.sessions, library.settings, "kill test")
    window.show()
    window.open_session(session_id)
    return KillWindow(app, library, window, session_id)


def wait_to_be_killed() -> NoReturn:
    """Say ``done``, then stay alive (and the library open) until the test or the harness kills us."""
    print("done", flush=True)
    while True:
        time.sleep(1)


def capture(view: Any, typed: str) -> bool:
    """Type ``typed`` into the phase view's entry line and press Enter (its ``capture()``); whether it
    was saved (the line keeps its text when saving did not work)."""
    view.entry_line.setText(typed)
    view.capture()
    return not view.entry_line.text()
