"""The Prepare phase: every edit saved as it is made, times in the session's zone, long text whole."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from facilitation.model import Participant, Session
from storage.library import Library
from ui.main_window import MainWindow
from ui.participants_model import ParticipantsModel
from ui.session_editor import SAVE_DELAY_MS

_CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _open_new(window: MainWindow, library: Library, **fields: object) -> int:
    session_id = library.sessions.create(Session(title="Untitled debrief", **fields))  # type: ignore[arg-type]
    window.open_session(session_id)
    return session_id


def test_typed_fields_reach_disk_on_enter(window: MainWindow, library: Library, qtbot: QtBot) -> None:
    session_id = _open_new(window, library)
    prepare = window.session_view.prepare  # type: ignore[union-attr]
    qtbot.keyClicks(prepare.reference, "#1421")
    qtbot.keyClick(prepare.reference, Qt.Key.Key_Return)
    assert library.sessions.get(session_id).reference == "#1421"
    prepare.title.selectAll()
    # QTest types Latin-1 only; the rest of the title arrives as a paste would.
    qtbot.keyClicks(prepare.title, "Auth outage ")
    prepare.title.insert("— Ελληνικά, кириллица & <b>")
    qtbot.keyClick(prepare.title, Qt.Key.Key_Return)
    assert library.sessions.get(session_id).title == "Auth outage — Ελληνικά, кириллица & <b>"
    assert window.windowTitle() == "Takeaways — #1421 Auth outage — Ελληνικά, кириллица & <b>"
    assert window.save_state.text().startswith("All changes saved")


def test_typing_is_saved_within_a_second_without_enter(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    session_id = _open_new(window, library)
    prepare = window.session_view.prepare  # type: ignore[union-attr]
    qtbot.keyClicks(prepare.summary, "Logins were refused for forty minutes.")
    assert SAVE_DELAY_MS < 1000
    qtbot.waitUntil(lambda: library.sessions.get(session_id).summary.endswith("minutes."), timeout=1000)


def test_times_are_read_in_the_sessions_zone(window: MainWindow, library: Library, qtbot: QtBot) -> None:
    session_id = _open_new(window, library, time_zone="Europe/Copenhagen")
    prepare = window.session_view.prepare  # type: ignore[union-attr]
    qtbot.keyClicks(prepare.times["started_at"], "2026-03-02 14:00")
    qtbot.keyClick(prepare.times["started_at"], Qt.Key.Key_Return)
    started = library.sessions.get(session_id).started_at
    assert started == datetime(2026, 3, 2, 14, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    assert library.sessions.summaries()[0].start_day == "2026-03-02"


def test_a_time_that_is_not_one_says_how_to_write_it(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    session_id = _open_new(window, library, time_zone="UTC")
    prepare = window.session_view.prepare  # type: ignore[union-attr]
    qtbot.keyClicks(prepare.times["detected_at"], "yesterday-ish")
    qtbot.keyClick(prepare.times["detected_at"], Qt.Key.Key_Return)
    assert not prepare.time_problems["detected_at"].isHidden()
    assert "2026-03-02 14:32" in prepare.time_problems["detected_at"].text()
    assert library.sessions.get(session_id).detected_at is None


def test_changing_the_zone_keeps_the_moment(window: MainWindow, library: Library, qtbot: QtBot) -> None:
    moment = datetime(2026, 3, 2, 14, 0, tzinfo=ZoneInfo("UTC"))
    session_id = _open_new(window, library, time_zone="UTC", started_at=moment)
    prepare = window.session_view.prepare  # type: ignore[union-attr]
    prepare.time_zone.setCurrentText("Asia/Tokyo")
    assert prepare.times["started_at"].text() == "2026-03-02 23:00"
    stored = library.sessions.get(session_id)
    assert stored.time_zone == "Asia/Tokyo"
    assert stored.started_at == moment


def test_participants_are_added_reordered_and_removed_by_keyboard(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    session_id = _open_new(window, library)
    prepare = window.session_view.prepare  # type: ignore[union-attr]
    for name, role in (("Ana", "facilitator"), ("Vasilis", "on call")):
        qtbot.keyClick(prepare.people_table, Qt.Key.Key_W, _CTRL_SHIFT)
        editor = QApplication.focusWidget()
        qtbot.keyClicks(editor, name)
        qtbot.keyClick(editor, Qt.Key.Key_Tab)
        qtbot.keyClicks(QApplication.focusWidget(), role)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        # The table commits a cell on Return through a queued call: let the loop run it.
        qtbot.waitUntil(lambda r=role: r in [p.role for p in prepare.participants.participants()])
    assert library.sessions.get(session_id).participants == [
        Participant("Ana", "facilitator"),
        Participant("Vasilis", "on call"),
    ]
    prepare.people_table.setCurrentIndex(prepare.participants.index(1, 0))
    qtbot.keyClick(prepare.people_table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [p.name for p in library.sessions.get(session_id).participants] == ["Vasilis", "Ana"]
    prepare.people_table.setCurrentIndex(prepare.participants.index(0, 0))
    qtbot.keyClick(prepare.people_table, Qt.Key.Key_Delete, _CTRL_SHIFT)
    assert [p.name for p in library.sessions.get(session_id).participants] == ["Ana"]
    assert prepare.people_names.stringList() == ["Ana"]


def test_a_participant_cell_still_being_edited_is_kept_on_leaving(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    session_id = _open_new(window, library)
    prepare = window.session_view.prepare  # type: ignore[union-attr]
    qtbot.keyClick(prepare.people_table, Qt.Key.Key_W, _CTRL_SHIFT)
    qtbot.keyClicks(QApplication.focusWidget(), "Ana")
    window.library_action.trigger()
    assert library.sessions.get(session_id).participants == [Participant("Ana", "")]


def test_a_whole_prepare_by_keyboard(window: MainWindow, library: Library, qtbot: QtBot) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    steps = [
        ("PM2026-008", "reference"),
        ("Checkout timeouts during peak", "title"),
        ("Card payments timed out.", "summary"),
    ]
    for text, _field in steps:
        focused = QApplication.focusWidget()
        if _field == "title":
            qtbot.keyClick(focused, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(focused, text)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    zone = QApplication.focusWidget()
    qtbot.keyClick(zone, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(zone, "Europe/Berlin")
    qtbot.keyClick(zone, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "2026-11-20 18:05")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    stored = library.sessions.get(window.editor.session_id)  # type: ignore[union-attr]
    assert (stored.reference, stored.title, stored.summary) == (
        "PM2026-008",
        "Checkout timeouts during peak",
        "Card payments timed out.",
    )
    assert stored.time_zone == "Europe/Berlin"
    assert stored.started_at is not None and stored.started_at.isoformat() == "2026-11-20T18:05:00+01:00"


def test_participants_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = ParticipantsModel()
    model.set_rows([Participant("Ana", "facilitator"), Participant("Ole", "")])
    qtmodeltester.check(model)


def test_a_hundred_thousand_pasted_characters_are_stored_whole(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    session_id = _open_new(window, library)
    prepare = window.session_view.prepare  # type: ignore[union-attr]
    text = ("Ünïcødé 🚒 <&> " * 8000)[:100_000]
    for field in (prepare.title, prepare.reference, prepare.facilitator):
        field.clear()
        field.setFocus()
        QApplication.clipboard().setText(text)
        qtbot.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    stored = library.sessions.get(session_id)
    assert stored.title == stored.reference == stored.facilitator == text
    assert len(stored.title) == 100_000


def test_closing_the_window_saves_what_is_waiting(window: MainWindow, library: Library, qtbot: QtBot) -> None:
    session_id = _open_new(window, library)
    prepare = window.session_view.prepare  # type: ignore[union-attr]
    qtbot.keyClicks(prepare.facilitator, "Ana")
    assert window.editor is not None and window.editor.has_pending
    window.close()
    assert library.sessions.get(session_id).facilitator == "Ana"


def test_session_opens_at_prepare_and_phase_moves_are_undoable(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    session_id = _open_new(window, library)
    view = window.session_view
    assert view is not None
    assert [p.label for p in view.phases][:3] == ["Prepare", "Ground rules", "Timeline"]
    assert view.current_phase.label == "Prepare"
    window.next_action.trigger()
    assert view.current_phase.label == "Ground rules"
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert view.current_phase.label == "Timeline"
    assert view.timeline.entry_line.hasFocus()
    assert library.sessions.get(session_id).current_phase == "timeline"
    qtbot.keyClick(view.timeline.entry_line, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.current_phase.label == "Ground rules"
    assert library.sessions.get(session_id).current_phase == "ground_rules"
    window.redo_action.trigger()
    assert view.current_phase.label == "Timeline"


def test_steady_typing_is_saved_without_waiting_for_a_pause(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    session_id = _open_new(window, library)
    prepare = window.session_view.prepare  # type: ignore[union-attr]
    for letter in "Ana Lopez":  # a key every 150 ms: never a pause as long as the save delay
        qtbot.keyClicks(prepare.facilitator, letter)
        qtbot.wait(150)
    assert library.sessions.get(session_id).facilitator.startswith("Ana Lop")


class _RefusingRepository:
    """Wraps a repository; its field writes are refused while ``refusing`` is true."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.refusing = True

    def update_fields(self, session_id: int, **changes: object) -> None:
        if self.refusing:
            raise RuntimeError("Another Takeaways window is saving to this library.")
        self.inner.update_fields(session_id, **changes)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)


