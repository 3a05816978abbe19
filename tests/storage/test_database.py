"""The shared connection: write transactions that lock up front and nest, reads from one snapshot."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from facilitation.model import Session
from storage.database import BUSY
from storage.errors import LibraryBusy
from storage.library import Library, open_library
from tests.factories import full_session


@pytest.fixture
def other(library_path: Path, library: Library) -> Iterator[sqlite3.Connection]:
    """A second connection to the test's library, as another Takeaways window would hold."""
    with closing(sqlite3.connect(library_path, isolation_level=None, timeout=0)) as conn:
        yield conn


@pytest.fixture
def statements(library: Library) -> Iterator[list[str]]:
    """Every statement the library's connection runs from now on, as SQLite sees it."""
    seen: list[str] = []
    library.handle.conn.set_trace_callback(seen.append)
    yield seen
    library.handle.conn.set_trace_callback(None)


def _titles(library_path: Path) -> list[str]:
    with closing(sqlite3.connect(library_path)) as conn:
        return [r[0] for r in conn.execute("SELECT title FROM sessions ORDER BY id")]


def test_write_holds_the_write_lock_before_its_first_statement(
    library: Library, other: sqlite3.Connection
) -> None:
    with library.handle.write(), pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")


def test_write_commits_on_leaving_and_rolls_back_on_an_exception(
    library: Library, library_path: Path
) -> None:
    handle = library.handle
    with handle.write():
        handle.conn.execute("INSERT INTO settings(name, value) VALUES ('kept', '1')")
    with pytest.raises(RuntimeError), handle.write():
        handle.conn.execute("INSERT INTO settings(name, value) VALUES ('dropped', '1')")
        raise RuntimeError
    assert not handle.conn.in_transaction
    with closing(sqlite3.connect(library_path)) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM settings")}
    assert "kept" in names and "dropped" not in names


def test_a_nested_write_is_a_savepoint_that_undoes_only_itself(library: Library, library_path: Path) -> None:
    handle = library.handle
    with handle.write():
        library.sessions.create(Session(title="Outer"))
        with pytest.raises(RuntimeError), handle.write():
            library.sessions.create(Session(title="Inner"))
            raise RuntimeError
        assert handle.conn.in_transaction  # the outer transaction is still open
        assert _titles(library_path) == []  # and nothing is visible outside it yet
    assert _titles(library_path) == ["Outer"]


def test_creates_nest_inside_a_batch_in_db_atomic(library: Library, library_path: Path) -> None:
    # bench/make_library.py stores many sessions in one transaction this way.
    with library.db.atomic():
        for n in range(3):
            library.sessions.create(Session(title=f"Batch {n}"))
        assert _titles(library_path) == []
    assert _titles(library_path) == ["Batch 0", "Batch 1", "Batch 2"]


def test_a_write_while_another_window_holds_the_lock_is_library_busy(
    library: Library, library_path: Path, other: sqlite3.Connection
) -> None:
    library.handle.conn.execute("PRAGMA busy_timeout = 0")
    other.execute("BEGIN IMMEDIATE")

    with pytest.raises(LibraryBusy) as caught:
        library.sessions.create(full_session())

    message = str(caught.value)
    assert message == BUSY
    assert "\n" not in message and "sqlite" not in message.lower()
    assert not library.handle.conn.in_transaction
    other.execute("ROLLBACK")
    assert _titles(library_path) == []
    library.sessions.create(Session(title="Later"))  # the connection is usable again
    assert _titles(library_path) == ["Later"]


def test_read_sees_one_snapshot_while_another_window_commits(
    library: Library, other: sqlite3.Connection
) -> None:
    count = library.sessions.count
    with library.handle.read():
        assert count() == 0
        other.execute("INSERT INTO sessions(title, created_at, updated_at) VALUES ('x', 'now', 'now')")
        assert count() == 0
    assert count() == 1


def test_get_reads_the_whole_session_in_one_transaction(library: Library, statements: list[str]) -> None:
    session_id = library.sessions.create(full_session())
    statements.clear()

    library.sessions.get(session_id)

    selects = [i for i, s in enumerate(statements) if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) > 5
    assert statements[0] == "BEGIN" and statements[-1] == "COMMIT"
    assert "COMMIT" not in statements[1:-1]


def test_update_fields_reads_the_start_under_the_write_lock(library: Library, statements: list[str]) -> None:
    session_id = library.sessions.create(full_session())
    statements.clear()

    library.sessions.update_fields(session_id, time_zone="Asia/Tokyo")

    assert statements[0] == "BEGIN IMMEDIATE"
    assert any(s.startswith("SELECT started_at") for s in statements)
    assert statements[-1] == "COMMIT"


def test_every_store_writes_through_write(library: Library, statements: list[str]) -> None:
    session_id = library.sessions.create(Session(title="x"))
    library.settings.save(library.settings.load())
    library.sessions.update_fields(session_id, started_at=datetime(2026, 3, 2, tzinfo=UTC))
    library.sessions.set_tags(session_id, ["a"])
    library.sessions.delete(session_id)
    begins = [s for s in statements if s.startswith("BEGIN")]
    assert begins and set(begins) == {"BEGIN IMMEDIATE"}


def test_a_library_opened_twice_sees_the_others_writes(library_path: Path, library: Library) -> None:
    with open_library(library_path) as second:
        session_id = second.sessions.create(Session(title="From the other window"))
    assert library.sessions.get(session_id).title == "From the other window"
