"""Opening a library: judge the file, connect, migrate, and hand out its repositories."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from storage import header
from storage.backups import make_backup
from storage.database import DatabaseHandle
from storage.errors import (
    RESTORE_A_BACKUP,
    LibraryDamaged,
    LibraryMissing,
    LibraryProblem,
    LibraryTooNew,
    problem_from_sqlite,
)
from storage.forget import PersonForgetting
from storage.migrations import SCHEMA_VERSION, migrate
from storage.queries import QueryStore
from storage.search import SearchIndex
from storage.sessions import SessionStore
from storage.settings import SettingsStore

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_MS = 5000


class Library:
    """One open library file and the repositories over it.

    Attributes:
        path: The library file.
        db: The sqlite-utils database over the connection.
        sessions: Sessions and their items.
        settings: The organisation's settings.
        search: The full-text index.
        queries: Reads across every session (matrix, insights, open actions).
        forgetting: Replacing a person's name by a role everywhere.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: bool = False) -> None:
        self.path = path
        self.handle = DatabaseHandle(conn, read_only)
        self.settings = SettingsStore(self.handle)
        self.sessions = SessionStore(self.handle)
        self.search = SearchIndex(self.handle)
        self.queries = QueryStore(self.handle)
        self.forgetting = PersonForgetting(self.handle)

    @property
    def db(self) -> Database:
        """The sqlite-utils view of the library, for tools and tests."""
        return self.handle.db

    def close(self) -> None:
        """Close the connection; SQLite folds the WAL back into the file."""
        self.handle.conn.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_library(path: Path, create: bool = False) -> Library:
    """Open the library at ``path``, bringing its schema up to date.

    Args:
        path: The library file.
        create: Create a new library when none is there (the app and ``import`` do).

    Raises:
        LibraryMissing: Nothing is there and ``create`` is false.
        LibraryRefused: The file is damaged, not a library, or from a newer version;
            it has not been touched.
        LibraryBusy: Another program held the library locked too long.
        LibraryProblem: The folder cannot be made, or the file or its folder is
            read-only (``LibraryUnwritable``), or the disk is full; said in a sentence.
    """
    verdict = header.judge(path)
    if verdict.schema_version == 0 and not create:
        # Nothing there, an empty file, or a library whose first migration never finished.
        raise LibraryMissing(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    except (OSError, sqlite3.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise LibraryProblem(
            f"Takeaways cannot make a library at {path} ({reason}); choose another place for it with --db."
        ) from None
    with _closed_on_failure(conn, path):
        _prepare(conn, path, create)
    return Library(path, conn)


@contextmanager
def _closed_on_failure(conn: sqlite3.Connection, path: Path) -> Iterator[None]:
    """Close ``conn`` if what runs inside fails; SQLite's complaint becomes the library's sentence."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        conn.close()
        problem = problem_from_sqlite(path, exc)
        if problem is None:
            raise
        raise problem from None
    except sqlite3.DatabaseError:
        conn.close()
        raise LibraryDamaged(path, "is damaged: SQLite cannot read it", RESTORE_A_BACKUP) from None
    except BaseException:
        conn.close()
        raise


def open_read_only(path: Path) -> Library:
    """Open the library only to read it, beside the app that has it open.

    Nothing is written: no migration, no journal change; every write is refused
    with ``LibraryReadOnly`` before SQLite is asked.

    Raises:
        LibraryMissing, LibraryRefused, LibraryProblem: As ``open_library``; also
            a library the other app has not yet brought up to date.
    """
    verdict = header.judge(path)
    if verdict.schema_version == 0:
        raise LibraryMissing(path)
    if verdict.schema_version != SCHEMA_VERSION:
        raise LibraryProblem(
            f"The library {path} is being brought up to date by the Takeaways that has it open; "
            "try again in a moment."
        )
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    with _closed_on_failure(conn, path):
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA user_version").fetchone()
    return Library(path, conn, read_only=True)


def _prepare(conn: sqlite3.Connection, path: Path, create: bool) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    # Checked again under SQLite, in case another program changed the file since it was judged.
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == 0 and not create:
        raise LibraryMissing(path)
    if version > SCHEMA_VERSION:
        raise LibraryTooNew(path, version, SCHEMA_VERSION)
    if 0 < version < SCHEMA_VERSION:
        # Before anything changes the file, switching it to WAL included.
        make_backup(conn, path, f"before-v{SCHEMA_VERSION}")
    # WAL with FULL sync: every commit is on disk (fsync) when it returns.
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    if version == SCHEMA_VERSION:
        return
    migrate(conn)
    if version == 0:
        SettingsStore(DatabaseHandle(conn)).save_defaults_if_empty()
