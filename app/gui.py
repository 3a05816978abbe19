"""Starting the window: the QApplication, the library, and the main window."""

from __future__ import annotations

import argparse
import getpass
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMessageBox

from app.paths import config_folder, default_library, log_file
from storage.errors import LibraryProblem
from storage.library import open_library
from ui.main_window import MainWindow
from ui.theme import apply_theme

if TYPE_CHECKING:
    from facilitation.coach import Coach
    from facilitation.prompts import PromptBank
    from facilitation.protocols import SettingsSource


def _install_exception_hook(where_to_log: Callable[[], Path]) -> None:
    """Write any unexpected problem to the log and say so plainly, instead of vanishing."""

    def hook(kind: type[BaseException], value: BaseException, trace: TracebackType | None) -> None:
        log = where_to_log()
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as stream:
                stream.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n")
                traceback.print_exception(kind, value, trace, file=stream)
            where = f"The details are in {log}."
        except OSError:
            where = "The details could not be written down."
        traceback.print_exception(kind, value, trace)
        QMessageBox.warning(
            None,
            "Takeaways",
            "Something unexpected happened inside Takeaways. Everything shown as saved is on disk, "
            f"and the app carries on. {where} Please include them if you report this.",
        )

    sys.excepthook = hook


def _prompts(window: MainWindow) -> PromptBank:
    """The shipped prompt cards extended by the organisation's own, with a word on any file skipped."""
    from facilitation.prompts import load_bank, org_prompt_files

    bank, notices = load_bank(org_prompt_files(config_folder()))
    if notices:
        window.statusBar().showMessage(" ".join(notices), 15000)
    return bank


def _coach(window: MainWindow, settings: SettingsSource) -> Coach:
    """The language coach with the organisation's own wording rules, and the library's glossary terms
    passing as explained; with a word on any file skipped."""
    from facilitation.coach import load_coach, org_coach_files

    coach, notices = load_coach(org_coach_files(config_folder()), glossary=list(settings.load().glossary))
    if notices:
        shown = window.statusBar().currentMessage()  # the prompt cards' notices, if any, stay
        window.statusBar().showMessage(" ".join([shown, *notices]).strip(), 15000)
    return coach


def _account() -> str:
    """Who is at the keyboard, for the status history: the computer account's name."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def run_app(args: argparse.Namespace) -> int:
    """Open the app on the library named by ``args``; returns the exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Takeaways")
    apply_theme(app)
    _install_exception_hook(log_file)
    path = getattr(args, "db", None) or default_library()
    try:
        library = open_library(path, create=True)
        session_id = library.sessions.resolve(args.session) if args.session else None
    except LibraryProblem as problem:
        print(problem, file=sys.stderr)
        QMessageBox.information(None, "Takeaways", str(problem))
        return 2
    window = MainWindow(
        library.sessions,
        library.settings,
        str(path),
        prompt_bank=lambda: _prompts(window),
        author=_account(),
        coach=lambda: _coach(window, library.settings),
    )
    if session_id is not None:
        window.open_session(session_id)
    window.show()
    try:
        return app.exec()
    finally:
        library.close()
