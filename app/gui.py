"""Starting the window: the QApplication, the library, and the main window."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.library_backups import DAILY_BACKUP_DELAY_MS, DailyBackup, LibraryBackups, open_or_recover
from app.library_queries import LibraryQueriesAdapter, write_text_atomically
from app.paths import config_folder, default_library, log_file
from app.single_instance import InstanceServer, ask_first_to_come_forward
from facilitation.messages import echo
from facilitation.model import Session
from facilitation.protocols import ExportProblem, SessionRepository
from facilitation.settings import OrgSettings
from storage.errors import LibraryProblem, SessionNotFound
from storage.library import Library, open_read_only
from storage.lock import LibraryLock
from ui.instance_notice import SecondInstanceNotice
from ui.main_window import MainWindow
from ui.theme import apply_theme, themed_application

if TYPE_CHECKING:
    from facilitation.audience import Masking
    from facilitation.coach import Coach
    from facilitation.prompts import PromptBank
    from facilitation.protocols import SettingsSource


def _install_exception_hook(where_to_log: Callable[[], Path]) -> None:
    """Write any unexpected problem to the log and say so plainly, instead of vanishing."""

    def hook(kind: type[BaseException], value: BaseException, trace: TracebackType | None) -> None:
        if isinstance(value, LibraryProblem):  # a write refused (read-only, busy, full): its own sentence
            QMessageBox.information(None, "Takeaways", str(value))
            return
        import traceback  # only when something goes wrong, not at start-up

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


class LibraryExporter:
    """The export functions as the window calls them (``facilitation.protocols.Exporter``).

    ``export`` and reportlab load on the first export, never at start-up.
    """

    def __init__(self, sessions: SessionRepository) -> None:
        self._sessions = sessions  # for the reference of the debrief a follow-up follows, in JSON

    def masking(self, session: Session, masked_terms: Sequence[str]) -> list[Masking]:
        """What a public export of ``session`` masks."""
        from facilitation.audience import prepare

        return prepare(session, "public", masked_terms).masked

    def write_session(
        self, session: Session, kind: str, audience: str, settings: OrgSettings, path: Path
    ) -> None:
        """Write one debrief; the file appears whole or not at all."""
        from export.files import write_atomically
        from facilitation.audience import prepare

        ready = prepare(session, audience, settings.masked_terms).session
        author = ready.facilitator if audience == "internal" else ""
        try:
            if kind in ("pdf", "pre-read-pdf"):
                from export.pdf import postmortem_pdf, preread_pdf

                write_pdf = postmortem_pdf if kind == "pdf" else preread_pdf
                write_pdf(ready, settings, path, author=author)
            elif kind == "json":
                from facilitation.interchange import dumps

                write_atomically(path, dumps(ready, self._follows_reference(ready)).encode("utf-8"))
            else:
                from export.markdown import postmortem_markdown, preread_markdown

                write_markdown = postmortem_markdown if kind == "md" else preread_markdown
                write_atomically(path, write_markdown(ready, settings).encode("utf-8"))
        except OSError as error:
            raise ExportProblem(_unwritable(path, error)) from None

    def write_digest(
        self,
        sessions: Sequence[Session],
        since: date,
        until: date,
        kind: str,
        settings: OrgSettings,
        path: Path,
        progress: Callable[[int, int], bool],
    ) -> bool:
        """Write the learning digest; False, and no file, when ``progress`` asks it to stop."""
        from export.files import remove_stale_parts, write_atomically

        seen = [0, len(sessions)]  # the last (done, total) told, to tell the end in the same terms

        def told(done: int, total: int) -> bool:
            seen[:] = [done, total]
            return progress(done, total)

        try:
            if kind == "md":
                from export.markdown import digest_markdown

                if not told(0, len(sessions)):
                    return False
                text = digest_markdown(sessions, since, until, settings)
                if not told(seen[1], seen[1]):
                    return False
                write_atomically(path, text.encode("utf-8"))
                return True
            from export import ExportCancelled
            from export.digest import digest_pdf

            # Laid out beside the target, and put in its place only if nobody asked to stop meanwhile.
            partial = path.with_name(f".{path.name}.{os.getpid()}.part")
            try:
                digest_pdf(sessions, since, until, settings, partial, progress=told)
                if not told(seen[1], seen[1]):
                    return False
                os.replace(partial, path)
                remove_stale_parts(path)
            except ExportCancelled:
                return False
            finally:
                with contextlib.suppress(OSError):
                    partial.unlink()
            return True
        except OSError as error:
            raise ExportProblem(_unwritable(path, error)) from None

    def _follows_reference(self, session: Session) -> str:
        if session.follows is None:
            return ""
        try:
            return self._sessions.get(session.follows).reference
        except SessionNotFound:
            return ""


def _unwritable(path: Path, error: OSError) -> str:
    """Why ``path`` could not be written, in one sentence."""
    if isinstance(error, FileNotFoundError) and not path.parent.is_dir():
        return f"The folder {echo(str(path.parent), 80)} does not exist; choose another."
    reason = (error.strerror or str(error)).rstrip(".").lower()
    return f"{echo(path.name, 80)} could not be written ({reason}); nothing was changed there."


def _account() -> str:
    """Who is at the keyboard, for the status history: the computer account's name."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def run_app(args: argparse.Namespace) -> int:
    """Open the app on the library named by ``args``; returns the exit code."""
    running = QApplication.instance()
    if running is None:
        app = themed_application(sys.argv[:1])
    else:  # tests, and anything else that started Qt first
        assert isinstance(running, QApplication)
        app = running
        apply_theme(app)
    app.setApplicationName("Takeaways")
    _install_exception_hook(log_file)
    path = getattr(args, "db", None) or default_library()
    lock = LibraryLock(path)
    if not lock.acquire():  # another app has this library: bring it forward instead
        if SecondInstanceNotice.ask(None, str(path), ask_first_to_come_forward(path)):
            return _run_read_only(app, args, path)
        return 0
    try:
        try:
            library, recovered = open_or_recover(path)
            if library is None:
                return 0
            session_id = library.sessions.resolve(args.session) if args.session else None
        except LibraryProblem as problem:
            return _refused(problem)
        window = _main_window(library, path, session_id)
        if recovered:
            window.statusBar().showMessage(recovered, 20000)
        servers: list[InstanceServer] = []  # started once the window shows, off the start-up path
        QTimer.singleShot(SERVER_DELAY_MS, lambda: servers.append(InstanceServer(path, window.bring_forward)))
        daily = DailyBackup(path)
        daily.problem.connect(lambda message: window.statusBar().showMessage(message, 15000))
        QTimer.singleShot(DAILY_BACKUP_DELAY_MS, daily.start)
        try:
            return app.exec()
        finally:
            for server in servers:
                server.server.close()
            daily.wait()
            library.close()
    finally:
        lock.release()


