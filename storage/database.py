"""One connection shared by the repositories, with its sqlite-utils view made on first use.

Importing sqlite-utils takes longer than the rest of opening a library, so the
start-up path (open, list) runs on the plain connection and sqlite-utils loads
when a session is first read or written.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from storage.errors import READ_ONLY, LibraryBusy, LibraryReadOnly, problem_from_sqlite

BUSY = (
    "Another Takeaways (a window or a command) kept the library busy past the 5-second wait, "
    "so nothing was changed; try again in a moment."
)

if TYPE_CHECKING:
    from sqlite_utils import Database


def is_busy(exc: sqlite3.OperationalError) -> bool:
    """Whether SQLite gave up waiting for another connection's lock."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class DatabaseHandle:
    """The library's connection, and the sqlite-utils ``Database`` over it when asked."""

    def __init__(self, conn: sqlite3.Connection, read_only: bool = False) -> None:
        self.conn = conn
        self.read_only = read_only
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        """The sqlite-utils view of the connection."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    @contextmanager
    def write(self) -> Iterator[None]:
        """One write transaction that holds the write lock from its first statement.

        Outside a transaction this is ``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK``
        on an exception): taking the lock up front means a read made inside cannot
        go stale before the write that depends on it. Inside a transaction (a batch
        in ``db.atomic()``, or another ``write()``) it nests as a savepoint.

        Raises:
            LibraryBusy: Another connection kept the library locked past the busy timeout.
            LibraryReadOnly: The library was opened read-only; nothing was tried.
        """
        if self.read_only:
            raise LibraryReadOnly(READ_ONLY)
        try:
            if self.conn.in_transaction:
                with self.db.atomic():
                    yield
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                raise LibraryBusy(BUSY) from None
            problem = problem_from_sqlite(self.path, exc)
            if problem is None:
                raise
            raise problem from None

    @property
    def path(self) -> Path:
        """The library file, as SQLite has it open."""
        return Path(self.conn.execute("PRAGMA database_list").fetchone()[2])

    @contextmanager
    def read(self) -> Iterator[None]:
        """One consistent snapshot for several reads (nothing extra inside a transaction)."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")


class Repository:
    """Base of the stores: the shared handle, and its sqlite-utils view as ``_db``."""

    def __init__(self, handle: DatabaseHandle) -> None:
        self._handle = handle

    @property
    def _db(self) -> Database:
        return self._handle.db
