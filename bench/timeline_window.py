"""The app's window, shown, open at a debrief's Timeline phase: where the Enter and scroll measures start."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from facilitation.model import Session
    from storage.library import Library
    from ui.main_window import MainWindow


def timeline_window(library: Library, session: Session) -> tuple[MainWindow, int]:
    """Store ``session`` in ``library`` and open it in a new, shown window at its timeline.

    Returns the window and the session's id (to delete it once measured).
    """
    from facilitation.phases import Phase
    from ui.main_window import MainWindow

    session_id = library.sessions.create(session)
    window = MainWindow(library.sessions, library.settings, "bench")
    window.show()
    window.open_session(session_id)
    assert window.session_view is not None
    window.session_view.go_to(Phase.TIMELINE)
    return window, session_id
