"""What can stand between a person and their library, each said in one plain sentence."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path


class LibraryProblem(Exception):
    """The library cannot be used as asked; ``str()`` is a sentence for the person."""


class LibraryMissing(LibraryProblem):
    """No library exists at the path and this command does not create one."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"There is no library at {path}; import a session or open the app to create one, "
            "or name an existing library with --db."
        )


class LibraryRefused(LibraryProblem):
    """The file is not one Takeaways may open; it has been left exactly as it was."""


class LibraryTooNew(LibraryRefused):
    """The library was written by a newer Takeaways."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        super().__init__(
            f"The library {path} uses schema version {found}, from a newer Takeaways; "
            f"this one reads up to version {supported}, so the file was left untouched. "
            "Open it with the newer Takeaways."
        )


RESTORE_A_BACKUP = "restore a copy from the backups folder beside it, or choose another library with --db"
"""The next step for a library that is damaged or cut short."""
NAME_THE_FILE_INSIDE = "name the library file inside it with --db"
"""The next step for a folder given where a library file belongs."""
CHOOSE_ANOTHER_FILE = "choose another file for your library with --db"
"""The next step for a file that belongs to something else."""
CHECK_ACCESS = "check that you may read it, or choose another library with --db"
"""The next step for a file the system would not let Takeaways read."""


class LibraryDamaged(LibraryRefused):
    """The file is not a readable library: damaged, cut short, or something else."""

    def __init__(self, path: Path, what: str, next_step: str) -> None:
        """Say what the file is and what to do next.

        Args:
            path: The file.
            what: What it is, after its name (``is cut short: …``).
            next_step: What to do, fitting the cause: one of the constants above.
        """
        super().__init__(f"{path} {what}, so Takeaways left it untouched; {next_step}.")
        self.path, self.what, self.next_step = path, what, next_step


class SessionNotFound(LibraryProblem):
    """No session in the library answers to the id or reference given."""


class LibraryBusy(LibraryProblem):
    """Another program kept the library locked for longer than we wait."""


class LibraryReadOnly(LibraryProblem):
    """The library was opened read-only (another app has it), so this change was not made."""


READ_ONLY = (
    "This window is read-only because the library is open in another Takeaways window, "
    "so nothing was changed; make the change in that window."
)
"""The sentence for a change tried in a window opened read-only."""


class LibraryUnwritable(LibraryProblem):
    """The library, its folder or its disk is read-only, so nothing could be written."""

    def __init__(self, path: Path) -> None:
        if path.exists() and not os.access(path, os.W_OK):
            why, fix = "it is read-only", "make the file writable"
        elif not os.access(path.parent, os.W_OK):
            why = "its folder is read-only, and SQLite keeps its side files there"
            fix = "make the folder writable"
        else:
            why, fix = "it, or the disk it is on, is read-only", "make it writable"
        super().__init__(
            f"Takeaways cannot write to {path} ({why}); nothing was changed, so {fix} "
            "or copy the library somewhere you may write and name the copy with --db."
        )


NEARLY_FULL_BYTES = 4 * 1024 * 1024
"""Free space below which a failed write is put down to a full disk (SQLite may call it an I/O error)."""


def _nearly_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def problem_from_sqlite(path: Path, exc: sqlite3.OperationalError) -> LibraryProblem | None:
    """The plain sentence for an SQLite complaint about the file itself, if it is one.

    Permission, space and lock problems say what happened and what to do; anything
    else returns None and the caller describes it.
    """
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return LibraryUnwritable(path)
    if "locked" in text or "busy" in text:
        return LibraryBusy(f"The library {path} is busy with another program; try again in a moment.")
    if "full" in text or ("disk i/o" in text and _nearly_full(path)):
        return LibraryProblem(
            f"The disk holding {path} is full, so nothing was changed; free some space and try again."
        )
    if "unable to open" in text:
        if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            return LibraryUnwritable(path)
        return LibraryProblem(
            f"Takeaways cannot open {path} or the files SQLite keeps beside it; check that the file "
            "and its folder exist and that you may write to them."
        )
    if "disk i/o" in text:
        return LibraryProblem(
            f"The disk holding {path} did not complete a read or write, so nothing was changed; "
            "check the disk and try again."
        )
    return None
