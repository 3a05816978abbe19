"""The Timeline phase driven as a facilitator does: type, Enter, and shape the timeline by keyboard."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from facilitation.model import ContributingFactor, Participant, Session, WebLink
from storage.library import Library
from ui.main_window import MainWindow
from ui.timeline_dialogs import LinkDialog, TimeDialog
from ui.timeline_view import TimelineView

CPH = ZoneInfo("Europe/Copenhagen")
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def timeline(window: MainWindow, library: Library) -> TimelineView:
    """A session at the Timeline phase, started 2026-03-02 14:00 in Copenhagen, with two participants."""
    session = Session(
        title="Auth outage",
        time_zone="Europe/Copenhagen",
        started_at=datetime(2026, 3, 2, 14, 0, tzinfo=CPH),
        participants=[Participant("Ana Lopez", "on call"), Participant("Ole", "lead")],
        current_phase="timeline",
    )
    window.open_session(library.sessions.create(session))
    assert window.session_view is not None
    return window.session_view.timeline


def _type(qtbot: QtBot, view: TimelineView, line: str) -> None:
    qtbot.keyClicks(view.entry_line, line)
    qtbot.keyClick(view.entry_line, Qt.Key.Key_Return)


def _stored(library: Library, view: TimelineView) -> list[tuple[str, str, str]]:
    entries = library.sessions.get(view.editor.session_id).timeline
    return [(e.at.astimezone(CPH).strftime("%H:%M") if e.at else "", e.actor, e.text) for e in entries]


def test_enter_puts_the_entry_on_disk_and_clears_the_line(
    timeline: TimelineView, library: Library, qtbot: QtBot
) -> None:
    assert timeline.entry_line.hasFocus()
    _type(qtbot, timeline, "14:02 @ana: paged about login errors")
    assert _stored(library, timeline) == [("14:02", "Ana Lopez", "paged about login errors")]
    assert timeline.entry_line.text() == ""
    assert timeline.model.rowCount() == 1


def test_times_in_every_form_land_in_time_order(
    timeline: TimelineView, library: Library, qtbot: QtBot
) -> None:
    lines = [
        "14:10 rollback started",
        "14:02 alert fired",
        "someone asked about the canary",
        "+5m canary off",  # after an entry with no time: unknown, kept in its place
        "~14:05 status page updated",
        "2026-03-02 13:58 config pushed",
        "14:30 paged again",
        "+5m @ole: escalated",
    ]
    for line in lines:
        _type(qtbot, timeline, line)
    assert _stored(library, timeline) == [
        ("13:58", "", "config pushed"),
        ("14:02", "", "alert fired"),
        ("", "", "someone asked about the canary"),
        ("", "", "canary off"),
        ("14:05", "", "status page updated"),
        ("14:10", "", "rollback started"),
        ("14:30", "", "paged again"),
        ("14:35", "Ole", "escalated"),
    ]
    approximate = [e.approximate for e in library.sessions.get(timeline.editor.session_id).timeline]
    assert approximate == [False, False, False, False, True, False, False, False]


def test_a_night_that_crosses_midnight(timeline: TimelineView, library: Library, qtbot: QtBot) -> None:
    _type(qtbot, timeline, "23:50 disk alert")
    _type(qtbot, timeline, "00:10 disk full")
    days = [
        e.at.astimezone(CPH).day for e in library.sessions.get(timeline.editor.session_id).timeline if e.at
    ]
    assert days == [2, 3]


def test_kind_source_star_and_private_by_keys_before_enter(
    timeline: TimelineView, library: Library, qtbot: QtBot
) -> None:
    qtbot.keyClick(timeline.entry_line, Qt.Key.Key_D, CTRL_SHIFT)
    qtbot.keyClick(timeline.entry_line, Qt.Key.Key_R, CTRL)
    qtbot.keyClick(timeline.entry_line, Qt.Key.Key_S, CTRL_SHIFT)
    assert "Decision" in timeline.chips.text() and "★" in timeline.chips.text()
    _type(qtbot, timeline, "14:20 decided to fail over")
    qtbot.keyClick(timeline.entry_line, Qt.Key.Key_P, CTRL_SHIFT)
    _type(qtbot, timeline, "a private aside")
    first, second = library.sessions.get(timeline.editor.session_id).timeline
    assert (first.kind, first.source, first.starred, first.private) == ("decision", "firsthand", True, False)
    assert (second.kind, second.starred, second.private) == ("event", False, True)
    assert timeline.chips.text().startswith("Next: Event")


def test_ctrl_enter_sends_a_fix_idea_to_the_parking_lot(
    timeline: TimelineView, library: Library, qtbot: QtBot
) -> None:
    qtbot.keyClicks(timeline.entry_line, "we could add a canary stage")
    qtbot.keyClick(timeline.entry_line, Qt.Key.Key_Return, CTRL)
    stored = library.sessions.get(timeline.editor.session_id)
    assert [p.text for p in stored.parking_lot] == ["we could add a canary stage"]
    assert stored.timeline == []
    assert timeline.parking.rowCount() == 1


def test_undo_takes_back_the_last_entry_and_redo_brings_it_back(
    window: MainWindow, timeline: TimelineView, library: Library, qtbot: QtBot
) -> None:
    _type(qtbot, timeline, "14:02 alert fired")
    _type(qtbot, timeline, "14:03 paged")
    qtbot.keyClick(timeline.entry_line, Qt.Key.Key_Z, CTRL)
    assert [t for _, _, t in _stored(library, timeline)] == ["alert fired"]
    assert timeline.model.rowCount() == 1
    qtbot.keyClick(timeline.entry_line, Qt.Key.Key_Z, CTRL_SHIFT)
    assert [t for _, _, t in _stored(library, timeline)] == ["alert fired", "paged"]


def test_undo_in_a_line_with_typing_undoes_the_typing_first(
    timeline: TimelineView, library: Library, qtbot: QtBot
) -> None:
    _type(qtbot, timeline, "14:02 alert fired")
    qtbot.keyClicks(timeline.entry_line, "half a thought")
    qtbot.keyClick(timeline.entry_line, Qt.Key.Key_Z, CTRL)
    assert timeline.entry_line.text() == ""
    assert len(_stored(library, timeline)) == 1


def test_editing_deleting_and_undoing_in_the_table(
    timeline: TimelineView, library: Library, qtbot: QtBot
) -> None:
    _type(qtbot, timeline, "14:02 alert fired")
    _type(qtbot, timeline, "14:05 rollback")
    editor = timeline.editor
    first = editor.session.timeline[0]
    editor.add_item("contributing_factors", ContributingFactor(text="no canary", links=[first.key]))
    timeline.model.setData(timeline.model.index(0, 3), "login alert fired")
    assert _stored(library, timeline)[0][2] == "login alert fired"
    timeline.table.setFocus()
    timeline.table.setCurrentIndex(timeline.model.index(0, 3))
    qtbot.keyClick(timeline.table, Qt.Key.Key_Delete)
    assert [t for _, _, t in _stored(library, timeline)] == ["rollback"]
    assert library.sessions.get(editor.session_id).contributing_factors[0].links == []
    editor.undo_stack.undo()
    restored = library.sessions.get(editor.session_id)
    assert [e.text for e in restored.timeline] == ["login alert fired", "rollback"]
    assert restored.contributing_factors[0].links == [first.key]
    editor.undo_stack.undo()
    assert _stored(library, timeline)[0][2] == "alert fired"


def test_an_edit_that_could_not_be_saved_leaves_the_cell_showing_what_is_saved(
    timeline: TimelineView, library: Library, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _type(qtbot, timeline, "14:02 alert fired")

    def full_disk(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(timeline.editor.repository, "update_item", full_disk)
    timeline.model.setData(timeline.model.index(0, 3), "login alert fired")
    assert _stored(library, timeline)[0][2] == "alert fired"
    assert timeline.model.entry(0).text == "alert fired"
    assert timeline.model.index(0, 3).data() == "alert fired"  # not words that are nowhere on disk


def test_text_typed_in_a_cell_is_saved_when_the_row_in_hand_changes_under_it(
    timeline: TimelineView, library: Library, qtbot: QtBot
) -> None:
    """Another row made current by the app itself (a picture dropped on it, say) while a cell is
    being edited: the typing is saved, not put back to what the cell held."""
    _type(qtbot, timeline, "14:02 alert fired")
    _type(qtbot, timeline, "14:05 rollback")
    table, cell = timeline.table, timeline.model.index(0, 3)
    table.setFocus()
    table.setCurrentIndex(cell)
    table.edit(cell)
    typing = QApplication.focusWidget()
    assert isinstance(typing, QLineEdit) and typing.text() == "alert fired"
    typing.selectAll()
    qtbot.keyClicks(typing, "login alert fired")
    table.setCurrentIndex(timeline.model.index(1, 3))
    qtbot.wait(1)
    assert _stored(library, timeline)[0][2] == "login alert fired"


def test_a_selected_entry_is_starred_retimed_and_moved(
    timeline: TimelineView, library: Library, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _type(qtbot, timeline, "14:02 alert fired")
    _type(qtbot, timeline, "14:10 rollback")
    timeline.table.setFocus()
    timeline.table.setCurrentIndex(timeline.model.index(0, 3))
    qtbot.keyClick(timeline.table, Qt.Key.Key_S, CTRL_SHIFT)
    assert library.sessions.get(timeline.editor.session_id).timeline[0].starred
    monkeypatch.setattr(TimeDialog, "ask", classmethod(lambda cls, parent, current: "14:20"))
    timeline.change_time()
    assert [t for _, _, t in _stored(library, timeline)] == ["rollback", "alert fired"]
    assert timeline.model.entry(1).text == "alert fired"


def test_links_and_a_pasted_graph_go_with_the_selected_entry(
    timeline: TimelineView, library: Library, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _type(qtbot, timeline, "14:02 latency climbed")
    timeline.table.setFocus()
    timeline.table.setCurrentIndex(timeline.model.index(0, 3))
    link = WebLink("https://grafana.example/d/api", "dashboard", "API latency")
    monkeypatch.setattr(LinkDialog, "ask", classmethod(lambda cls, parent: link))
    qtbot.keyClick(timeline.table, Qt.Key.Key_L, CTRL_SHIFT)
    graph = QImage(40, 20, QImage.Format.Format_RGB32)
    graph.fill(Qt.GlobalColor.darkCyan)
    QApplication.clipboard().setImage(graph)
    qtbot.keyClick(timeline.table, Qt.Key.Key_V, CTRL)
    entry = library.sessions.get(timeline.editor.session_id).timeline[0]
    assert entry.web_links == [link]
    assert entry.image is not None and QImage.fromData(entry.image.data).width() == 40
    assert "API latency" in timeline.details.text()


def test_asking_a_card_and_signalling_move_on_are_kept(
    window: MainWindow, timeline: TimelineView, library: Library, qtbot: QtBot
) -> None:
    qtbot.keyClick(timeline.entry_line, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(timeline.entry_line, Qt.Key.Key_F9)
    stored = library.sessions.get(timeline.editor.session_id)
    assert len(stored.asked_questions) == 1 and stored.asked_questions[0].phase == "timeline"
    assert stored.asked_questions[0].prompt_id
    assert window.session_view is not None
    assert window.session_view.prompts.current.text() == stored.asked_questions[0].text
    assert [m.phase for m in stored.move_on_signals] == ["timeline"]


def test_the_meeting_clock_runs_in_the_timeline_and_is_kept(
    window: MainWindow, timeline: TimelineView, library: Library, qtbot: QtBot
) -> None:
    assert window.session_view is not None
    timer = window.session_view.timer
    assert timer.clock.running
    assert "Timeline" in timer.countdown.text()
    qtbot.keyClick(timeline.entry_line, Qt.Key.Key_F8)
    qtbot.keyClick(timeline.entry_line, Qt.Key.Key_F7)
    assert not timer.clock.running
    session_id = timeline.editor.session_id
    window.library_action.trigger()  # closing the session keeps the clock
    assert library.sessions.get(session_id).timebox["extensions"]["timeline"] == 5


def test_a_hundred_thousand_characters_in_one_entry(
    timeline: TimelineView, library: Library, qtbot: QtBot
) -> None:
    text = "Ωμέγα & <b> 🚒 " * 7200
    timeline.entry_line.setText(text[:100_000])
    qtbot.keyClick(timeline.entry_line, Qt.Key.Key_Return)
    assert len(library.sessions.get(timeline.editor.session_id).timeline[0].text) == len(
        text[:100_000].strip()
    )


def test_private_notes_are_saved(
    window: MainWindow, timeline: TimelineView, library: Library, qtbot: QtBot
) -> None:
    assert window.session_view is not None
    notes = window.session_view.notes
    qtbot.keyClick(timeline.entry_line, Qt.Key.Key_N, CTRL_SHIFT)
    assert notes.hasFocus()
    qtbot.keyClicks(notes, "check in with Ole afterwards")
    session_id = timeline.editor.session_id
    window.library_action.trigger()
    assert library.sessions.get(session_id).private_notes == "check in with Ole afterwards"


def test_a_click_on_the_kind_source_or_star_cell_changes_it(
    timeline: TimelineView, library: Library, qtbot: QtBot
) -> None:
    from ui.timeline_model import KIND_COLUMN, SOURCE_COLUMN, STAR_COLUMN

    _type(qtbot, timeline, "14:02 alert fired")
    for column in (KIND_COLUMN, SOURCE_COLUMN, STAR_COLUMN):
        rect = timeline.table.visualRect(timeline.model.index(0, column))
        qtbot.mouseClick(timeline.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    entry = library.sessions.get(timeline.editor.session_id).timeline[0]
    assert (entry.kind, entry.source, entry.starred) == ("decision", "firsthand", True)


def test_the_meeting_plan_is_edited_for_this_session(
    window: MainWindow, timeline: TimelineView, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitation.phases import Phase
    from ui.plan_dialog import PlanDialog

    assert window.session_view is not None
    timer = window.session_view.timer
    monkeypatch.setattr(
        PlanDialog, "ask", classmethod(lambda cls, parent, plan: {**plan, Phase.TIMELINE: 45})
    )
    timer.edit_plan()
    assert timer.clock.planned(Phase.TIMELINE) == 45 * 60
    session_id = timeline.editor.session_id
    window.library_action.trigger()
    assert library.sessions.get(session_id).timebox["plan"]["timeline"] == 45


def test_the_plan_dialog_adds_up_and_restores_the_default(qtbot: QtBot) -> None:
    from facilitation.phases import Phase
    from facilitation.timebox import DEFAULT_PLAN
    from ui.plan_dialog import PlanDialog

    dialog = PlanDialog(None, {phase: 1 for phase in Phase})
    qtbot.addWidget(dialog)
    assert dialog.total.text() == "In all: 10 minutes"
    dialog._restore_defaults()
    assert dialog.plan() == {phase: DEFAULT_PLAN.get(phase, 0) for phase in Phase}
    assert dialog.total.text() == "In all: 60 minutes"


class _Failing:
    """Makes the repository's next writes fail, as a full disk would."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, repository: object, name: str) -> None:
        self.calls = 0

        def refuse(*args: object, **kwargs: object) -> None:
            self.calls += 1
            raise OSError("The disk is full.")

        monkeypatch.setattr(repository, name, refuse)


