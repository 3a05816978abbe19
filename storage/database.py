"""One connection shared by the repositories, with its sqlite-utils view made on first use.

Importing sqlite-utils takes longer than the rest of opening a library, so the
start-up path (open, list) runs on the plain connection and sqlite-utils loads
when a session is first read or written.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


class DatabaseHandle:
    """The library's connection, and the sqlite-utils ``Database`` over it when asked."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        """The sqlite-utils view of the connection."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db
