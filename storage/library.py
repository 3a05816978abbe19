"""Opening a library: judge the file, connect, migrate, and hand out its repositories."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from storage import header
from storage.backups import make_backup
from storage.database import DatabaseHandle
from storage.errors import LibraryBusy, LibraryDamaged, LibraryMissing, LibraryTooNew
from storage.migrations import SCHEMA_VERSION, migrate
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
    """

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.handle = DatabaseHandle(conn)
        self.settings = SettingsStore(self.handle)
        self.sessions = SessionStore(self.handle)
        self.search = SearchIndex(self.handle)

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
    """
    verdict = header.judge(path)
    if not verdict.exists and not create:
        raise LibraryMissing(path)
    if verdict.exists and path.stat().st_size == 0 and not create:
        raise LibraryMissing(path)
    if verdict.exists:
        _check_version_in_wal(path, create)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        _prepare(conn, path, create)
    except sqlite3.OperationalError as exc:
        conn.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise LibraryBusy(
                f"The library {path} is busy with another program; try again in a moment."
            ) from None
        raise
    except sqlite3.DatabaseError:
        conn.close()
        raise LibraryDamaged(path, "is damaged: SQLite cannot read it") from None
    except BaseException:
        conn.close()
        raise
    return Library(path, conn)


def _check_version_in_wal(path: Path, create: bool) -> None:
    """Refuse by the version committed in a leftover WAL, which the judged header may not show yet.

    A read-write connection that is refused would, on closing, checkpoint the WAL into
    the file and delete it; a read-only one leaves the file and its WAL as they were.
    """
    if not Path(f"{path}-wal").exists():
        return
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return  # the read-write open reports it
    if version == 0 and not create:
        raise LibraryMissing(path)
    if version > SCHEMA_VERSION:
        raise LibraryTooNew(path, version, SCHEMA_VERSION)


def _prepare(conn: sqlite3.Connection, path: Path, create: bool) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    # The header judged before may be stale: committed pages can still sit in the WAL.
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == 0 and not create:
        raise LibraryMissing(path)
    if version > SCHEMA_VERSION:
        raise LibraryTooNew(path, version, SCHEMA_VERSION)
    # WAL with FULL sync: every commit is on disk (fsync) when it returns.
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    if version == SCHEMA_VERSION:
        return
    if version > 0:
        make_backup(conn, path, f"before-v{SCHEMA_VERSION}")
    migrate(conn)
    if version == 0:
        SettingsStore(DatabaseHandle(conn)).save_defaults_if_empty()
