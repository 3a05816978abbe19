"""The library view driven as a facilitator would: new, open, filter, sort, delete, undo."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from facilitation.library import MatrixRow
from facilitation.model import Session
from storage.library import Library
from tests.ui.library_fakes import paged
from ui.library_model import BATCH, MatrixTableModel
from ui.main_window import ConfirmDelete, MainWindow

UTC = ZoneInfo("UTC")


def _store(library: Library, reference: str, title: str, day: int) -> int:
    return library.sessions.create(
        Session(reference=reference, title=title, started_at=datetime(2026, 3, day, 9, tzinfo=UTC))
    )


def test_matrix_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    rows = [
        MatrixRow(i, f"#{i}", f"Title {i}", "2026-03-01", "Sev-2", "api", "deploy", ("a",), ("x",), "draft")
        for i in range(5)
    ]
    model = MatrixTableModel()
    model.set_source(len(rows), paged(rows))
    qtmodeltester.check(model)


def test_an_empty_library_says_how_to_start(window: MainWindow) -> None:
    assert window.windowTitle().startswith("Takeaways")
    assert window.library_view.empty_hint.isVisible()
    assert "Ctrl+N" in window.library_view.empty_hint.text()
    assert not window.open_action.isEnabled()


def test_sessions_are_listed_newest_first_and_filtered(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    _store(library, "#1", "Queue backlog", 1)
    _store(library, "#2", "Auth outage", 3)
    _store(library, "#3", "DNS expiry", 2)
    window.show_library()
    view = window.library_view
    titles = [view.proxy.index(r, 1).data() for r in range(view.proxy.rowCount())]
    assert titles == ["Auth outage", "DNS expiry", "Queue backlog"]

    window.filter_action.trigger()
    qtbot.keyClicks(view.filter_box, "dns")
    assert view.proxy.rowCount() == 1
    assert view.proxy.index(0, 1).data() == "DNS expiry"
    assert "1 of 3" in view.count_label.text()
    view.filter_box.clear()
    assert view.proxy.rowCount() == 3

    view.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert view.proxy.index(0, 1).data() == "Auth outage"


def test_new_debrief_by_keyboard_opens_prepare_and_is_stored(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.session_view is not None
    assert library.sessions.count() == 1
    session = library.sessions.get(window.editor.session_id)  # type: ignore[union-attr]
    assert session.ground_rules == library.settings.load().policy
    assert session.time_zone
    assert window.session_view.prepare.reference.hasFocus()


def test_open_from_the_table_with_enter(window: MainWindow, library: Library, qtbot: QtBot) -> None:
    session_id = _store(library, "#7", "Cache stampede", 4)
    window.show_library()
    window.library_view.table.setFocus()
    qtbot.keyClick(window.library_view.table, Qt.Key.Key_Return)
    assert window.session_view is not None
    assert window.session_view.prepare.title.text() == "Cache stampede"
    assert window.windowTitle() == "Takeaways — #7 Cache stampede"
    window.library_action.trigger()
    assert window.pages.currentWidget() is window.library_view
    assert window.library_view.selected_session() == session_id


@pytest.mark.parametrize("confirmed", [True, False])
def test_delete_asks_first_and_undo_brings_it_back(
    window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch, confirmed: bool
) -> None:
    session_id = _store(library, "#9", "Disk full", 5)
    before = library.sessions.get(session_id)
    window.show_library()
    monkeypatch.setattr(ConfirmDelete, "ask", classmethod(lambda cls, parent, title: confirmed))
    window.delete_action.trigger()
    assert library.sessions.count() == (0 if confirmed else 1)
    assert window.undo_action.isEnabled() is confirmed
    window.undo_action.trigger()
    assert library.sessions.get(session_id) == before
    assert window.library_view.selected_session() == session_id


def test_f1_lists_the_session_actions_while_a_session_is_open(window: MainWindow, library: Library) -> None:
    from ui.keys_dialog import menu_actions

    window.open_session(_store(library, "#1", "Queue backlog", 1))
    keys = {action: key for _menu, action, key in menu_actions(window.menuBar())}
    assert keys["Add person"] == "Ctrl+Shift+W"
    assert keys["Move person down"] == "Alt+Down"
    window.show_library()
    assert "Add person" not in {action for _menu, action, _key in menu_actions(window.menuBar())}


def test_f1_lists_every_menu_action_with_its_key(window: MainWindow) -> None:
    from ui.keys_dialog import menu_actions

    rows = menu_actions(window.menuBar())
    keys = {action: key for _menu, action, key in rows}
    assert keys["New debrief"] == "Ctrl+N"
    assert keys["Next phase"] == "Ctrl+PgDown"
    assert keys["Keys"] == "F1"
    assert "Add person" not in keys  # session actions join the menus only while a session is open
    assert all(key for key in keys.values())


def test_a_large_library_is_fetched_a_batch_at_a_time(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    with library.db.atomic():
        for number in range(BATCH + 20):
            _store(library, f"#{number}", f"Incident {number}", 1 + number % 28)
    window.show_library()
    view = window.library_view
    assert view.model.rowCount() == BATCH
    assert view.count_label.text() == f"{BATCH + 20:,} debriefs"
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() == BATCH + 20)
    listed = [row.id for row in view.model.rows()]
    assert listed == [summary.id for summary in library.sessions.summaries()]  # newest first, no repeats

    window.show_library()
    assert view.model.rowCount() == BATCH
    view.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert view.model.rowCount() == BATCH + 20
    titles = [view.proxy.index(r, 1).data() for r in range(view.proxy.rowCount())]
    assert titles == sorted(titles, key=str.casefold)


def test_the_quick_filter_reads_every_row(window: MainWindow, library: Library, qtbot: QtBot) -> None:
    with library.db.atomic():
        for number in range(BATCH + 10):
            _store(library, f"#{number}", "Queue backlog" if number else "Needle in the haystack", 2)
    window.show_library()
    assert window.library_view.model.rowCount() == BATCH  # the needle, oldest, is not fetched yet
    qtbot.keyClicks(window.library_view.filter_box, "needle")
    assert window.library_view.proxy.rowCount() == 1
    assert f"1 of {BATCH + 10:,}" in window.library_view.count_label.text()
    assert "containing “needle”" in window.library_view.filter_state.text()


def test_sorting_keeps_the_selected_session_selected(window: MainWindow, library: Library) -> None:
    ids = {
        title: _store(library, f"#{n}", title, n + 1) for n, title in enumerate(["charlie", "alpha", "bravo"])
    }
    window.show_library(select_id=ids["charlie"])
    window.library_view.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert window.library_view.selected_session() == ids["charlie"]


def test_undo_brings_back_a_deleted_debrief_even_after_a_new_one(
    window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    deleted_id = _store(library, "#9", "Disk full", 5)
    window.show_library(select_id=deleted_id)
    monkeypatch.setattr(ConfirmDelete, "ask", classmethod(lambda cls, parent, title: True))
    window.delete_action.trigger()
    window.new_action.trigger()
    window.library_action.trigger()
    window.undo_action.trigger()
    assert library.sessions.get(deleted_id).title == "Disk full"
    assert library.sessions.count() == 2


def test_tab_goes_through_the_library_in_reading_order(window: MainWindow) -> None:
    view = window.library_view
    names = []
    widget = view.nextInFocusChain()
    while widget is not view:
        if view.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            names.append(widget.accessibleName())
        widget = widget.nextInFocusChain()
    assert names == [
        "On this day: incidents from today's date in earlier years",
        "Filter debriefs by any text in the matrix",
        "Severity: choose which to show",
        "Tags to filter by, separated by commas",
        "Incidents with all of these tags, or any of them",
        "Systems to filter by, separated by commas",
        "Status: choose which to show",
        "From this day (YYYY-MM-DD)",
        "Up to this day (YYYY-MM-DD)",
        "Clear filters (Ctrl+Shift+Backspace)",
        "New debrief",
        "Open the selected debrief",
        "Delete the selected debrief",
        "Learning digest of a range of days (Ctrl+Shift+X)",
        "Debriefs in this library: the classification matrix",
    ]
