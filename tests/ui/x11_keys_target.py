"""Run under X (``xvfb-run``, ``QT_QPA_PLATFORM=xcb``) by test_keys.py: where Ctrl+E goes from text fields
when the platform's own key bindings are X11's, which read Ctrl+E as "end of line".

Prints one JSON object: for each field, whether Ctrl+E reached Export, and where the cursor ended.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from facilitation.model import Session, TimelineEntry
from facilitation.phases import Phase
from storage.library import open_library
from tests.ui.export_fakes import FakeExporter
from ui.export_dialog import ExportDialog
from ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


def main(folder: Path) -> dict[str, object]:
    app = QApplication(sys.argv[:1])
    asked: list[str] = []
    ExportDialog.ask = classmethod(
        lambda cls, parent, session, exporter, settings: asked.append(session.title)
    )  # type: ignore[method-assign,assignment]
    library = open_library(folder / "library.sqlite", create=True)
    library.sessions.create(Session(title="Keys", timeline=[TimelineEntry(text="one")]))
    window = MainWindow(library.sessions, library.settings, "x11", exporter=FakeExporter())
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowActive(window, 5000)
    found: dict[str, object] = {
        "platform": app.platformName(),
        "x11_bindings": "Ctrl+E"
        in [k.toString() for k in QKeySequence.keyBindings(QKeySequence.StandardKey.MoveToEndOfLine)],
    }

    def press(name: str, field: QWidget, text: str = "abc def") -> None:
        field.setFocus()
        QTest.qWait(20)
        editor = field.lineEdit() if hasattr(field, "lineEdit") and field.lineEdit() else field
        if isinstance(editor, QLineEdit):
            editor.setText(text)
            editor.setCursorPosition(0)
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(text)
            editor.moveCursor(editor.textCursor().MoveOperation.Start)
        before = len(asked)
        QTest.keyClick(QApplication.focusWidget() or field, Qt.Key.Key_E, CTRL)
        QTest.qWait(20)
        cursor = editor.cursorPosition() if isinstance(editor, QLineEdit) else editor.textCursor().position()
        found[name] = {"export": len(asked) > before, "cursor": cursor}

    plain = QLineEdit(window.library_view)  # a text field of Qt's own, as a control
    plain.show()
    press("plain QLineEdit", plain)
    plain.hide()
    press("library filter", window.library_view.filter_box, "")  # empty: the debrief stays selected
    window.open_session(library.sessions.summaries()[0].id)
    view = window.session_view
    assert view is not None
    press("private notes", view.notes)
    press("summary", view.prepare.summary)
    press("time zone", view.prepare.time_zone, "Europe/Oslo")
    view.go_to(Phase.TIMELINE)
    press("timeline entry line", view.timeline.entry_line)
    window.show_library()
    press("library filter, nothing to export", window.library_view.filter_box, "zzz")
    window.close()
    library.close()
    return found


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
