"""The Contributing factors phase and the link picker, driven by keyboard as a facilitator does."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from facilitation.model import ContributingFactor, Session, TimelineEntry, WentWrong
from storage.library import Library
from ui.factors_view import CATEGORY_COLUMN, LINKS_COLUMN, TEXT_COLUMN, FactorsModel, FactorsView
from ui.link_picker import LinkCandidate, LinkChoiceModel, LinkPicker, factor_link_candidates
from ui.session_editor import SessionEditor
from ui.widgets import LongLineEdit

CPH = ZoneInfo("Europe/Copenhagen")
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _at(hour: int, minute: int, day: int = 2) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=CPH)


@pytest.fixture
def editor(library: Library) -> Iterator[SessionEditor]:
    """A session with three timeline entries (t1–t3) and two went-wrong items (w1, w2)."""
    session = Session(
        title="Auth outage",
        time_zone="Europe/Copenhagen",
        current_phase="contributing_factors",
        timeline=[
            TimelineEntry(text="config pushed to every region", at=_at(13, 58), actor="deploy bot"),
            TimelineEntry(
                text="login errors alert fired\nwith a long body", at=_at(14, 2), actor="Alertmanager"
            ),
            TimelineEntry(text="Ana paged", at=_at(14, 5), approximate=True, actor="Ana Lopez"),
        ],
        went_wrong=[
            WentWrong(text="The runbook did not cover a partial rollout"),
            WentWrong(text="Third page of the night for the on-call"),
        ],
    )
    session_id = library.sessions.create(session)
    editor = SessionEditor(library.sessions, library.sessions.get(session_id))
    yield editor
    editor.flush()


@pytest.fixture
def view(qtbot: QtBot, editor: SessionEditor) -> FactorsView:
    factors = FactorsView(editor)
    qtbot.addWidget(factors)
    factors.resize(1000, 700)
    factors.show()
    qtbot.waitExposed(factors)
    factors.activateWindow()
    factors.focus_first()
    return factors


def _stored(library: Library, editor: SessionEditor) -> list[ContributingFactor]:
    return library.sessions.get(editor.session_id).contributing_factors


def _type(qtbot: QtBot, view: FactorsView, line: str) -> None:
    qtbot.keyClicks(view.entry_line, line)
    qtbot.keyClick(view.entry_line, Qt.Key.Key_Return)


def _select_row(view: FactorsView, row: int) -> None:
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(row, TEXT_COLUMN))


def _replace_picker(
    monkeypatch: pytest.MonkeyPatch, answer: list[str] | None
) -> list[tuple[list[LinkCandidate], list[str]]]:
    asked: list[tuple[list[LinkCandidate], list[str]]] = []

    def ask(parent: object, candidates: list[LinkCandidate], chosen: list[str]) -> list[str] | None:
        asked.append((candidates, chosen))
        return answer

    monkeypatch.setattr(LinkPicker, "ask", ask)
    return asked


# -- the phase ---------------------------------------------------------------------


def test_enter_adds_a_factor_with_the_category_chosen_for_it(
    view: FactorsView, library: Library, qtbot: QtBot
) -> None:
    assert view.entry_line.hasFocus()
    assert view.chips.text() == "Next: No category yet"
    _type(qtbot, view, "Config reaches every region at once")
    for _ in range(4):
        qtbot.keyClick(view.entry_line, Qt.Key.Key_K, CTRL_SHIFT)
    assert view.chips.text() == "Next: People conditions"
    _type(qtbot, view, "The on-call had been paged twice that night")
    _type(qtbot, view, "Nobody owned the rollout tooling")  # the category stays for the next one
    stored = _stored(library, view.editor)
    assert [(f.text, f.category) for f in stored] == [
        ("Config reaches every region at once", None),
        ("The on-call had been paged twice that night", "people"),
        ("Nobody owned the rollout tooling", "people"),
    ]
    assert view.entry_line.text() == ""
    assert view.model.rowCount() == 3
    assert view.model.index(1, CATEGORY_COLUMN).data() == "People conditions"
    assert view.selected() is view.editor.session.contributing_factors[2]  # the newest, ready to link


def test_ctrl_k_in_the_table_cycles_the_selected_factors_category(
    view: FactorsView, library: Library, qtbot: QtBot
) -> None:
    _type(qtbot, view, "Config reaches every region at once")
    _select_row(view, 0)
    seen = []
    for _ in range(6):
        qtbot.keyClick(view.table, Qt.Key.Key_K, CTRL_SHIFT)
        seen.append(_stored(library, view.editor)[0].category)
    assert seen == ["technical", "process", "organisational", "people", "external", None]
    assert view.chips.text() == "Next: No category yet"  # the next factor was left alone
    view.editor.undo_stack.undo()
    assert _stored(library, view.editor)[0].category == "external"


def test_a_click_on_the_category_changes_it(view: FactorsView, library: Library, qtbot: QtBot) -> None:
    _type(qtbot, view, "Config reaches every region at once")
    cell = view.table.visualRect(view.model.index(0, CATEGORY_COLUMN)).center()
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert _stored(library, view.editor)[0].category == "technical"


def test_ctrl_shift_l_links_the_new_factor_to_entries_and_went_wrong_items(
    view: FactorsView, library: Library, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _replace_picker(monkeypatch, ["t2", "w1"])
    _type(qtbot, view, "Config reaches every region at once")
    qtbot.keyClick(view.entry_line, Qt.Key.Key_L, CTRL_SHIFT)
    candidates, chosen = asked[0]
    assert chosen == []
    assert [c.label for c in candidates] == [
        "13:58 · deploy bot · config pushed to every region",
        "14:02 · Alertmanager · login errors alert fired",
        "~14:05 · Ana Lopez · Ana paged",
        "Went wrong · The runbook did not cover a partial rollout",
        "Went wrong · Third page of the night for the on-call",
    ]
    assert _stored(library, view.editor)[0].links == ["t2", "w1"]
    assert view.model.index(0, LINKS_COLUMN).data() == "2"
    assert view.rests_on.text().splitlines() == [
        "14:02 · Alertmanager · login errors alert fired",
        "Went wrong · The runbook did not cover a partial rollout",
    ]
    view.editor.undo_stack.undo()
    assert _stored(library, view.editor)[0].links == []
    assert view.model.index(0, LINKS_COLUMN).data() == "not linked yet"
    assert view.rests_on.text().startswith("Not linked yet")


def test_changing_ones_mind_in_the_picker_keeps_the_links(
    view: FactorsView, library: Library, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _replace_picker(monkeypatch, ["t1"])
    _type(qtbot, view, "Config reaches every region at once")
    qtbot.keyClick(view.entry_line, Qt.Key.Key_L, CTRL_SHIFT)
    asked = _replace_picker(monkeypatch, None)
    _select_row(view, 0)
    qtbot.keyClick(view.table, Qt.Key.Key_L, CTRL_SHIFT)
    assert asked[0][1] == ["t1"]
    assert _stored(library, view.editor)[0].links == ["t1"]


def test_linking_with_nothing_selected_says_what_to_do(
    view: FactorsView, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _replace_picker(monkeypatch, ["t1"])
    qtbot.keyClick(view.entry_line, Qt.Key.Key_L, CTRL_SHIFT)
    assert asked == []
    assert view.problem.isVisible() and "Select a factor first" in view.problem.text()


def test_a_deleted_entry_leaves_the_count_and_undo_brings_the_link_back(
    view: FactorsView, library: Library, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _replace_picker(monkeypatch, ["t2", "w1"])
    _type(qtbot, view, "Config reaches every region at once")
    qtbot.keyClick(view.entry_line, Qt.Key.Key_L, CTRL_SHIFT)
    assert view.editor.remove_item("timeline", "t2")
    assert view.model.index(0, LINKS_COLUMN).data() == "1"
    assert "Alertmanager" not in view.rests_on.text()
    view.editor.undo_stack.undo()
    assert view.model.index(0, LINKS_COLUMN).data() == "2"
    assert "Alertmanager" in view.rests_on.text()
    assert _stored(library, view.editor)[0].links == ["t2", "w1"]


def test_the_pane_follows_an_edit_of_an_entry_the_factor_rests_on(
    view: FactorsView, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _replace_picker(monkeypatch, ["t3"])
    _type(qtbot, view, "Paging reached one person only")
    qtbot.keyClick(view.entry_line, Qt.Key.Key_L, CTRL_SHIFT)
    view.editor.edit_item("timeline", "t3", text="Ana paged, then Ole")
    assert view.rests_on.text() == "~14:05 · Ana Lopez · Ana paged, then Ole"


def test_del_deletes_the_selected_factor_and_undo_restores_it_on_disk(
    view: FactorsView, library: Library, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _replace_picker(monkeypatch, ["w2"])
    _type(qtbot, view, "Config reaches every region at once")
    qtbot.keyClick(view.entry_line, Qt.Key.Key_L, CTRL_SHIFT)
    _type(qtbot, view, "Nobody owned the rollout tooling")
    _select_row(view, 0)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert [f.text for f in _stored(library, view.editor)] == ["Nobody owned the rollout tooling"]
    assert view.model.rowCount() == 1
    view.editor.undo_stack.undo()
    stored = _stored(library, view.editor)
    assert [(f.text, f.links) for f in stored] == [
        ("Config reaches every region at once", ["w2"]),
        ("Nobody owned the rollout tooling", []),
    ]
    assert view.model.rowCount() == 2


def test_f2_edits_the_words_in_place_and_undo_takes_it_back(
    view: FactorsView, library: Library, qtbot: QtBot
) -> None:
    _type(qtbot, view, "Config reaches every region")
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(0, CATEGORY_COLUMN))  # F2 edits the words from any cell
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    field = QApplication.focusWidget()
    assert isinstance(field, LongLineEdit)
    assert field.text() == "Config reaches every region"
    qtbot.keyClick(field, Qt.Key.Key_End)
    qtbot.keyClicks(field, " at once")
    qtbot.keyClick(field, Qt.Key.Key_Return)  # the delegate commits a moment later
    qtbot.waitUntil(lambda: _stored(library, view.editor)[0].text == "Config reaches every region at once")
    view.editor.undo_stack.undo()
    assert _stored(library, view.editor)[0].text == "Config reaches every region"
    assert view.model.index(0, TEXT_COLUMN).data() == "Config reaches every region"


def test_private_for_the_next_factor_or_the_selected_one(
    view: FactorsView, library: Library, qtbot: QtBot
) -> None:
    qtbot.keyClick(view.entry_line, Qt.Key.Key_P, CTRL_SHIFT)
    assert "private" in view.chips.text()
    _type(qtbot, view, "Ana was new to the team")
    assert "private" not in view.chips.text()
    _select_row(view, 0)
    assert view.model.index(0, TEXT_COLUMN).data().startswith("🔒")
    qtbot.keyClick(view.table, Qt.Key.Key_P, CTRL_SHIFT)
    assert _stored(library, view.editor)[0].private is False


def test_the_phase_speaks_of_many_factors_and_never_of_one_root_cause(view: FactorsView) -> None:
    words = " ".join(label.text() for label in view.findChildren(type(view.chips)))
    assert "many factors working together, never from one root cause" in words
    headers = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(view.model.columnCount())]
    assert headers == ["Factor", "Category", "Rests on"]
    assert all(a.shortcut().toString() for a in view.menu_actions)
    assert all(a.text() for a in view.menu_actions)


def test_the_factors_model_passes_qts_checks(qtmodeltester: ModelTester) -> None:
    factors = [
        ContributingFactor(key="f1", text="one\ntwo", category="people", links=["t1", "w1"]),
        ContributingFactor(key="f2", text="secret", private=True),
    ]
    model = FactorsModel(factors)
    qtmodeltester.check(model)
    model.insert(2, ContributingFactor(key="f3", text="three"))
    model.move(0, 2)
    model.remove(1)
    qtmodeltester.check(model)
    assert [model.factor(r).key for r in range(model.rowCount())] == ["f2", "f1"]
    assert model.index(1, LINKS_COLUMN).data(Qt.ItemDataRole.AccessibleTextRole) == "Rests on 2 items"


# -- the link picker -------------------------------------------------------------------


@pytest.fixture
def candidates(editor: SessionEditor) -> list[LinkCandidate]:
    return factor_link_candidates(editor.session)


@pytest.fixture
def picker(qtbot: QtBot, candidates: list[LinkCandidate]) -> LinkPicker:
    dialog = LinkPicker(candidates, ["w1"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.filter.setFocus()
    return dialog


def _shown(picker: LinkPicker) -> list[str]:
    return [picker.shown.index(row, 0).data() for row in range(picker.shown.rowCount())]


def test_the_picker_filters_by_every_word_typed_in_any_order(picker: LinkPicker, qtbot: QtBot) -> None:
    assert picker.filter.hasFocus()
    assert len(_shown(picker)) == 5
    qtbot.keyClicks(picker.filter, "PAGED ana")
    assert _shown(picker) == ["~14:05 · Ana Lopez · Ana paged"]
    picker.filter.clear()
    qtbot.keyClicks(picker.filter, "went wrong")
    assert len(_shown(picker)) == 2
    qtbot.keyClicks(picker.filter, " zebra")
    assert _shown(picker) == [] and picker.empty.isVisible()


def test_the_picker_ticks_with_space_and_keeps_ticks_hidden_by_the_filter(
    picker: LinkPicker, qtbot: QtBot
) -> None:
    assert picker.chosen() == ["w1"]
    qtbot.keyClicks(picker.filter, "alert")
    qtbot.keyClick(picker.filter, Qt.Key.Key_Down)
    assert picker.list.hasFocus()
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)
    assert picker.chosen() == ["t2", "w1"]
    assert picker.count.text() == "2 linked"
    qtbot.keyClick(picker.list, Qt.Key.Key_Backspace)  # typing in the list goes on filtering
    assert picker.filter.hasFocus() and picker.filter.text() == "aler"
    picker.filter.clear()
    qtbot.keyClicks(picker.filter, "runbook")
    qtbot.keyClick(picker.filter, Qt.Key.Key_Down)
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)
    assert picker.chosen() == ["t2"]
    qtbot.keyClicks(picker.list, "x")
    assert picker.filter.hasFocus() and picker.filter.text() == "runbookx"
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    assert picker.result() == QDialog.DialogCode.Accepted


def test_ask_gives_the_ticked_keys_on_enter_and_none_on_escape(
    qtbot: QtBot, candidates: list[LinkCandidate]
) -> None:
    def press(*keys: Qt.Key) -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LinkPicker)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.filter.hasFocus)  # the cursor starts in the filter
        for key in keys:
            qtbot.keyClick(QApplication.focusWidget() or dialog, key)

    QTimer.singleShot(0, lambda: press(Qt.Key.Key_Down, Qt.Key.Key_Space, Qt.Key.Key_Return))
    assert LinkPicker.ask(None, candidates, ["w2"]) == ["t1", "w2"]  # type: ignore[arg-type]
    QTimer.singleShot(0, lambda: press(Qt.Key.Key_Down, Qt.Key.Key_Space, Qt.Key.Key_Escape))
    assert LinkPicker.ask(None, candidates, ["w2"]) is None  # type: ignore[arg-type]


def test_the_choice_model_passes_qts_checks(qtmodeltester: ModelTester) -> None:
    model = LinkChoiceModel(
        [LinkCandidate("t1", "14:02 · alert"), LinkCandidate("w1", "Went wrong · x")], ["w1"]
    )
    qtmodeltester.check(model)
    assert model.setData(model.index(0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert model.chosen() == ["t1", "w1"]
    assert model.index(1).data(Qt.ItemDataRole.AccessibleTextRole) == "Went wrong · x, linked"
