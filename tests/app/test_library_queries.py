"""The window's view of the whole library: the adapter over the stores, and the window wired to it."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.library_queries import LibraryQueriesAdapter, write_text_atomically
from app.main import main
from facilitation.library import LibraryFilter
from facilitation.model import Action, Session
from facilitation.protocols import LibraryQueries
from facilitation.settings import HolidayWindow
from storage.library import Library, open_library
from tests.factories import full_session
from ui.main_window import MainWindow


def test_stats_read_the_holiday_calendar_as_it_is_now(library: Library) -> None:
    queries: LibraryQueries = LibraryQueriesAdapter(library)
    library.sessions.create(
        Session(title="x", started_at=datetime(2025, 12, 24, 10, tzinfo=UTC), time_zone="UTC")
    )
    assert [g.value for g in queries.stats("holiday", LibraryFilter()).groups] == [None]
    settings = library.settings.load()
    settings.holidays = [HolidayWindow("Winter freeze", date(2025, 12, 20), date(2026, 1, 2))]
    library.settings.save(settings)
    assert [g.value for g in queries.stats("holiday", LibraryFilter()).groups] == ["Winter freeze"]


def test_the_adapter_answers_from_the_library(library: Library) -> None:
    queries = LibraryQueriesAdapter(library)
    stored = library.sessions.create(full_session())
    library.sessions.create(Session(title="y", actions=[Action(text="later", owner="Bo")]))
    assert [row.id for row in queries.matrix()] == [stored, stored + 1]  # the undated one last
    assert queries.search("canary")[0].session_id == stored
    assert {a.owner for a in queries.open_actions()} >= {"Bo"}
    assert queries.on_this_day(date(2027, 3, 2))[0].id == stored
    assert "Ana Sørensen" in queries.people()
    preview = queries.forget_preview("Ana Sørensen", "facilitator")
    assert preview.sessions == 1
    assert queries.forget("Ana Sørensen", "facilitator") == sum(n for _, n in preview.places)
    assert "Ana Sørensen" not in queries.people()


def test_text_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "open-actions.csv"
    target.write_text("old")
    write_text_atomically(target, "Session,Reference\r\n1,#1\r\n")
    assert target.read_bytes() == b"Session,Reference\r\n1,#1\r\n"
    with pytest.raises(OSError):
        write_text_atomically(tmp_path / "missing" / "x.csv", "x")


def test_the_window_gets_the_library_queries(
    qapp: QApplication, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_library(library_path, create=True) as library:
        stored = library.sessions.create(full_session())
    seen: list[MainWindow] = []
    systems: list[str] = []

    def no_loop(*_ignored: object) -> int:
        seen.extend(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        for window in seen:
            assert window.queries is not None
            systems.extend(row.system for row in window.queries.matrix() if row.id == stored)
            window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", no_loop)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    assert main(["--db", str(library_path)]) == 0
    (window,) = seen
    assert window.write_text is write_text_atomically
    assert systems == ["Auth Service"]
