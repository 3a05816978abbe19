"""What went right, what went wrong and key learnings, driven by keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from facilitation.model import KeyLearning, Session
from storage.library import Library
from ui.item_list_model import ItemListModel
from ui.list_phase_view import ListPhaseView
from ui.main_window import MainWindow

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _open_at(window: MainWindow, library: Library, phase: str) -> ListPhaseView:
    window.open_session(library.sessions.create(Session(title="Queue backlog", current_phase=phase)))
    assert window.session_view is not None
    view = window.session_view.views[window.session_view.current_phase]
    assert isinstance(view, ListPhaseView)
    return view


def _texts(library: Library, view: ListPhaseView) -> list[str]:
    return [item.text for item in getattr(library.sessions.get(view.editor.session_id), view.phase.list_name)]


def _add(qtbot: QtBot, view: ListPhaseView, text: str) -> None:
    qtbot.keyClicks(view.entry_line, text)
    qtbot.keyClick(view.entry_line, Qt.Key.Key_Return)


@pytest.mark.parametrize("phase", ["went_right", "went_wrong", "key_learnings"])
def test_typing_and_enter_adds_items_on_disk(
    window: MainWindow, library: Library, qtbot: QtBot, phase: str
) -> None:
    view = _open_at(window, library, phase)
    assert view.entry_line.hasFocus()
    _add(qtbot, view, "The page reached the right person within a minute")
    _add(qtbot, view, "The runbook still named the old host")
    assert _texts(library, view) == [
        "The page reached the right person within a minute",
        "The runbook still named the old host",
    ]
    assert view.entry_line.text() == ""
    qtbot.keyClick(view.entry_line, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(_texts(library, view)) == 1


def test_repeat_private_edit_and_delete_by_keys(window: MainWindow, library: Library, qtbot: QtBot) -> None:
    view = _open_at(window, library, "went_right")
    _add(qtbot, view, "The fallback cache held")
    view.list.setFocus()
    view.list.setCurrentIndex(view.model.index(0))
    qtbot.keyClick(view.list, Qt.Key.Key_R, CTRL_SHIFT)
    qtbot.keyClick(view.list, Qt.Key.Key_P, CTRL_SHIFT)
    stored = library.sessions.get(view.editor.session_id).went_right[0]
    assert stored.repeat and stored.private
    assert view.model.data(view.model.index(0)).startswith("🔒 ↻ ")
    view.model.setData(view.model.index(0), "The fallback cache held for 40 minutes")
    assert _texts(library, view) == ["The fallback cache held for 40 minutes"]
    qtbot.keyClick(view.list, Qt.Key.Key_Delete)
    assert _texts(library, view) == []
    view.editor.undo_stack.undo()
    assert _texts(library, view) == ["The fallback cache held for 40 minutes"]


def test_learnings_are_reordered_and_nudged_gently(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    view = _open_at(window, library, "key_learnings")
    assert view.nudge.isVisible()
    for text in (
        "Config pushes reach every region at once",
        "Runbooks drift from the hosts",
        "Night pages pile up",
    ):
        _add(qtbot, view, text)
    assert not view.nudge.isVisible()
    view.list.setFocus()
    view.list.setCurrentIndex(view.model.index(2))
    qtbot.keyClick(view.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(view.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert _texts(library, view)[0] == "Night pages pile up"
    assert view.model.data(view.model.index(0)) == "Night pages pile up"
    view.editor.undo_stack.undo()
    assert _texts(library, view)[1] == "Night pages pile up"


def test_item_list_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = ItemListModel([KeyLearning(key=f"l{n}", text=f"learning {n}") for n in range(4)])
    qtmodeltester.check(model)
    model.move(0, 3)
    model.move(3, 1)
    assert [model.item(r).key for r in range(4)] == ["l1", "l0", "l2", "l3"]


def test_a_follow_up_review_starts_from_the_first_ones_learnings(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    view = _open_at(window, library, "key_learnings")
    _add(qtbot, view, "Config pushes reach every region at once")
    first_id = view.editor.session_id
    window.follow_up_action.trigger()
    assert window.editor is not None and window.editor.session_id != first_id
    follow_up = library.sessions.get(window.editor.session_id)
    assert follow_up.follows == first_id
    assert follow_up.title == "Follow-up: Queue backlog"
    assert [k.text for k in follow_up.key_learnings] == ["Config pushes reach every region at once"]
    assert follow_up.current_phase == "actions"


def test_status_changes_are_kept_with_who_and_when(library: Library, qtbot: QtBot) -> None:
    from ui.session_editor import SessionEditor

    session_id = library.sessions.create(Session(title="Queue backlog"))
    editor = SessionEditor(library.sessions, library.sessions.get(session_id), author="ana")
    editor.set_field("status", "in-review")
    history = library.sessions.get(session_id).status_history
    assert [(h.status, h.changed_by) for h in history] == [("draft", ""), ("in-review", "ana")]
    editor.undo_stack.undo()
    assert library.sessions.get(session_id).status == "draft"
