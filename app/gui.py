"""Starting the window: the QApplication, the library, and the main window."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from app.paths import default_library
from storage.errors import LibraryProblem
from storage.library import open_library
from ui.main_window import MainWindow
from ui.theme import apply_theme


def run_app(args: argparse.Namespace) -> int:
    """Open the app on the library named by ``args``; returns the exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Takeaways")
    apply_theme(app)
    path = getattr(args, "db", None) or default_library()
    try:
        library = open_library(path, create=True)
        session_id = library.sessions.resolve(args.session) if args.session else None
    except LibraryProblem as problem:
        print(problem, file=sys.stderr)
        QMessageBox.information(None, "Takeaways", str(problem))
        return 2
    window = MainWindow(library.sessions, library.settings, str(path))
    if session_id is not None:
        window.open_session(session_id)
    window.show()
    try:
        return app.exec()
    finally:
        library.close()
