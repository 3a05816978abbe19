"""Search (Ctrl+F): as you type, snippets highlighted and everything else escaped, Enter jumps to the item."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from facilitation.library import SNIPPET_END, SNIPPET_START, Found
from facilitation.phases import Phase
from storage.library import Library
from tests.factories import full_session
from tests.ui.library_fakes import FakeQueries
from ui.main_window import MainWindow
from ui.search_dialog import SearchDialog, found_html, place_label, snippet_html

HOSTILE = [
    '"unclosed',
    "(auth OR",
    "AND",
    "NEAR(",
    "*",
    "-",
    "^start",
    "'; DROP TABLE sessions; --",
    "<script>alert(1)</script>",
    "<b>bold</b> & co",
    "\u202eevil\u202c",
    "🔥 incident",
    "x" * 100_000,
]


def _found(snippet: str, list_name: str = "timeline", key: str = "t2", session_id: int = 1) -> Found:
    return Found(session_id, "#1421", "Auth <b>outage</b>", "2026-03-02", snippet, list_name, key)


def _plain(rich: str) -> str:
    document = QTextDocument()
    document.setHtml(rich)
    return document.toPlainText()


def test_matched_words_are_highlighted_and_markup_is_shown_as_typed() -> None:
    rich = snippet_html(f"errors {SNIPPET_START}<b>rising</b>{SNIPPET_END} & fast")
    assert "&lt;b&gt;rising&lt;/b&gt;" in rich
    assert rich.count("<b ") == 1 and rich.endswith("&amp; fast")
    assert _plain(rich) == "errors <b>rising</b> & fast"


def test_a_mark_standing_alone_closes_or_opens_on_its_own_word() -> None:
    rich = snippet_html(f"{SNIPPET_START}rollback {SNIPPET_END} then {SNIPPET_START} canary{SNIPPET_END}")
    assert "rollback</b> then" in rich and ">canary</b>" in rich  # no space inside a highlight


def test_an_unclosed_mark_is_closed() -> None:
    rich = snippet_html(f"{SNIPPET_START}cut off here")
    assert rich.endswith("</b>")


@given(st.text(max_size=300))
@example("0\r\x03")  # a mark alone after a space left a space at the end
def test_any_snippet_reads_back_as_its_own_text(text: str) -> None:
    clean = text.replace(SNIPPET_START, "").replace(SNIPPET_END, "")
    assert _plain(snippet_html(text)) == " ".join(clean.split())


def test_a_result_names_its_debrief_date_and_place() -> None:
    plain = _plain(found_html(_found(f"{SNIPPET_START}Paged{SNIPPET_END}")))
    assert plain.startswith("Auth <b>outage</b>")
    assert "#1421 · 2026-03-02 · in Timeline" in plain
    assert place_label("parking_lot") == "Parking lot"
    assert place_label("") == "the debrief itself"
    assert place_label("key_learnings") == "Key learnings"


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_are_searched_as_typed(qtbot: QtBot, query: str) -> None:
    queries = FakeQueries(found=[_found(f"{SNIPPET_START}{query[:200]}{SNIPPET_END}")])
    dialog = SearchDialog(queries)
    qtbot.addWidget(dialog)
    dialog.box.setText(query)
    dialog.run_search()
    assert queries.searched[-1] == query
    assert dialog.model.rowCount() <= 1
    if dialog.model.rowCount():
        assert "<script>" not in dialog.model.index(0).data()


def test_typing_searches_once_typing_pauses(qtbot: QtBot) -> None:
    queries = FakeQueries(found=[_found(f"login {SNIPPET_START}errors{SNIPPET_END}")])
    dialog = SearchDialog(queries)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.box, "errors")
    assert queries.searched == []
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert queries.searched == ["errors"]
    assert dialog.summary.text() == "1 debrief, best match first."
    dialog.box.setText("nothing like it")
    dialog.run_search()
    assert dialog.model.rowCount() == 0
    assert dialog.summary.text().startswith("Nothing in the library has all of these words")


def test_enter_in_the_box_chooses_the_result_under_the_cursor(qtbot: QtBot) -> None:
    queries = FakeQueries(
        found=[_found("an errors line", key="t1"), _found("more errors", key="t2", session_id=2)]
    )
    dialog = SearchDialog(queries)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.box, "errors")
    qtbot.keyClick(dialog.box, Qt.Key.Key_Down)  # pending typing is searched first, then the cursor moves
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)
    qtbot.keyClick(dialog.box, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    assert dialog.chosen is not None and dialog.chosen.item_key == "t2"


@pytest.fixture
def lib_window(qtbot: QtBot, library: Library) -> Iterator[tuple[MainWindow, FakeQueries, int]]:
    session = full_session()
    session.timeline[0].image = None  # the factory's one-pixel picture is not what is tested here
    session_id = library.sessions.create(session)
    queries = FakeQueries()
    win = MainWindow(library.sessions, library.settings, "test library", queries=queries)
    qtbot.addWidget(win)
    win.show()
    yield win, queries, session_id
    win.close()


def test_ctrl_f_opens_the_debrief_at_the_item_found(
    lib_window: tuple[MainWindow, FakeQueries, int], monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    win, queries, session_id = lib_window
    chosen = _found("Paged", "timeline", "t2", session_id)
    asked: list[FakeQueries] = []
    monkeypatch.setattr(SearchDialog, "ask", classmethod(lambda cls, parent, q: asked.append(q) or chosen))
    qtbot.keyClick(win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert asked == [queries]
    assert win.session_view is not None
    assert win.session_view.current_phase is Phase.TIMELINE
    timeline = win.session_view.timeline
    assert timeline.table.currentIndex().row() == timeline.model.row_of("t2")


def test_a_parking_lot_idea_found_opens_at_actions(
    lib_window: tuple[MainWindow, FakeQueries, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    win, _queries, session_id = lib_window
    chosen = _found("idea", "parking_lot", "p1", session_id)
    monkeypatch.setattr(SearchDialog, "ask", classmethod(lambda cls, parent, q: chosen))
    win.search_action.trigger()
    assert win.session_view is not None
    assert win.session_view.current_phase is Phase.ACTIONS
    actions = win.session_view.views[Phase.ACTIONS]
    assert actions.parking_list.currentIndex().row() == 0  # type: ignore[attr-defined]


def test_the_next_search_starts_from_the_last_query(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    queries = FakeQueries(found=[_found("login errors")])
    monkeypatch.setattr(SearchDialog, "last_query", "")
    monkeypatch.setattr(SearchDialog, "exec", lambda self: self.box.setText("errors") or 0)
    assert SearchDialog.ask(None, queries) is None  # type: ignore[arg-type]
    monkeypatch.setattr(
        SearchDialog, "exec", lambda self: queries.searched.append(f"shown:{self.box.text()}") or 0
    )
    SearchDialog.ask(None, queries)  # type: ignore[arg-type]
    assert queries.searched[-2:] == ["errors", "shown:errors"]  # searched at once, before it shows
