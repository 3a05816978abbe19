"""The classification matrix driven by hand: filters visible and clearable, sorting, On this day."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from facilitation.library import LibraryFilter
from facilitation.model import Session, SessionSummary
from storage.library import Library
from tests.ui.library_fakes import FakeQueries, paged, row
from ui.library_view import LibraryView, on_this_day_html
from ui.main_window import MainWindow
from ui.matrix_filters import filter_choices

ROWS = [
    row(1, "Auth outage", day="2026-03-02", severity="Sev-1", system="Auth", tags=("auth", "config")),
    row(2, "Queue backlog", day="2026-02-10", severity="Sev-2", system="Queue", tags=("queue",)),
    row(3, "DNS expiry", day="2025-12-24", system="DNS", tags=("Config",), status="published"),
    row(4, "Disk full", day="", severity="Sev-3", system="", factors=("Alerts were muted\nlong story",)),
]


@pytest.fixture
def queries() -> FakeQueries:
    return FakeQueries(rows=list(ROWS))


@pytest.fixture
def view(qtbot: QtBot) -> LibraryView:
    shown = LibraryView()
    qtbot.addWidget(shown)
    shown.show_sessions(len(ROWS), paged(ROWS))
    return shown


@pytest.fixture
def lib_window(qtbot: QtBot, library: Library, queries: FakeQueries) -> Iterator[MainWindow]:
    win = MainWindow(library.sessions, library.settings, "test library", queries=queries)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def _plain(rich: str) -> str:
    document = QTextDocument()
    document.setHtml(rich)
    return document.toPlainText()


def test_markup_in_a_cell_is_text_in_its_tooltip(qtbot: QtBot) -> None:
    view = LibraryView()
    qtbot.addWidget(view)
    view.show_sessions(1, paged([row(9, "<b>Bold</b> & <img src='x'>")]))
    tip = view.model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert _plain(tip) == "<b>Bold</b> & <img src='x'>"
    assert view.model.index(0, 1).data() == "<b>Bold</b> & <img src='x'>"  # the cell itself is plain text


def _titles(view: LibraryView) -> list[str]:
    return [view.proxy.index(r, 1).data() for r in range(view.proxy.rowCount())]


def test_every_column_of_the_matrix_is_shown(view: LibraryView) -> None:
    headers = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(view.model.columnCount())]
    assert headers == [
        "Reference", "Title", "Date", "Severity", "System", "Trigger", "Contributing factors", "Tags",
        "Status",
    ]  # fmt: skip
    disk = view.model.row_of(4)
    assert view.model.index(disk, 6).data() == "Alerts were muted"  # one line in the cell
    tip = view.model.index(disk, 6).data(Qt.ItemDataRole.ToolTipRole)
    assert _plain(tip) == "Alerts were muted\nlong story"
    auth = view.model.row_of(1)
    assert view.model.index(auth, 7).data() == "auth, config"


def test_rows_are_newest_first_and_sort_by_any_column(view: LibraryView) -> None:
    assert _titles(view) == ["Auth outage", "Queue backlog", "DNS expiry", "Disk full"]
    view.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    assert _titles(view)[1:] == ["Auth outage", "DNS expiry", "Queue backlog"]  # no system sorts first
    view.table.sortByColumn(7, Qt.SortOrder.DescendingOrder)
    assert _titles(view)[0] == "Queue backlog"


def test_severity_filter_is_described_counted_and_cleared(view: LibraryView) -> None:
    actions = {a.data(): a for a in view.filters.severity.menu().actions()}
    assert set(actions) == {"Sev-1", "Sev-2", "Sev-3"}
    actions["Sev-2"].setChecked(True)
    assert _titles(view) == ["Queue backlog", "DNS expiry"]
    assert view.count_label.text() == "2 of 4 debriefs shown"
    assert view.filter_state.text() == "Showing: Sev-2"
    assert view.filters.severity.text() == "Severity: Sev-2"
    assert view.clear_button.isEnabled()
    view.clear_button.click()
    assert view.proxy.rowCount() == 4
    assert view.filter_state.text() == "Showing every incident."
    assert not view.clear_button.isEnabled()
    assert not any(a.isChecked() for a in view.filters.severity.menu().actions())


def test_tags_match_all_or_any_ignoring_case(view: LibraryView, qtbot: QtBot) -> None:
    qtbot.keyClicks(view.filters.tags, "config, AUTH")
    assert _titles(view) == ["Auth outage"]
    assert view.filter_state.text() == "Showing: tagged config and AUTH"
    view.filters.tag_mode.setCurrentIndex(1)
    assert _titles(view) == ["Auth outage", "DNS expiry"]
    assert "tagged config or AUTH" in view.filter_state.text()


def test_system_status_and_dates_filter_together(view: LibraryView, qtbot: QtBot) -> None:
    qtbot.keyClicks(view.filters.since, "2026-01-01")
    assert _titles(view) == ["Auth outage", "Queue backlog"]  # no start day: left out once dated
    qtbot.keyClicks(view.filters.system, "queue")
    assert _titles(view) == ["Queue backlog"]
    assert view.filters.current() == LibraryFilter(systems=frozenset({"queue"}), since=date(2026, 1, 1))
    view.clear_filters()
    assert view.filters.since.text() == ""
    next(a for a in view.filters.status.menu().actions() if a.data() == "published").setChecked(True)
    assert _titles(view) == ["DNS expiry"]


def test_a_half_typed_date_is_explained_and_not_used(view: LibraryView, qtbot: QtBot) -> None:
    qtbot.keyClicks(view.filters.until, "2026-13")
    assert view.proxy.rowCount() == 4
    assert view.filters.date_problem.isVisibleTo(view)
    assert "YYYY-MM-DD" in view.filters.date_problem.text()
    view.filters.until.clear()
    assert not view.filters.date_problem.isVisibleTo(view)


def test_quick_text_and_filters_combine_and_clear_together(view: LibraryView, qtbot: QtBot) -> None:
    qtbot.keyClicks(view.filter_box, "muted")
    assert _titles(view) == ["Disk full"]
    qtbot.keyClicks(view.filters.tags, "queue")
    assert view.proxy.rowCount() == 0
    assert view.filter_state.text() == "Showing: tagged queue, containing “muted”"
    assert not view.open_button.isEnabled()
    view.clear_filters()
    assert (view.filter_box.text(), view.filters.tags.text(), view.proxy.rowCount()) == ("", "", 4)


def test_markup_in_a_filter_is_shown_as_typed(view: LibraryView, qtbot: QtBot) -> None:
    qtbot.keyClicks(view.filters.tags, "<b>x</b>")
    assert view.filter_state.textFormat() == Qt.TextFormat.PlainText
    assert view.filter_state.text() == "Showing: tagged <b>x</b>"
    assert view.proxy.rowCount() == 0


def test_on_this_day_is_hidden_without_earlier_incidents(view: LibraryView) -> None:
    view.show_on_this_day([])
    assert not view.on_this_day.isVisibleTo(view)


def test_on_this_day_names_earlier_incidents_escaped() -> None:
    earlier = [SessionSummary(7, "#7", "<b>Auth</b> & co", "Sev-1", "done", "2024-03-02")] + [
        SessionSummary(n, f"#{n}", "Old", "", "done", f"{2020 - n}-03-02") for n in range(8, 12)
    ]
    text = on_this_day_html(earlier)
    assert text.startswith("On this day: ")
    assert '<a href="7">#7 &lt;b&gt;Auth&lt;/b&gt; &amp; co</a> (2024)' in text
    assert text.endswith(", and 2 more")


def test_window_shows_the_matrix_and_on_this_day_opens_the_session(
    qtbot: QtBot, library: Library, queries: FakeQueries
) -> None:
    session_id = library.sessions.create(Session(reference="#7", title="Auth outage"))
    queries.earlier = [SessionSummary(session_id, "#7", "Auth outage", "Sev-1", "done", "2024-03-02")]
    win = MainWindow(library.sessions, library.settings, "test library", queries=queries)
    qtbot.addWidget(win)
    assert win.library_view.model.total == len(ROWS)
    assert win.library_view.on_this_day.isVisibleTo(win)
    win.library_view.on_this_day.linkActivated.emit(str(session_id))
    assert win.session_view is not None
    assert win.session_view.prepare.title.text() == "Auth outage"


def test_clear_filters_has_a_key_in_the_library_menu(lib_window: MainWindow, qtbot: QtBot) -> None:
    view = lib_window.library_view
    qtbot.keyClicks(view.filters.tags, "queue")
    assert view.proxy.rowCount() == 1
    lib_window.clear_filters_action.trigger()
    assert view.proxy.rowCount() == len(ROWS)
    lib_window.filter_action.trigger()
    assert view.filter_box.hasFocus()


def test_the_library_menu_lists_its_actions_with_keys(lib_window: MainWindow) -> None:
    from ui.keys_dialog import menu_actions

    keys = {action: key for menu, action, key in menu_actions(lib_window.menuBar()) if menu == "Library"}
    assert keys == {
        "Search the library…": "Ctrl+F",
        "Filter the matrix": "Ctrl+G",
        "Clear filters": "Ctrl+Shift+Backspace",
        "Insights": "Ctrl+Shift+J",
        "Open actions": "Ctrl+T",
        "Holiday calendar…": "Ctrl+Shift+H",
        "Forget a person…": "Ctrl+Shift+U",
    }


def test_views_of_the_whole_library_are_built_when_first_shown(lib_window: MainWindow) -> None:
    assert lib_window.insights_view is None
    assert lib_window.open_actions_view is None
    lib_window.insights_action.trigger()
    assert lib_window.insights_view is not None
    assert lib_window.pages.currentWidget() is lib_window.insights_view
    lib_window.library_action.trigger()
    assert lib_window.pages.currentWidget() is lib_window.library_view


def test_on_this_day_links_open_by_keyboard(view: LibraryView, qtbot: QtBot) -> None:
    view.show_on_this_day([SessionSummary(7, "#7", "Auth outage", "Sev-1", "done", "2024-03-02")])
    view.show()
    qtbot.waitExposed(view)
    view.on_this_day.setFocus()
    qtbot.keyClick(view.on_this_day, Qt.Key.Key_Tab)  # to the first link
    with qtbot.waitSignal(view.open_requested) as opened:
        qtbot.keyClick(view.on_this_day, Qt.Key.Key_Return)
    assert opened.args == [7]


def test_search_and_insights_are_reachable_from_an_open_debrief(
    lib_window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.search_dialog import SearchDialog

    lib_window.open_session(library.sessions.create(Session(title="Open one")))
    assert lib_window.search_action.isEnabled() and lib_window.insights_action.isEnabled()
    monkeypatch.setattr(SearchDialog, "ask", classmethod(lambda cls, parent, queries: None))
    lib_window.search_action.trigger()
    assert lib_window.session_view is not None  # nothing chosen: the debrief stays open
    lib_window.insights_action.trigger()
    assert lib_window.session_view is None
    assert lib_window.pages.currentWidget() is lib_window.insights_view
    assert lib_window.windowTitle() == "Takeaways — Insights (test library)"


def test_filter_choices_offer_the_values_in_use() -> None:
    rows = [row(1, severity="", tags=("b", "a")), row(2, tags=("a",), system="")]
    assert filter_choices(rows) == (["Sev-2"], ["draft"], ["a", "b"], ["api"])


def test_tags_complete_the_word_after_the_last_comma(view: LibraryView) -> None:
    completer = view.filters.tags.completer()
    assert completer.splitPath("queue, co") == ["co"]
    words = completer.model()
    view.filters.tags.setText("queue, co")
    chosen = words.index(words.stringList().index("config"), 0)  # type: ignore[attr-defined]
    assert completer.pathFromIndex(chosen) == "queue, config"
