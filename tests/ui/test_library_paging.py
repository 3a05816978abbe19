"""The matrix read a batch at a time: scrolling fetches more; filters, sorts and finding a row fetch all."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitation.library import LibraryFilter, MatrixRow
from facilitation.model import Session
from storage.library import Library
from tests.ui.library_fakes import paged, row
from ui.library_model import BATCH, MatrixTableModel
from ui.library_view import LibraryView
from ui.main_window import ConfirmDelete, MainWindow

MANY = BATCH * 2 + 30
ROWS = [
    row(
        n + 1,
        f"Incident {n + 1}",
        severity="Sev-1" if n == MANY - 1 else "Sev-2",
        tags=("last-one",) if n == MANY - 1 else ("queue",),
        system="Oldest" if n == MANY - 1 else "api",
    )
    for n in range(MANY)
]


class CountingFetch:
    """A paged fetch over rows that remembers every (offset, limit) asked."""

    def __init__(self, rows: list[MatrixRow]) -> None:
        self.rows = rows
        self.asked: list[tuple[int, int]] = []

    def __call__(self, offset: int, limit: int) -> list[MatrixRow]:
        self.asked.append((offset, limit))
        return paged(self.rows)(offset, limit)


@pytest.fixture
def fetch() -> CountingFetch:
    return CountingFetch(list(ROWS))


@pytest.fixture
def view(qtbot: QtBot, fetch: CountingFetch) -> LibraryView:
    shown = LibraryView()
    qtbot.addWidget(shown)
    shown.resize(900, 600)
    shown.show()
    qtbot.waitExposed(shown)
    shown.show_sessions(MANY, fetch)
    return shown


def _ids(view: LibraryView) -> list[int]:
    return [view.model.matrix_row(r).id for r in range(view.model.rowCount())]


def test_only_the_first_batch_is_read_and_the_count_says_the_total(
    view: LibraryView, fetch: CountingFetch
) -> None:
    assert fetch.asked == [(0, BATCH)]
    assert view.model.rowCount() == BATCH
    assert view.count_label.text() == f"{MANY:,} debriefs"
    assert view.filter_state.text() == "Showing every incident."


def test_scrolling_fetches_the_next_batches_in_order(
    view: LibraryView, fetch: CountingFetch, qtbot: QtBot
) -> None:
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() > BATCH)
    assert fetch.asked[:2] == [(0, BATCH), (BATCH, BATCH)]
    while view.model.canFetchMore():
        view.table.scrollToBottom()
        qtbot.waitUntil(lambda: view.model.rowCount() > len(fetch.asked) * BATCH - BATCH)
    assert _ids(view) == [r.id for r in ROWS]
    assert view.count_label.text() == f"{MANY:,} debriefs"


def test_a_filter_from_the_bar_looks_at_every_incident(view: LibraryView) -> None:
    view.filters.set_filter(LibraryFilter(severities=frozenset({"Sev-1"})))
    assert view.proxy.rowCount() == 1
    assert view.proxy.index(0, 1).data() == f"Incident {MANY}"
    assert view.count_label.text() == f"1 of {MANY:,} debriefs shown"
    view.clear_filters()
    assert view.proxy.rowCount() == MANY
    assert view.count_label.text() == f"{MANY:,} debriefs"


def test_a_sort_fetches_every_row_and_newest_first_again_keeps_the_order(
    view: LibraryView, fetch: CountingFetch
) -> None:
    view.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    view.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert fetch.asked == [(0, BATCH), (BATCH, MANY - BATCH)]
    assert _ids(view) == [r.id for r in ROWS]  # equal days keep the library's order
    view.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    titles = [view.proxy.index(r, 1).data() for r in range(view.proxy.rowCount())]
    assert titles == sorted(titles, key=str.casefold, reverse=True)


def test_a_new_source_while_sorted_is_sorted_whole(view: LibraryView, fetch: CountingFetch) -> None:
    view.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    view.show_sessions(MANY, fetch)
    assert view.model.rowCount() == MANY
    titles = [view.proxy.index(r, 1).data() for r in range(view.proxy.rowCount())]
    assert titles == sorted(titles, key=str.casefold)


def test_a_new_source_while_filtered_is_filtered_whole(view: LibraryView, fetch: CountingFetch) -> None:
    view.filter_box.setText("last-one")
    view.show_sessions(MANY, fetch)
    assert view.proxy.rowCount() == 1
    assert view.count_label.text() == f"1 of {MANY:,} debriefs shown"


def test_selecting_a_session_not_fetched_yet_fetches_it(view: LibraryView) -> None:
    view.select_session(MANY)
    assert view.selected_session() == MANY
    view.select_session(MANY + 1)  # not in the library: nothing changes
    assert view.selected_session() == MANY


def test_the_filters_offer_values_of_rows_not_fetched_yet_once_choosing_starts(
    view: LibraryView, fetch: CountingFetch
) -> None:
    assert fetch.asked == [(0, BATCH)]  # nothing more read to fill the menus at start
    view.filters.tags.setFocus()
    view.filters.tags.setFocus()  # a second time reads nothing again
    assert fetch.asked == [(0, BATCH), (BATCH, MANY - BATCH)]
    menu = view.filters.severity.menu()
    assert [str(a.data()) for a in menu.actions()] == ["Sev-1", "Sev-2"]
    assert view.choices()[2] == ["queue", "last-one"]
    assert view.choices()[3] == ["api", "Oldest"]


def test_opening_a_value_list_offers_every_value(qtbot: QtBot, fetch: CountingFetch) -> None:
    shown = LibraryView()
    qtbot.addWidget(shown)
    shown.show_sessions(MANY, fetch)
    menu = shown.filters.severity.menu()
    menu.aboutToShow.emit()
    assert [str(a.data()) for a in menu.actions()] == ["Sev-1", "Sev-2"]
    menu.actions()[0].setChecked(True)
    assert shown.proxy.rowCount() == 1
    assert shown.count_label.text() == f"1 of {MANY:,} debriefs shown"


def test_a_library_smaller_than_counted_ends_where_its_rows_end() -> None:
    model = MatrixTableModel()
    model.set_source(MANY, paged(ROWS[: BATCH + 5]))
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == BATCH + 5
    assert model.total == BATCH + 5
    assert not model.canFetchMore()


def test_a_library_of_one_batch_or_less_is_whole_at_once() -> None:
    model = MatrixTableModel()
    model.set_source(BATCH + 100, paged(ROWS[:3]))  # the count was taken before some were deleted
    assert model.total == 3 and model.fetched_all and not model.canFetchMore()


def _store(library: Library, title: str, day: int) -> int:
    return library.sessions.create(Session(title=title, started_at=datetime(2026, 3, day, 9, tzinfo=UTC)))


def test_deleting_and_adding_refresh_the_pages(
    window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    with library.db.atomic():
        ids = [_store(library, f"Incident {n}", 1 + n % 28) for n in range(BATCH + 20)]
    window.show_library()
    view = window.library_view
    newest = view.model.matrix_row(0).id
    window.show_library(select_id=newest)
    monkeypatch.setattr(ConfirmDelete, "ask", classmethod(lambda cls, parent, title: True))
    window.delete_action.trigger()
    assert view.model.total == BATCH + 19
    assert view.count_label.text() == f"{BATCH + 19:,} debriefs"
    assert newest not in _ids(view)

    added = _store(library, "Newest of all", 28)
    window.show_library(select_id=ids[0])  # the oldest, not in the first batch
    assert view.model.matrix_row(0).id == added
    assert view.selected_session() == ids[0]
    assert [r.id for r in view.model.rows()] == [s.id for s in library.sessions.summaries()]
