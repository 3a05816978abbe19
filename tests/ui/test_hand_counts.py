"""Shows of hands: a ready check (F4) and "who learned something new?" (Shift+F4), typed in and kept."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from facilitation.model import Participant, Session
from facilitation.phases import Phase
from storage.library import Library
from ui.hand_count_dialog import NOT_COUNTED, HandCountDialog, TypedCount
from ui.main_window import MainWindow
from ui.review_view import NO_HANDS
from ui.session_view import SessionView

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
PEOPLE = [Participant(name, "") for name in ("Ana", "Ole", "Irina", "Βασίλης", "Kim", "Sam", "Lee")]


@pytest.fixture
def view(window: MainWindow, library: Library) -> SessionView:
    """A session of seven people at the Timeline phase, the cursor in the entry line."""
    session = Session(title="Queue backlog", participants=list(PEOPLE), current_phase="timeline")
    window.open_session(library.sessions.create(session))
    assert window.session_view is not None
    return window.session_view


def _in_dialog(qtbot: QtBot, act: Callable[[HandCountDialog], None]) -> None:
    """Once the dialog is open, check where the cursor is and do ``act`` with the keyboard."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, HandCountDialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.hands.hasFocus)  # the cursor starts on the hands
        act(dialog)

    QTimer.singleShot(0, run)


def _type_hands(qtbot: QtBot, dialog: HandCountDialog, text: str, key: Qt.Key) -> None:
    field = dialog.hands.findChild(QLineEdit)
    assert field is not None
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, key)


def _back_to(qtbot: QtBot, window: MainWindow) -> None:
    """The window active again after a dialog (a window manager does this; offscreen, the test does)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _counts(library: Library, view: SessionView) -> list[tuple[str, str, int, int | None]]:
    stored = library.sessions.get(view.editor.session_id)
    return [(c.kind, c.phase, c.hands, c.present) for c in stored.hand_counts]


def test_f4_in_the_timeline_takes_a_ready_check_that_enter_keeps_and_undo_takes_back(
    window: MainWindow, view: SessionView, library: Library, qtbot: QtBot
) -> None:
    asked: list[str] = []
    view.editor.hand_count_asked.connect(asked.append)
    seen: list[str] = []

    def act(dialog: HandCountDialog) -> None:
        seen.append(dialog.windowTitle())
        assert dialog.present.value() == 7  # the participants, to start with
        _type_hands(qtbot, dialog, "6", Qt.Key.Key_Return)

    _in_dialog(qtbot, act)
    with qtbot.waitSignal(view.editor.hands_counted):
        qtbot.keyClick(view.timeline.entry_line, Qt.Key.Key_F4)

    assert seen == ["Ready to move on?"]
    assert asked == ["ready", ""]  # the room sees the question only while it is counted
    assert _counts(library, view) == [("ready", "timeline", 6, 7)]
    assert view.review.hands.text() == "Ready checks: Timeline 6 of 7"

    _back_to(qtbot, window)
    qtbot.keyClick(view.timeline.table, Qt.Key.Key_Z, CTRL)
    assert _counts(library, view) == []
    assert view.editor.session.hand_counts == []
    assert view.review.hands.text() == NO_HANDS
    window.redo()
    assert _counts(library, view) == [("ready", "timeline", 6, 7)]


def test_escape_keeps_nothing_and_the_room_stops_seeing_the_question(
    view: SessionView, library: Library, qtbot: QtBot
) -> None:
    asked: list[str] = []
    view.editor.hand_count_asked.connect(asked.append)
    _in_dialog(qtbot, lambda dialog: _type_hands(qtbot, dialog, "3", Qt.Key.Key_Escape))
    qtbot.keyClick(view.timeline.entry_line, Qt.Key.Key_F4)
    assert asked == ["ready", ""]
    assert _counts(library, view) == []
    assert not view.editor.undo_stack.canUndo()


def test_review_shows_the_counts_and_its_button_asks_who_learned_something_new(
    window: MainWindow, view: SessionView, library: Library, qtbot: QtBot
) -> None:
    def learned(dialog: HandCountDialog) -> None:
        assert dialog.windowTitle() == "Who learned something new today?"
        _type_hands(qtbot, dialog, "5", Qt.Key.Key_Enter)

    _in_dialog(qtbot, lambda dialog: _type_hands(qtbot, dialog, "6", Qt.Key.Key_Return))
    qtbot.keyClick(view.timeline.entry_line, Qt.Key.Key_F4)
    _back_to(qtbot, window)
    view.go_to(Phase.REVIEW)
    assert view.review.isVisible()
    _in_dialog(qtbot, learned)
    qtbot.mouseClick(view.review.hands_button, Qt.MouseButton.LeftButton)

    assert _counts(library, view) == [("ready", "timeline", 6, 7), ("learned", "review", 5, 7)]
    assert view.review.hands.text() == "Ready checks: Timeline 6 of 7; learned something new today: 5 of 7"
    assert "Shift+F4" in view.review.hands_button.accessibleName()

    _back_to(qtbot, window)
    _in_dialog(qtbot, lambda dialog: _type_hands(qtbot, dialog, "7", Qt.Key.Key_Return))
    qtbot.keyClick(view.review.list, Qt.Key.Key_F4, SHIFT)
    assert _counts(library, view)[-1] == ("learned", "review", 7, 7)


def test_more_hands_typed_than_people_listed_means_more_people_came(qtbot: QtBot) -> None:
    dialog = HandCountDialog(None, "ready", 4)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.hands, "6")
    assert dialog.count() == TypedCount(6, 6)
    dialog.present.setValue(0)
    assert dialog.present.text() == NOT_COUNTED
    dialog.hands.setValue(9)
    assert dialog.count() == TypedCount(9, None)
    assert {dialog.hands.accessibleName(), dialog.present.accessibleName()} == {
        "Hands raised",
        "People in the room",
    }


def test_the_session_menu_has_both_shows_of_hands_with_their_keys(
    window: MainWindow, view: SessionView
) -> None:
    actions = {a.text(): a.shortcut().toString() for a in view.all_actions}
    assert actions["Ready check…"] == "F4"
    assert actions["Show of hands: learned something new…"] == "Shift+F4"
    session_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Session")
    menu_texts = {a.text() for a in session_menu.actions()}
    assert {"Ready check…", "Show of hands: learned something new…"} <= menu_texts
