"""The Actions phase and its parking lot, driven by keyboard as a facilitator does."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from facilitation.model import (
    Action,
    ContributingFactor,
    KeyLearning,
    ParkingLotItem,
    Participant,
    Session,
)
from storage.library import Library
from ui.actions_view import (
    DUE_COLUMN,
    OWNER_COLUMN,
    SERVES_COLUMN,
    STATUS_COLUMN,
    TEXT_COLUMN,
    ActionsModel,
    ActionsView,
    DueDateProblem,
    next_status,
    parse_due,
)
from ui.link_picker import LinkCandidate, LinkPicker
from ui.session_editor import SessionEditor
from ui.widgets import LongLineEdit

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def editor(library: Library) -> Iterator[SessionEditor]:
    """A session with a learning (l1), a factor (f1), two participants and two parked ideas (p1, p2)."""
    session = Session(
        title="Auth outage",
        time_zone="Europe/Copenhagen",
        current_phase="actions",
        participants=[Participant("Ana Lopez", "on call"), Participant("Ole Berg", "lead")],
        key_learnings=[
            KeyLearning(text="A config change reached every region before anything could show it")
        ],
        contributing_factors=[
            ContributingFactor(text="Config goes to every region at once", category="process")
        ],
        parking_lot=[ParkingLotItem(text="Add a canary stage"), ParkingLotItem(text="Page a second person")],
    )
    session_id = library.sessions.create(session)
    editor = SessionEditor(library.sessions, library.sessions.get(session_id))
    yield editor
    editor.flush()


@pytest.fixture
def view(qtbot: QtBot, editor: SessionEditor) -> ActionsView:
    actions = ActionsView(editor)
    qtbot.addWidget(actions)
    actions.resize(1100, 700)
    actions.show()
    qtbot.waitExposed(actions)
    actions.activateWindow()
    actions.focus_first()
    return actions


def _stored(library: Library, editor: SessionEditor) -> Session:
    return library.sessions.get(editor.session_id)


def _type(qtbot: QtBot, view: ActionsView, line: str) -> None:
    qtbot.keyClicks(view.entry_line, line)
    qtbot.keyClick(view.entry_line, Qt.Key.Key_Return)


def _type_in_cell(qtbot: QtBot, text: str) -> None:
    field = QApplication.focusWidget()
    assert isinstance(field, LongLineEdit)
    field.selectAll()
    if text:
        qtbot.keyClicks(field, text)
    else:
        qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not isinstance(QApplication.focusWidget(), LongLineEdit) or field.isHidden())


def test_enter_adds_an_open_action_on_disk_and_selects_it(
    view: ActionsView, library: Library, qtbot: QtBot
) -> None:
    assert view.entry_line.hasFocus()
    _type(qtbot, view, "Roll config out one region at a time")
    stored = _stored(library, view.editor).actions
    assert [(a.text, a.status, a.owner, a.due, a.serves) for a in stored] == [
        ("Roll config out one region at a time", "open", "", None, [])
    ]
    assert view.entry_line.text() == ""
    assert view.model.index(0, STATUS_COLUMN).data() == "Open"
    assert view.selected() is view.editor.session.actions[0]


def test_ctrl_k_cycles_the_selected_actions_status(view: ActionsView, library: Library, qtbot: QtBot) -> None:
    _type(qtbot, view, "Roll config out one region at a time")
    seen = []
    for _ in range(4):
        qtbot.keyClick(view.entry_line, Qt.Key.Key_K, CTRL_SHIFT)
        seen.append(_stored(library, view.editor).actions[0].status)
    assert seen == ["in-progress", "done", "dropped", "open"]
    view.editor.undo_stack.undo()
    assert _stored(library, view.editor).actions[0].status == "dropped"
    assert view.model.index(0, STATUS_COLUMN).data() == "Dropped"


def test_status_can_be_picked_from_a_list(view: ActionsView, library: Library, qtbot: QtBot) -> None:
    _type(qtbot, view, "Roll config out one region at a time")
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(0, STATUS_COLUMN))
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == ["Open", "In progress", "Done", "Dropped"]
    combo.setCurrentIndex(2)
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _stored(library, view.editor).actions[0].status == "done")


def test_the_owner_completes_from_the_participants(view: ActionsView, library: Library, qtbot: QtBot) -> None:
    _type(qtbot, view, "Roll config out one region at a time")
    qtbot.keyClick(view.entry_line, Qt.Key.Key_O, CTRL_SHIFT)
    field = QApplication.focusWidget()
    assert isinstance(field, LongLineEdit)
    completer = field.completer()
    assert completer is not None
    names = completer.model()
    assert isinstance(names, QStringListModel)
    assert names.stringList() == ["Ana Lopez", "Ole Berg"]
    _type_in_cell(qtbot, "Ole Berg")
    assert _stored(library, view.editor).actions[0].owner == "Ole Berg"
    view.editor.undo_stack.undo()
    assert _stored(library, view.editor).actions[0].owner == ""


def test_a_due_date_is_typed_as_yyyy_mm_dd_and_anything_else_is_refused_plainly(
    view: ActionsView, library: Library, qtbot: QtBot
) -> None:
    _type(qtbot, view, "Roll config out one region at a time")
    qtbot.keyClick(view.entry_line, Qt.Key.Key_D, CTRL_SHIFT)
    _type_in_cell(qtbot, "next friday")
    assert _stored(library, view.editor).actions[0].due is None
    assert view.problem.isVisible()
    assert "YYYY-MM-DD" in view.problem.text() and "next friday" in view.problem.text()

    qtbot.keyClick(view.table, Qt.Key.Key_D, CTRL_SHIFT)
    _type_in_cell(qtbot, "2026-03-20")
    assert _stored(library, view.editor).actions[0].due == date(2026, 3, 20)
    assert view.model.index(0, DUE_COLUMN).data() == "2026-03-20"
    assert not view.problem.isVisible()

    qtbot.keyClick(view.table, Qt.Key.Key_D, CTRL_SHIFT)
    _type_in_cell(qtbot, "2026-02-30")
    assert _stored(library, view.editor).actions[0].due == date(2026, 3, 20)
    assert "no day 2026-02-30" in view.problem.text()

    qtbot.keyClick(view.table, Qt.Key.Key_D, CTRL_SHIFT)
    _type_in_cell(qtbot, "")  # empty: no due date
    assert _stored(library, view.editor).actions[0].due is None


def test_f2_edits_the_words_and_an_emptied_cell_keeps_them(
    view: ActionsView, library: Library, qtbot: QtBot
) -> None:
    _type(qtbot, view, "Roll config out")
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(0, TEXT_COLUMN))
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    _type_in_cell(qtbot, "Roll config out one region at a time")
    assert _stored(library, view.editor).actions[0].text == "Roll config out one region at a time"
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    _type_in_cell(qtbot, "")
    assert _stored(library, view.editor).actions[0].text == "Roll config out one region at a time"


def test_ctrl_shift_l_links_what_the_action_serves(
    view: ActionsView, library: Library, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[list[LinkCandidate], list[str]]] = []

    def ask(parent: object, candidates: list[LinkCandidate], chosen: list[str]) -> list[str] | None:
        asked.append((candidates, chosen))
        return ["l1", "f1"]

    monkeypatch.setattr(LinkPicker, "ask", ask)
    _type(qtbot, view, "Roll config out one region at a time")
    qtbot.keyClick(view.entry_line, Qt.Key.Key_L, CTRL_SHIFT)
    candidates, chosen = asked[0]
    assert chosen == []
    assert [c.key for c in candidates] == ["l1", "f1"]
    assert candidates[1].label == "Factor (process) · Config goes to every region at once"
    assert _stored(library, view.editor).actions[0].serves == ["l1", "f1"]
    serves = view.model.index(0, SERVES_COLUMN).data()
    assert serves.startswith("Learning 1: A config change") and "Factor (process): Config goes" in serves

    assert view.editor.remove_item("contributing_factors", "f1")  # the action no longer serves it
    assert "Factor" not in view.model.index(0, SERVES_COLUMN).data()
    view.editor.undo_stack.undo()
    assert "Factor" in view.model.index(0, SERVES_COLUMN).data()
    assert _stored(library, view.editor).actions[0].serves == ["l1", "f1"]


def test_keys_for_the_selected_action_with_none_selected_say_what_to_do(
    view: ActionsView, qtbot: QtBot
) -> None:
    qtbot.keyClick(view.entry_line, Qt.Key.Key_K, CTRL_SHIFT)
    assert view.problem.isVisible() and "Select an action first" in view.problem.text()


def test_promote_makes_an_idea_an_action_in_one_undoable_step(
    view: ActionsView, library: Library, qtbot: QtBot
) -> None:
    qtbot.keyClick(view.entry_line, Qt.Key.Key_Down, CTRL_SHIFT)
    assert view.parking_list.hasFocus()
    qtbot.keyClick(view.parking_list, Qt.Key.Key_Down)  # the second idea
    steps = view.editor.undo_stack.count()
    qtbot.keyClick(view.parking_list, Qt.Key.Key_Up, CTRL_SHIFT)
    stored = _stored(library, view.editor)
    assert [(a.text, a.status) for a in stored.actions] == [("Page a second person", "open")]
    assert [p.text for p in stored.parking_lot] == ["Add a canary stage"]
    assert view.parking.rowCount() == 1 and view.model.rowCount() == 1
    assert view.editor.undo_stack.count() == steps + 1
    assert view.selected() is view.editor.session.actions[0]

    view.editor.undo_stack.undo()
    stored = _stored(library, view.editor)
    assert stored.actions == []
    assert [p.text for p in stored.parking_lot] == ["Add a canary stage", "Page a second person"]
    assert view.parking.rowCount() == 2 and view.model.rowCount() == 0

    view.editor.undo_stack.redo()
    stored = _stored(library, view.editor)
    assert [a.text for a in stored.actions] == ["Page a second person"]
    assert [p.text for p in stored.parking_lot] == ["Add a canary stage"]


def test_a_promotion_that_could_not_be_saved_leaves_nothing_behind(
    view: ActionsView, library: Library, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    problems: list[str] = []
    view.editor.save_problem.connect(problems.append)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("The disk is full.")

    monkeypatch.setattr(library.sessions, "add_item", refuse)
    qtbot.keyClick(view.entry_line, Qt.Key.Key_Down, CTRL_SHIFT)
    steps = view.editor.undo_stack.count()
    qtbot.keyClick(view.parking_list, Qt.Key.Key_Up, CTRL_SHIFT)
    assert problems and "The disk is full." in problems[0]
    assert view.editor.undo_stack.count() == steps
    assert not view.editor.undo_stack.canRedo()
    stored = _stored(library, view.editor)
    assert stored.actions == [] and len(stored.parking_lot) == 2


def test_let_it_go_removes_the_idea_and_undo_brings_it_back(
    view: ActionsView, library: Library, qtbot: QtBot
) -> None:
    qtbot.keyClick(view.entry_line, Qt.Key.Key_Down, CTRL_SHIFT)
    qtbot.keyClick(view.parking_list, Qt.Key.Key_Delete)
    assert [p.text for p in _stored(library, view.editor).parking_lot] == ["Page a second person"]
    assert _stored(library, view.editor).actions == []
    view.editor.undo_stack.undo()
    assert [p.text for p in _stored(library, view.editor).parking_lot] == [
        "Add a canary stage",
        "Page a second person",
    ]
    assert view.parking.rowCount() == 2


def test_promote_with_no_idea_selected_says_so(view: ActionsView, library: Library, qtbot: QtBot) -> None:
    qtbot.keyClick(view.entry_line, Qt.Key.Key_Up, CTRL_SHIFT)
    assert "Select an idea in the parking lot first" in view.problem.text()
    assert _stored(library, view.editor).actions == []


def test_del_deletes_the_selected_action_and_undo_restores_it_on_disk(
    view: ActionsView, library: Library, qtbot: QtBot
) -> None:
    _type(qtbot, view, "Roll config out one region at a time")
    _type(qtbot, view, "Write down who owns the rollout tooling")
    qtbot.keyClick(view.entry_line, Qt.Key.Key_Down, CTRL)
    assert view.table.hasFocus()
    view.table.setCurrentIndex(view.model.index(0, TEXT_COLUMN))
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert [a.text for a in _stored(library, view.editor).actions] == [
        "Write down who owns the rollout tooling"
    ]
    view.editor.undo_stack.undo()
    assert [a.text for a in _stored(library, view.editor).actions] == [
        "Roll config out one region at a time",
        "Write down who owns the rollout tooling",
    ]
    assert view.model.rowCount() == 2


def test_private_marks_the_selected_action_or_the_focused_idea(
    view: ActionsView, library: Library, qtbot: QtBot
) -> None:
    _type(qtbot, view, "Roll config out one region at a time")
    qtbot.keyClick(view.entry_line, Qt.Key.Key_P, CTRL_SHIFT)
    assert _stored(library, view.editor).actions[0].private is True
    assert view.model.index(0, TEXT_COLUMN).data().startswith("🔒")
    qtbot.keyClick(view.entry_line, Qt.Key.Key_Down, CTRL_SHIFT)
    qtbot.keyClick(view.parking_list, Qt.Key.Key_P, CTRL_SHIFT)
    assert [p.private for p in _stored(library, view.editor).parking_lot] == [True, False]


def test_the_phase_says_actions_can_wait_for_the_follow_up(view: ActionsView) -> None:
    words = " ".join(label.text() for label in view.findChildren(type(view.problem)))
    assert "finish the actions in the follow-up review" in words
    assert all(a.shortcut().toString() and a.text() for a in view.menu_actions)


def test_the_actions_model_passes_qts_checks(qtmodeltester: ModelTester) -> None:
    actions = [
        Action(
            key="a1",
            text="one\nmore",
            owner="Ana",
            due=date(2026, 3, 20),
            status="in-progress",
            serves=["l1"],
        ),
        Action(key="a2", text="secret", private=True),
    ]
    model = ActionsModel(actions, lambda keys: ", ".join(keys))
    qtmodeltester.check(model)
    model.insert(2, Action(key="a3", text="three"))
    model.move(2, 0)
    model.remove(1)
    qtmodeltester.check(model)
    assert [model.action(r).key for r in range(model.rowCount())] == ["a3", "a2"]
    assert model.index(0, OWNER_COLUMN).data(Qt.ItemDataRole.AccessibleTextRole) == "No owner yet"


def test_the_actions_model_asks_for_edits_and_never_makes_them() -> None:
    action = Action(key="a1", text="Roll out slowly")
    model = ActionsModel([action], lambda keys: "")
    requested: list[tuple[int, str, object]] = []
    refused: list[str] = []
    model.edit_requested.connect(lambda row, field, value: requested.append((row, field, value)))
    model.edit_refused.connect(refused.append)
    assert model.setData(model.index(0, DUE_COLUMN), " 2026-04-01 ")
    assert model.setData(model.index(0, OWNER_COLUMN), "  Ole ")
    assert not model.setData(model.index(0, DUE_COLUMN), "01/04/2026")
    assert not model.setData(model.index(0, STATUS_COLUMN), "finished")
    assert requested == [(0, "due", date(2026, 4, 1)), (0, "owner", "Ole")]
    assert len(refused) == 1
    assert (action.due, action.owner) == (None, "")


def test_due_dates_and_statuses() -> None:
    assert parse_due("") is None and parse_due("  ") is None
    assert parse_due("2026-12-01") == date(2026, 12, 1)
    for typed in ("20261201", "2026-W48-2", "tomorrow", "2026-13-01"):
        with pytest.raises(DueDateProblem):
            parse_due(typed)
    assert [next_status(s) for s in ("open", "in-progress", "done", "dropped", "unknown")] == [
        "in-progress",
        "done",
        "dropped",
        "open",
        "open",
    ]
