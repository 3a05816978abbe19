"""The app's side of backups: today's copy made in the background, restoring from the window, and the
offer made when the library is damaged at start."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from storage.backups import (
    Backup,
    describe_backups,
    make_daily_backup,
    newest_good_backup,
    restore_backup,
    restore_beside_damaged,
)
from storage.errors import RESTORE_A_BACKUP, LibraryDamaged, LibraryProblem, problem_from_sqlite
from storage.library import Library, open_library
from ui.damaged_library_dialog import QUIT, RESTORE, DamagedLibraryDialog

DAILY_BACKUP_DELAY_MS = 3000
"""How long after the window shows that today's copy starts, so it never competes with start-up."""


class DailyBackup(QObject):
    """Makes today's ``daily`` copy on a thread of its own, with its own connection.

    The copy is one read of the WAL library, so the window's writes go on meanwhile.
    ``problem`` is emitted (on the window's thread) with a sentence if it could not be made.
    """

    problem = Signal(str)

    def __init__(self, library: Path) -> None:
        super().__init__()
        self.library = library
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the copy, unless one is running."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="daily-backup", daemon=True)
            self._thread.start()

    def wait(self) -> None:
        """Let a copy under way finish (called as the app quits)."""
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        try:
            make_daily_backup(self.library)
        except (OSError, sqlite3.Error) as exc:
            found = (
                problem_from_sqlite(self.library, exc) if isinstance(exc, sqlite3.OperationalError) else None
            )
            if found is not None:
                reason = str(found)
            else:
                detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                reason = f"It could not be written ({detail.rstrip('.').lower()})."
            self.problem.emit(
                f"Today's backup of the library was not made. {reason} Everything is still saved in the "
                "library, and Takeaways tries again next time it opens."
            )


class LibraryBackups:
    """The window's ``BackupKeeper``: the backups of the open library, and restoring one into it."""

    def __init__(self, library: Library) -> None:
        self.library = library

    def backups(self) -> Sequence[Backup]:
        """The library's backups, newest first."""
        return describe_backups(self.library.path)

    def restore(self, path: Path) -> tuple[bool, str]:
        """Restore the copy at ``path`` into the open library (backed up first)."""
        try:
            restore_backup(self.library.handle.conn, self.library.path, path)
        except LibraryProblem as problem:
            return False, str(problem)
        except OSError as exc:
            return False, f"{path.name} could not be restored ({exc.strerror or exc}); nothing changed."
        except sqlite3.Error as exc:
            busy = (
                problem_from_sqlite(self.library.path, exc)
                if isinstance(exc, sqlite3.OperationalError)
                else None
            )
            return False, str(
                busy
            ) if busy else f"{path.name} could not be restored ({exc}); nothing changed."
        known = {backup.path: backup for backup in describe_backups(self.library.path)}
        restored = known.get(path)
        what = f"the backup of {restored.made:%Y-%m-%d %H:%M}" if restored is not None else path.name
        return True, f"Restored {what}; the library as it was is the newest copy in Backups."


def open_or_recover(path: Path) -> tuple[Library | None, str]:
    """Open the app's library; when it is damaged, offer the newest good backup or a new library.

    Returns:
        The library (None when the person chose to quit) and a sentence for the
        status bar about where the damaged file was kept (empty if nothing happened).

    Raises:
        LibraryProblem: The library cannot be opened for a reason a backup does not mend.
    """
    try:
        return open_library(path, create=True), ""
    except LibraryDamaged as problem:
        if problem.next_step != RESTORE_A_BACKUP:  # a folder, or another program's file: not ours to move
            raise
        damage = problem
    backup = newest_good_backup(path)
    made = f"{backup.made:%Y-%m-%d %H:%M}" if backup is not None else None
    choice = DamagedLibraryDialog.ask(None, f"{path} {damage.what}, so Takeaways cannot open it.", made)
    if choice == QUIT:
        return None, ""
    source = backup.path if backup is not None and choice == RESTORE else None
    try:
        aside = restore_beside_damaged(path, source)
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise LibraryProblem(
            f"The damaged library {path} could not be set aside ({reason}), so nothing was "
            "changed; check that you may write to its folder, or choose another library with --db."
        ) from None
    what = f"the backup of {made} was restored" if source is not None else "a new library was started"
    return open_library(path, create=True), f"The damaged library is kept as {aside.name}; {what}."
