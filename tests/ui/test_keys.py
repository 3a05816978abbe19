"""Every key an action uses reaches the action: none is one a text field takes first on Linux."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from facilitation.model import Session
from storage.library import Library
from ui.main_window import MainWindow

# Keys X11's text fields read as editing commands (QKeySequence's X11 bindings): an action
# bound to one of these never fires while the cursor is in an entry line.
_TAKEN_BY_TEXT_FIELDS = {"Ctrl+A", "Ctrl+D", "Ctrl+E", "Ctrl+K", "Ctrl+U", "Ctrl+Shift+A", "Ctrl+W"}


def test_no_action_uses_a_key_text_fields_take(window: MainWindow, library: Library) -> None:
    window.open_session(library.sessions.create(Session(title="Keys")))
    keys = {
        shortcut.toString(QKeySequence.SequenceFormat.PortableText): action.text()
        for action in window.findChildren(QAction)
        for shortcut in action.shortcuts()
    }
    assert not _TAKEN_BY_TEXT_FIELDS & set(keys), {k: keys[k] for k in _TAKEN_BY_TEXT_FIELDS & set(keys)}
    assert len(keys) > 40