def test_an_undo_that_cannot_be_written_leaves_the_stack_where_it_was(
    timeline: TimelineView, library: Library, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _type(qtbot, timeline, "14:02 alert fired")
    _type(qtbot, timeline, "14:05 rollback")
    stack = timeline.editor.undo_stack
    with monkeypatch.context() as patch:
        _Failing(patch, timeline.editor.repository, "delete_item")
        stack.undo()
        qtbot.wait(20)
    assert stack.index() == 2  # the stack still says both entries are there, as the disk does
    assert [t for _, _, t in _stored(library, timeline)] == ["alert fired", "rollback"]
    stack.undo()
    assert [t for _, _, t in _stored(library, timeline)] == ["alert fired"]


def test_undoing_a_new_time_puts_the_entry_back_where_it_stood(
    timeline: TimelineView, library: Library, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _type(qtbot, timeline, "14:02 alert fired")
    _type(qtbot, timeline, "an untimed remark")
    _type(qtbot, timeline, "14:10 rollback")
    timeline.table.setCurrentIndex(timeline.model.index(1, 3))
    monkeypatch.setattr(TimeDialog, "ask", classmethod(lambda cls, parent, current: "14:20"))
    timeline.change_time()
    assert [t for _, _, t in _stored(library, timeline)] == ["alert fired", "rollback", "an untimed remark"]
    timeline.editor.undo_stack.undo()
    assert [t for _, _, t in _stored(library, timeline)] == ["alert fired", "an untimed remark", "rollback"]
    assert [timeline.model.entry(r).text for r in range(3)] == [
        "alert fired",
        "an untimed remark",
        "rollback",
    ]


def test_the_change_time_dialog_accepts_what_it_shows(
    timeline: TimelineView, library: Library, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _type(qtbot, timeline, "~14:02 alert fired")
    timeline.table.setCurrentIndex(timeline.model.index(0, 3))
    shown: list[str] = []
    monkeypatch.setattr(
        TimeDialog, "ask", classmethod(lambda cls, parent, current: shown.append(current) or current)
    )
    timeline.change_time()
    assert shown == ["~2026-03-02 14:02"]
    assert not timeline.problem.isVisible()
    assert library.sessions.get(timeline.editor.session_id).timeline[0].approximate


def test_a_line_typed_but_not_entered_is_kept_when_the_session_closes(
    window: MainWindow, timeline: TimelineView, library: Library, qtbot: QtBot
) -> None:
    session_id = timeline.editor.session_id
    qtbot.keyClicks(timeline.entry_line, "14:40 the last thing said")
    window.library_action.trigger()
    assert [e.text for e in library.sessions.get(session_id).timeline] == ["the last thing said"]


def test_enter_with_the_name_list_open_picks_a_name_and_adds_nothing(
    timeline: TimelineView, library: Library, qtbot: QtBot
) -> None:
    qtbot.keyClicks(timeline.entry_line, "14:02 @An")
    assert timeline.entry_line.completing()
    timeline.capture()
    assert _stored(library, timeline) == []


def test_a_bare_time_after_an_untimed_entry_keeps_the_incident_day(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    session = Session(title="No start yet", time_zone="UTC", current_phase="timeline")
    window.open_session(library.sessions.create(session))
    assert window.session_view is not None
    view = window.session_view.timeline
    _type(qtbot, view, "2026-03-02 14:00 alert fired")
    _type(qtbot, view, "someone remembered the canary")
    _type(qtbot, view, "14:30 paged")
    days = {e.at.date().isoformat() for e in library.sessions.get(view.editor.session_id).timeline if e.at}
    assert days == {"2026-03-02"}


def test_participant_changes_are_undone_like_any_other(
    window: MainWindow, timeline: TimelineView, library: Library
) -> None:
    editor = timeline.editor
    editor.set_participants([Participant("Ana Lopez", "on call")])
    assert [p.name for p in library.sessions.get(editor.session_id).participants] == ["Ana Lopez"]
    editor.undo_stack.undo()
    assert [p.name for p in library.sessions.get(editor.session_id).participants] == ["Ana Lopez", "Ole"]
    assert window.session_view is not None
    assert window.session_view.prepare.participants.rowCount() == 2
