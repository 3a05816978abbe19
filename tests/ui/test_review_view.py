"""The Review & export phase: what is missing leads to its phase; the status is set and its history shown."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from facilitation.model import (
    Action,
    ContributingFactor,
    KeyLearning,
    ParkingLotItem,
    Session,
    TimelineEntry,
    WentRight,
    WentWrong,
)
from facilitation.phases import Phase
from storage.library import Library
from ui.review_view import PHASE_ROLE, READY, ReviewView
from ui.session_editor import SessionEditor

CPH = ZoneInfo("Europe/Copenhagen")
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _complete_session() -> Session:
    return Session(
        title="Auth outage after config push",
        summary="Logins failed for forty minutes after a configuration change.",
        severity="Sev-2",
        system="Auth Service",
        trigger="Configuration change",
        time_zone="Europe/Copenhagen",
        started_at=datetime(2026, 3, 2, 14, 0, tzinfo=CPH),
        timeline=[TimelineEntry(text="Alert fired", at=datetime(2026, 3, 2, 14, 5, tzinfo=CPH))],
        went_right=[WentRight(text="The alert fired within five minutes")],
        went_wrong=[WentWrong(text="The runbook named a retired host")],
        contributing_factors=[ContributingFactor(text="Config pushes skip canaries")],
        key_learnings=[KeyLearning(text=f"Learning {n}") for n in range(1, 4)],
        actions=[Action(text="Canary config pushes", owner="Platform team")],
    )


def _view(qtbot: QtBot, library: Library, session: Session) -> ReviewView:
    session_id = library.sessions.create(session)
    editor = SessionEditor(library.sessions, library.sessions.get(session_id), author="ana")
    view = ReviewView(editor)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.focus_first()
    return view


@pytest.fixture
def review(qtbot: QtBot, library: Library) -> ReviewView:
    """A debrief with no severity, two learnings and an open parking-lot idea."""
    session = _complete_session()
    session.severity = ""
    session.key_learnings = session.key_learnings[:2]
    session.parking_lot = [ParkingLotItem(text="Add a timeout to the token call")]
    return _view(qtbot, library, session)


def _lines(view: ReviewView) -> list[str]:
    return [view.list.item(row).text() for row in range(view.list.count())]


def test_findings_are_listed_in_phase_order_with_a_summary(review: ReviewView) -> None:
    assert _lines(review) == [
        "Key learnings: 2 learnings so far; 3 to 5 work best for readers.",
        "Actions: 1 parking-lot idea is still open: promote it to an action or let it go.",
        "Classify: No severity chosen yet.",
    ]
    assert [review.list.item(row).data(PHASE_ROLE) for row in range(3)] == [7, 8, 9]
    assert review.summary.text() == "3 things to look at before readers see it."
    assert review.list.hasFocus()


def test_enter_on_a_finding_asks_for_its_phase(review: ReviewView, qtbot: QtBot) -> None:
    qtbot.keyClick(review.list, Qt.Key.Key_Down)
    qtbot.keyClick(review.list, Qt.Key.Key_Down)
    asked_for: list[Phase] = []
    review.go_to_requested.connect(asked_for.append)
    qtbot.keyClick(review.list, Qt.Key.Key_Return)
    assert asked_for == [Phase.CLASSIFY]
    first = review.list.visualItemRect(review.list.item(0)).center()
    # A double click is a press, a release and a double click: the view acts on the pair.
    qtbot.mouseClick(review.list.viewport(), Qt.MouseButton.LeftButton, pos=first)
    qtbot.mouseDClick(review.list.viewport(), Qt.MouseButton.LeftButton, pos=first)
    assert asked_for == [Phase.CLASSIFY, Phase.KEY_LEARNINGS]


def test_the_list_follows_the_session_and_says_when_it_is_ready(
    review: ReviewView, library: Library, qtbot: QtBot
) -> None:
    editor = review.editor
    editor.set_field("severity", "Sev-2")
    assert len(_lines(review)) == 2
    editor.add_item("key_learnings", KeyLearning(text="Calls to third parties had no upper bound on waiting"))
    parked = editor.session.parking_lot[0]
    editor.remove_item("parking_lot", parked.key)
    assert _lines(review) == []
    assert review.summary.text() == READY
    assert review.list.isHidden()
    editor.undo_stack.undo()
    assert _lines(review) == [
        "Actions: 1 parking-lot idea is still open: promote it to an action or let it go."
    ]
    assert review.summary.text() == "1 thing to look at before readers see it."


def test_check_again_picks_up_changes_made_elsewhere(review: ReviewView, qtbot: QtBot) -> None:
    review.editor.session.severity = "Sev-1"  # as another window would leave it, unannounced
    qtbot.keyClick(review.list, Qt.Key.Key_C, CTRL_SHIFT)
    assert "Classify: No severity chosen yet." not in _lines(review)
    assert review.check_action.shortcut().toString() not in ("F5", "F6")


def test_a_complete_debrief_is_ready_and_the_status_has_the_cursor(qtbot: QtBot, library: Library) -> None:
    view = _view(qtbot, library, _complete_session())
    assert view.summary.text() == READY
    assert view.status.hasFocus()


def test_the_status_is_set_undone_and_its_history_shown(
    review: ReviewView, library: Library, qtbot: QtBot
) -> None:
    assert [review.status.itemText(i) for i in range(4)] == ["Draft", "In review", "Reviewed", "Published"]
    assert review.status.currentText() == "Draft"
    review.status.setFocus()
    qtbot.keyClick(review.status, Qt.Key.Key_Down)  # a stray arrow key changes nothing
    qtbot.keyClick(review.status, Qt.Key.Key_Down)
    assert library.sessions.get(review.editor.session_id).status == "draft"
    review.status.setCurrentIndex(1)  # as picking "In review" from the opened list does
    review.status.activated.emit(1)
    stored = library.sessions.get(review.editor.session_id)
    assert stored.status == "in-review"
    assert [change.status for change in stored.status_history] == ["draft", "in-review"]
    assert stored.status_history[-1].changed_by == "ana"
    history = review.history.text().splitlines()
    assert history[0].startswith("Draft — ")
    assert history[1].startswith("In review — ") and history[1].endswith(" by ana")

    review.editor.undo_stack.undo()
    assert library.sessions.get(review.editor.session_id).status == "draft"
    assert review.status.currentText() == "Draft"


def test_alt_t_goes_to_the_status(review: ReviewView, qtbot: QtBot) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert review.status.hasFocus()