def test_edits_that_cannot_be_written_keep_the_session_open_until_they_are(
    qtbot: QtBot, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.main_window import ConfirmCloseUnsaved

    repository = _RefusingRepository(library.sessions)
    window = MainWindow(repository, library.settings, "test")  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    session_id = _open_new(window, library)
    prepare = window.session_view.prepare  # type: ignore[union-attr]
    qtbot.keyClicks(prepare.facilitator, "Ana")
    qtbot.keyClick(prepare.facilitator, Qt.Key.Key_Return)
    assert "not on disk yet" in window.statusBar().currentMessage()
    monkeypatch.setattr(ConfirmCloseUnsaved, "ask", classmethod(lambda cls, parent: False))
    window.library_action.trigger()
    assert window.session_view is not None  # stayed open: the edit is still on screen
    repository.refusing = False
    window.library_action.trigger()
    assert window.session_view is None
    assert library.sessions.get(session_id).facilitator == "Ana"


def test_choosing_a_zone_keeps_times_given_with_an_offset(window: MainWindow, library: Library) -> None:
    moment = datetime(2026, 3, 2, 14, 0, tzinfo=timezone(timedelta(hours=1)))
    session_id = _open_new(window, library, time_zone="", started_at=moment)
    prepare = window.session_view.prepare  # type: ignore[union-attr]
    assert prepare.times["started_at"].text() == "2026-03-02 14:00"
    prepare.time_zone.setCurrentText("Europe/Copenhagen")
    assert prepare.times["started_at"].text() == "2026-03-02 14:00"
    assert library.sessions.get(session_id).started_at == moment


def test_a_participant_cell_keeps_a_hundred_thousand_characters(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    session_id = _open_new(window, library)
    prepare = window.session_view.prepare  # type: ignore[union-attr]
    qtbot.keyClick(prepare.people_table, Qt.Key.Key_W, _CTRL_SHIFT)
    QApplication.clipboard().setText("Ω" * 100_000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    window.library_action.trigger()
    assert library.sessions.get(session_id).participants[0].name == "Ω" * 100_000


def test_alt_down_in_the_zone_box_leaves_the_participants_alone(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    session_id = library.sessions.create(
        Session(title="x", participants=[Participant("Ana", ""), Participant("Ole", "")])
    )
    window.open_session(session_id)
    prepare = window.session_view.prepare  # type: ignore[union-attr]
    prepare.people_table.setCurrentIndex(prepare.participants.index(0, 0))
    prepare.time_zone.setFocus()
    qtbot.keyClick(prepare.time_zone, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [p.name for p in library.sessions.get(session_id).participants] == ["Ana", "Ole"]
