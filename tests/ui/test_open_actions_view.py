"""Open actions across the library: overdue first and said in words, Enter opens the action, CSV export."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from facilitation.library import OPEN_ACTION_CSV_COLUMNS, OpenAction
from facilitation.phases import Phase
from storage.library import Library
from tests.factories import full_session
from tests.ui.library_fakes import FakeQueries
from ui.export_dialog import ChooseFile
from ui.main_window import MainWindow
from ui.open_actions_view import OpenActionsModel, due_text

TODAY = date.today()


def _action(
    key: str, due: date | None, session_id: int = 1, owner: str = "Ana", text: str = "Fix it"
) -> OpenAction:
    return OpenAction(session_id, "#1421", "Auth outage", key, text, owner, due, "open")


ACTIONS = [
    _action("a1", TODAY + timedelta(days=3)),
    _action("a2", None),
    _action("a3", TODAY - timedelta(days=1), text='=HYPERLINK("x")'),
    _action("a4", TODAY - timedelta(days=9), owner=""),
]


def test_overdue_first_and_said_in_words(qtmodeltester: ModelTester) -> None:
    model = OpenActionsModel()
    model.set_actions(ACTIONS, TODAY)
    qtmodeltester.check(model)
    assert [model.action(r).key for r in range(4)] == ["a4", "a3", "a1", "a2"]
    assert model.index(0, 0).data() == f"{TODAY - timedelta(days=9)} · overdue"
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole).endswith(", overdue by 9 days</p>")
    assert model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole).endswith(", overdue by 1 day</p>")
    assert model.index(0, 1).data() == "no owner yet"
    assert model.index(3, 0).data() == "no due date"
    assert model.index(2, 0).data() == (TODAY + timedelta(days=3)).isoformat()
    assert model.index(0, 3).data() == "Open"
    assert model.index(0, 4).data() == "#1421 Auth outage"
    assert due_text(_action("a9", TODAY), TODAY) == TODAY.isoformat()  # due today is not overdue yet


@pytest.fixture
def lib_window(qtbot: QtBot, library: Library) -> tuple[MainWindow, list[tuple[Path, str]], int]:
    session = full_session()
    session.timeline[0].image = None
    session_id = library.sessions.create(session)
    queries = FakeQueries(actions=[_action("a1", TODAY - timedelta(days=2), session_id), *ACTIONS[:2]])
    written: list[tuple[Path, str]] = []
    win = MainWindow(
        library.sessions,
        library.settings,
        "test library",
        queries=queries,
        write_text=lambda path, text: written.append((path, text)),
    )
    qtbot.addWidget(win)
    win.show()
    return win, written, session_id


def test_enter_opens_the_debrief_at_the_action(
    lib_window: tuple[MainWindow, list[tuple[Path, str]], int], qtbot: QtBot
) -> None:
    win, _written, session_id = lib_window
    qtbot.keyClick(win, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    view = win.open_actions_view
    assert view is not None and win.pages.currentWidget() is view
    assert view.summary.text() == "3 open actions, 1 overdue"
    assert view.table.hasFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert win.session_view is not None and win.editor is not None
    assert win.editor.session_id == session_id
    assert win.session_view.current_phase is Phase.ACTIONS
    actions = win.session_view.views[Phase.ACTIONS]
    assert actions.selected().key == "a1"  # type: ignore[attr-defined]


def test_ctrl_e_exports_the_csv_in_the_order_shown(
    lib_window: tuple[MainWindow, list[tuple[Path, str]], int],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    win, written, _session_id = lib_window
    target = tmp_path / "actions.csv"
    monkeypatch.setattr(ChooseFile, "ask", classmethod(lambda cls, parent, caption, suggested: target))
    win.open_actions_action.trigger()
    assert win.export_action.isEnabled()
    win.export_action.trigger()
    assert [path for path, _text in written] == [target]
    rows = list(csv.reader(io.StringIO(written[0][1])))
    assert tuple(rows[0]) == OPEN_ACTION_CSV_COLUMNS
    assert [r[-1] for r in rows[1:]] == ["yes", "", ""]
    assert "actions.csv" in win.statusBar().currentMessage()


def test_a_csv_that_cannot_be_written_is_one_sentence(
    qtbot: QtBot, library: Library, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def refuse(path: Path, text: str) -> None:
        raise PermissionError(13, "Permission denied")

    said: list[str] = []
    win = MainWindow(
        library.sessions, library.settings, "t", queries=FakeQueries(actions=ACTIONS), write_text=refuse
    )
    qtbot.addWidget(win)
    monkeypatch.setattr(
        ChooseFile, "ask", classmethod(lambda cls, parent, caption, suggested: tmp_path / "a.csv")
    )
    monkeypatch.setattr(
        "ui.main_window.QMessageBox.information", lambda parent, title, text: said.append(text)
    )
    win.show_open_actions()
    win.export_open_actions()
    assert len(said) == 1 and "could not be written" in said[0] and "Permission denied" in said[0]


def test_without_a_writer_there_is_no_export_button(qtbot: QtBot, library: Library) -> None:
    win = MainWindow(library.sessions, library.settings, "t", queries=FakeQueries(actions=[]))
    qtbot.addWidget(win)
    win.show_open_actions()
    assert win.open_actions_view is not None
    assert not win.open_actions_view.export_button.isVisibleTo(win)
    assert not win.export_action.isEnabled()
    assert win.open_actions_view.summary.text() == "No open actions: everything agreed is done or dropped."