SERVER_DELAY_MS = 300
"""When the app starts listening for a second one; before that, a second app is told the library is in use."""


def _run_read_only(app: QApplication, args: argparse.Namespace, path: Path) -> int:
    """The window on a library another app has open: to look and export, never to change."""
    try:
        library = open_read_only(path)
        session_id = library.sessions.resolve(args.session) if args.session else None
    except LibraryProblem as problem:
        return _refused(problem)
    _main_window(library, path, session_id, read_only=True)
    try:
        return app.exec()
    finally:
        library.close()


def _refused(problem: LibraryProblem) -> int:
    """Say why the library cannot be opened, on stderr and in a box; the exit code."""
    print(problem, file=sys.stderr)
    QMessageBox.information(None, "Takeaways", str(problem))
    return 2


def _main_window(library: Library, path: Path, session_id: int | None, read_only: bool = False) -> MainWindow:
    """The window on ``library``, shown, at ``session_id`` when given."""
    window = MainWindow(
        library.sessions,
        library.settings,
        str(path),
        prompt_bank=lambda: _prompts(window),
        author=_account(),
        coach=lambda: _coach(window, library.settings),
        exporter=LibraryExporter(library.sessions),
        queries=LibraryQueriesAdapter(library),
        write_text=write_text_atomically,
        backups=None if read_only else LibraryBackups(library),
        read_only=read_only,
    )
    if session_id is not None:
        window.open_session(session_id)
    window.show()
    return window
