"""The language coach in the window: the question box's reframe, underlines, notes settled with Alt+Enter."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from facilitation.coach import Coach, Note, apply_note, default_coach
from facilitation.model import (
    Action,
    ContributingFactor,
    KeyLearning,
    ParkingLotItem,
    Session,
    TimelineEntry,
    WentWrong,
)
from facilitation.phases import Phase
from storage.library import Library
from ui.actions_view import ActionsModel
from ui.factors_view import FactorsModel
from ui.item_list_model import ItemListModel
from ui.language_notes import (
    NOTE_SPANS_ROLE,
    ItemNotes,
    LanguageNotesDialog,
    NotesTarget,
    qt_spans,
    utf16_len,
)
from ui.list_phase_view import ListPhaseView
from ui.main_window import MainWindow
from ui.session_view import SessionView
from ui.timeline_model import WHAT_COLUMN, TimelineModel

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
CPH = ZoneInfo("Europe/Copenhagen")
QUESTION = "Why did you restart the database?"
COUNTERFACTUAL = "We should have rolled back sooner."
COACH = default_coach()


def _open(window: MainWindow, library: Library, session: Session) -> SessionView:
    window.open_session(library.sessions.create(session))
    assert window.session_view is not None
    return window.session_view


def _list_view(view: SessionView, phase: Phase) -> ListPhaseView:
    found = view.views[phase]
    assert isinstance(found, ListPhaseView)
    return found


def _stored(library: Library, view: SessionView) -> Session:
    return library.sessions.get(view.editor.session_id)


def _in_utf16(text: str, span: tuple[int, int]) -> str:
    """The part of ``text`` a Qt span covers: Qt counts UTF-16 units."""
    data = text.encode("utf-16-le")
    return data[2 * span[0] : 2 * span[1]].decode("utf-16-le")


def _flat(text: str) -> str:
    """Text with its line breaks taken out (tooltips are wrapped to a readable width)."""
    return " ".join(text.split())


Settle = Callable[[NotesTarget], int]


def _answer_with(monkeypatch: pytest.MonkeyPatch, settle: Settle) -> list[NotesTarget]:
    """The language notes dialog replaced: it settles notes as ``settle`` says, and remembers its targets."""
    asked: list[NotesTarget] = []

    def ask(cls: type[LanguageNotesDialog], parent: object, target: NotesTarget) -> int:
        asked.append(target)
        return settle(target)

    monkeypatch.setattr(LanguageNotesDialog, "ask", classmethod(ask))
    return asked


def _use_first(target: NotesTarget) -> int:
    return int(target.use(target.notes()[0]))


def _keep_first(target: NotesTarget) -> int:
    return int(target.keep(target.notes()[0]))


# -- the question box ------------------------------------------------------------------------------


def test_the_question_box_offers_a_reframe_alt_enter_takes_it_and_enter_asks_it(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    view = _open(window, library, Session(title="Checkout outage", current_phase="timeline"))
    panel, box = view.prompts, view.prompts.own_question
    qtbot.keyClick(box, Qt.Key.Key_Q, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert box.hasFocus()
    assert not panel.reframe_panel.isVisible()
    qtbot.keyClicks(box, QUESTION)
    qtbot.waitUntil(panel.reframe_panel.isVisible)
    reframe = COACH.reframe(QUESTION)
    assert reframe is not None and COACH.check(reframe) == []
    assert panel.reframe_text.text() == f"“{reframe}”"
    assert panel.reframe_why.accessibleDescription() == COACH.check(QUESTION)[0].message
    assert box.underlined and _in_utf16(QUESTION, box.underlined[0]).lower().startswith("why")

    qtbot.keyClick(box, Qt.Key.Key_Return, ALT)
    assert box.text() == reframe
    qtbot.waitUntil(lambda: not panel.reframe_panel.isVisible())
    assert not box.underlined
    assert _stored(library, view).asked_questions == []  # taking the wording asks nothing yet

    with qtbot.waitSignal(view.editor.question_changed):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert [q.text for q in _stored(library, view).asked_questions] == [reframe]
    assert panel.current.text() == reframe
    assert box.text() == ""


def test_the_facilitator_may_ask_their_own_wording_and_undo_a_taken_reframe(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    view = _open(window, library, Session(title="Checkout outage", current_phase="timeline"))
    box = view.prompts.own_question
    box.setFocus()
    qtbot.keyClicks(box, QUESTION)
    qtbot.keyClick(box, Qt.Key.Key_Return, ALT)  # before the pause: checked at once
    assert box.text() == COACH.reframe(QUESTION)
    qtbot.keyClick(box, Qt.Key.Key_Z, CTRL)  # the box's own undo gives the typed words back
    assert box.text() == QUESTION
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert [q.text for q in _stored(library, view).asked_questions] == [QUESTION]


def test_a_question_that_reads_well_shows_no_panel(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    view = _open(window, library, Session(title="Checkout outage", current_phase="timeline"))
    box = view.prompts.own_question
    box.setFocus()
    qtbot.keyClicks(box, "What were you seeing when you decided to fail over?")
    with qtbot.waitSignal(view.prompts.own_notes.checked):  # type: ignore[union-attr]
        pass
    assert not view.prompts.reframe_panel.isVisible()
    qtbot.keyClick(box, Qt.Key.Key_Return, ALT)
    assert window.statusBar().currentMessage() == "The question reads well as it is."


# -- items in the lists ------------------------------------------------------------------------------


def test_an_item_shows_its_note_as_an_underline_and_in_its_tooltip(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    view = _open(
        window,
        library,
        Session(title="Rollback", current_phase="went_wrong", went_wrong=[WentWrong(text=COUNTERFACTUAL)]),
    )
    went_wrong = _list_view(view, Phase.WENT_WRONG)
    index = went_wrong.model.index(0)
    (note,) = COACH.check(COUNTERFACTUAL)
    spans = index.data(NOTE_SPANS_ROLE)
    assert [_in_utf16(index.data(), span) for span in spans] == [note.wording]
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert _flat(note.message) in _flat(tooltip)
    assert note.suggestion is not None and _flat(f"Try: {note.suggestion}") in _flat(tooltip)
    assert note.message in index.data(Qt.ItemDataRole.AccessibleDescriptionRole)  # for a screen reader
    went_wrong.list.grab()  # the delegate paints the underline without trouble
    plain = went_wrong.model.index(0)
    view.editor.edit_item("went_wrong", went_wrong.model.item(0).key, text="The rollback took 40 minutes.")
    assert plain.data(NOTE_SPANS_ROLE) is None
    assert "Try:" not in plain.data(Qt.ItemDataRole.ToolTipRole)


def test_alt_enter_uses_the_suggested_wording_saved_and_undone_with_ctrl_z(
    window: MainWindow, library: Library, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _answer_with(monkeypatch, _use_first)
    view = _open(
        window,
        library,
        Session(title="Rollback", current_phase="went_wrong", went_wrong=[WentWrong(text=COUNTERFACTUAL)]),
    )
    went_wrong = _list_view(view, Phase.WENT_WRONG)
    qtbot.keyClick(went_wrong.entry_line, Qt.Key.Key_Down, CTRL)
    went_wrong.list.setCurrentIndex(went_wrong.model.index(0))
    qtbot.keyClick(went_wrong.list, Qt.Key.Key_Return, ALT)
    assert [target.what for target in asked] == ["this went-wrong item"]
    rewritten = apply_note(COUNTERFACTUAL, COACH.check(COUNTERFACTUAL)[0])
    assert [w.text for w in _stored(library, view).went_wrong] == [rewritten]
    assert went_wrong.model.index(0).data(NOTE_SPANS_ROLE) is None
    assert window.statusBar().currentMessage() == "Saved. Ctrl+Z takes it back."

    qtbot.keyClick(went_wrong.list, Qt.Key.Key_Z, CTRL)
    assert [w.text for w in _stored(library, view).went_wrong] == [COUNTERFACTUAL]
    assert went_wrong.model.index(0).data(NOTE_SPANS_ROLE)


def test_keep_as_written_is_saved_undoable_and_still_kept_after_reopening(
    window: MainWindow, library: Library, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answer_with(monkeypatch, _keep_first)
    learning = "Obviously the queue was the bottleneck; the cache only hid it."
    view = _open(
        window,
        library,
        Session(title="Queue", current_phase="key_learnings", key_learnings=[KeyLearning(text=learning)]),
    )
    learnings = _list_view(view, Phase.KEY_LEARNINGS)
    (note, *_) = COACH.check(learning, learnings=True)
    learnings.list.setFocus()
    learnings.list.setCurrentIndex(learnings.model.index(0))
    qtbot.keyClick(learnings.list, Qt.Key.Key_Return, ALT)
    stored = _stored(library, view).key_learnings[0]
    assert stored.text == learning
    assert stored.dismissed_notes == [note.key]
    assert note.key not in {n.key for n in COACH.open_notes(learning, stored.dismissed_notes, learnings=True)}

    qtbot.keyClick(learnings.list, Qt.Key.Key_Z, CTRL)
    assert _stored(library, view).key_learnings[0].dismissed_notes == []
    qtbot.keyClick(learnings.list, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert _stored(library, view).key_learnings[0].dismissed_notes == [note.key]

    session_id = view.editor.session_id
    window.show_library()
    window.open_session(session_id)
    assert window.session_view is not None
    reopened = _list_view(window.session_view, Phase.KEY_LEARNINGS)
    spans = reopened.model.index(0).data(NOTE_SPANS_ROLE) or []
    assert note.wording not in [_in_utf16(reopened.model.index(0).data(), span) for span in spans]


def test_alt_enter_where_nothing_is_noted_says_so_instead_of_opening_a_dialog(
    window: MainWindow, library: Library, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _answer_with(monkeypatch, _use_first)
    view = _open(window, library, Session(title="Failover", current_phase="went_right"))
    went_right = _list_view(view, Phase.WENT_RIGHT)
    qtbot.keyClicks(went_right.entry_line, "The failover failed over within a minute.")
    qtbot.keyClick(went_right.entry_line, Qt.Key.Key_Return, ALT)
    assert asked == []
    assert (
        window.statusBar().currentMessage()
        == "No language notes on the line being typed: the wording reads well."
    )


# -- lines being typed and the session's own fields ---------------------------------------------------


def test_an_entry_line_underlines_as_typed_and_a_kept_note_goes_with_the_new_item(
    window: MainWindow, library: Library, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answer_with(monkeypatch, _keep_first)
    view = _open(window, library, Session(title="Rollback", current_phase="went_wrong"))
    line = _list_view(view, Phase.WENT_WRONG).entry_line
    qtbot.keyClicks(line, COUNTERFACTUAL)
    (note,) = COACH.check(COUNTERFACTUAL)
    qtbot.waitUntil(lambda: bool(line.underlined))
    assert [_in_utf16(line.text(), span) for span in line.underlined] == [note.wording]
    assert _flat(note.message) in _flat(line.toolTip())
    qtbot.keyClick(line, Qt.Key.Key_Return, ALT)
    assert not line.underlined
    qtbot.keyClick(line, Qt.Key.Key_Return)
    (stored,) = _stored(library, view).went_wrong
    assert (stored.text, stored.dismissed_notes) == (COUNTERFACTUAL, [note.key])
    assert line.text() == "" and line.toolTip() == ""


def test_a_timeline_line_is_read_past_its_time_and_actor(
    window: MainWindow, library: Library, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answer_with(monkeypatch, _use_first)
    view = _open(
        window, library, Session(title="Rollback", current_phase="timeline", time_zone="Europe/Copenhagen")
    )
    line = view.timeline.entry_line
    typed = "14:32 @Ana: " + COUNTERFACTUAL
    qtbot.keyClicks(line, typed)
    qtbot.waitUntil(lambda: bool(line.underlined))
    assert [_in_utf16(typed, span) for span in line.underlined] == ["should have rolled"]
    qtbot.keyClick(line, Qt.Key.Key_Return, ALT)
    assert line.text() == "14:32 @Ana: " + apply_note(COUNTERFACTUAL, COACH.check(COUNTERFACTUAL)[0])
    qtbot.keyClick(line, Qt.Key.Key_Return)
    (entry,) = _stored(library, view).timeline
    assert entry.actor == "Ana" and entry.at is not None
    assert entry.text == apply_note(COUNTERFACTUAL, COACH.check(COUNTERFACTUAL)[0])


def test_the_summary_is_underlined_and_its_note_settled_through_the_editor(
    window: MainWindow, library: Library, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = "Checkout failed for 40 minutes.\nSomeone simply pushed the wrong config 😀."
    _answer_with(monkeypatch, _use_first)
    view = _open(window, library, Session(title="Checkout", summary=summary))
    field = view.prepare.summary
    highlighter = view.prepare.summary_notes
    assert highlighter is not None
    (note,) = COACH.check(summary)
    second = field.document().findBlockByNumber(1)
    ranges = second.layout().formats()
    assert [_in_utf16(second.text(), (r.start, r.start + r.length)) for r in ranges] == [note.wording]
    assert _flat(note.message) in _flat(field.toolTip())

    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Return, ALT)
    rewritten = apply_note(summary, note)
    assert _stored(library, view).summary == rewritten
    assert field.toPlainText() == rewritten
    qtbot.waitUntil(lambda: not highlighter.notes and highlighter.checked_text == rewritten)
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)  # the field has no typing of its own to undo
    assert _stored(library, view).summary == summary
    assert field.toPlainText() == summary


def test_a_title_kept_as_written_is_saved_with_the_session(
    window: MainWindow, library: Library, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    title = "Deploy was just a config change"
    _answer_with(monkeypatch, _keep_first)
    view = _open(window, library, Session(title=title))
    field = view.prepare.title
    (note,) = COACH.check(title)
    assert [_in_utf16(title, span) for span in field.underlined] == [note.wording]
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Return, ALT)
    assert _stored(library, view).dismissed_notes == {"title": [note.key]}
    assert field.underlined == [] and field.text() == title
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)
    assert _stored(library, view).dismissed_notes.get("title", []) == []
    assert [_in_utf16(title, span) for span in field.underlined] == [note.wording]


class _Wording:
    """A piece of wording held in memory, settled as the editor would settle an item's."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.kept: list[str] = []

    def target(self) -> NotesTarget:
        return NotesTarget("this item", lambda: self.text, self.notes, self.use, self.keep)

    def notes(self) -> list[Note]:
        return COACH.open_notes(self.text, self.kept)

    def use(self, note: Note) -> bool:
        self.text = apply_note(self.text, note)
        return True

    def keep(self, note: Note) -> bool:
        self.kept.append(note.key)
        return True


def test_the_dialog_lists_each_note_and_settles_it_by_its_buttons(qtbot: QtBot) -> None:
    text = COUNTERFACTUAL + " It was obviously the cache."
    first, second = COACH.check(text)
    wording = _Wording(text)
    dialog = LanguageNotesDialog(wording.target())
    qtbot.addWidget(dialog)
    assert len(dialog.use_buttons) == 2
    assert dialog.use_buttons[0].accessibleName() == f"Use this wording: {first.suggestion}"
    assert dialog.keep_buttons[1].accessibleName() == f"Keep “{second.wording}” as written"
    qtbot.mouseClick(dialog.keep_buttons[1], Qt.MouseButton.LeftButton)
    assert wording.kept == [second.key]
    qtbot.waitUntil(lambda: len(dialog.use_buttons) == 1)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.use_buttons[0], Qt.MouseButton.LeftButton)
    assert wording.text == apply_note(text, first)
    assert dialog.settled == 2


def test_enter_on_the_last_note_closes_the_dialog_without_pulling_the_button_from_under_itself(
    qtbot: QtBot,
) -> None:
    wording = _Wording("It was obviously the cache.")
    dialog = LanguageNotesDialog(wording.target())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.use_buttons[0], Qt.Key.Key_Return)
    qtbot.wait(50)  # the cards go on the next turn of the event loop; nothing may be left pointing at them
    assert wording.text == "It was the cache."


# -- offsets beyond the BMP ----------------------------------------------------------------------------


def test_spans_map_to_qt_offsets_past_emoji(qtbot: QtBot) -> None:
    text = "🔥😀 We should have rolled back sooner."
    item = WentWrong(key="w1", text=text, private=True)
    model = ItemListModel([item], notes=ItemNotes(COACH))
    index = model.index(0)
    shown = index.data()
    assert shown.startswith("🔒 ")
    (span,) = index.data(NOTE_SPANS_ROLE)
    assert _in_utf16(shown, span) == "should have rolled"
    assert span[0] == utf16_len("🔒 🔥😀 We ") == len("🔒 🔥😀 We ") + 3


def test_the_timeline_and_table_models_mark_only_the_words_they_show(qtmodeltester: ModelTester) -> None:
    notes = ItemNotes(COACH)
    timeline = TimelineModel("Europe/Copenhagen", notes)
    timeline.set_rows(
        [
            TimelineEntry(
                key="t1", text="  😀 " + COUNTERFACTUAL, at=datetime(2026, 3, 2, 14, 5, tzinfo=CPH)
            ),
            TimelineEntry(key="t2", text="First line\n" + COUNTERFACTUAL),
        ]
    )
    qtmodeltester.check(timeline)
    shown = timeline.index(0, WHAT_COLUMN).data()
    assert [_in_utf16(shown, span) for span in timeline.note_spans(0) or []] == ["should have rolled"]
    assert timeline.note_spans(1) == []  # the note is on a line not shown
    assert "Try:" in (timeline.tooltip(timeline.index(1, WHAT_COLUMN)) or "")
    assert timeline.index(0, WHAT_COLUMN).data(Qt.ItemDataRole.AccessibleDescriptionRole) is None
    timeline.describe(0)  # the row in hand tells a screen reader its notes
    described = timeline.index(0, WHAT_COLUMN).data(Qt.ItemDataRole.AccessibleDescriptionRole)
    assert "should have rolled" in described
    timeline.describe(1)
    assert timeline.index(0, WHAT_COLUMN).data(Qt.ItemDataRole.AccessibleDescriptionRole) is None

    factors = FactorsModel([ContributingFactor(key="f1", text="\n  " + COUNTERFACTUAL, private=True)], notes)
    qtmodeltester.check(factors)
    cell = factors.index(0, 0)
    assert [_in_utf16(cell.data(), span) for span in cell.data(NOTE_SPANS_ROLE)] == ["should have rolled"]

    actions = ActionsModel([Action(key="a1", text="Just add a canary stage")], lambda keys: "", notes)
    qtmodeltester.check(actions)
    spans = actions.index(0, 0).data(NOTE_SPANS_ROLE) or []
    assert all(actions.index(0, 0).data()[slice(*span)] for span in spans)
    assert actions.index(0, 1).data(NOTE_SPANS_ROLE) is None

    ideas = ItemListModel([ParkingLotItem(key="p1", text=COUNTERFACTUAL)], notes=notes)
    qtmodeltester.check(ideas)


# -- review -------------------------------------------------------------------------------------------


def test_review_lists_unresolved_notes_and_going_to_one_selects_the_item(
    window: MainWindow, library: Library, qtbot: QtBot
) -> None:
    session = Session(
        title="Rollback",
        current_phase="review",
        went_wrong=[WentWrong(text="The runbook named a retired host"), WentWrong(text=COUNTERFACTUAL)],
    )
    view = _open(window, library, session)
    review = view.review
    keys = [review.list.item(row).data(Qt.ItemDataRole.UserRole + 1) for row in range(review.list.count())]
    noted = _stored(library, view).went_wrong[1].key
    assert noted in keys
    review.list.setFocus()
    review.list.setCurrentRow(keys.index(noted))
    qtbot.keyClick(review.list, Qt.Key.Key_Return)
    assert view.current_phase is Phase.WENT_WRONG
    went_wrong = _list_view(view, Phase.WENT_WRONG)
    assert went_wrong.list.hasFocus()
    assert went_wrong.list.currentIndex().row() == 1


def test_views_without_a_coach_show_no_notes(qtbot: QtBot) -> None:
    model = ItemListModel([WentWrong(key="w1", text=COUNTERFACTUAL)])
    assert model.index(0).data(NOTE_SPANS_ROLE) is None
    assert model.index(0).data(Qt.ItemDataRole.ToolTipRole) == COUNTERFACTUAL
    assert QModelIndex().data(NOTE_SPANS_ROLE) is None


def test_the_coach_passed_to_the_window_is_the_one_used(library: Library, qtbot: QtBot) -> None:
    made: list[Coach] = []

    def coach() -> Coach:
        made.append(default_coach(["BFG"]))
        return made[-1]

    win = MainWindow(library.sessions, library.settings, "test library", coach=coach)
    qtbot.addWidget(win)
    win.open_session(library.sessions.create(Session(title="One")))
    win.open_session(library.sessions.create(Session(title="Two")))
    assert len(made) == 1  # built once, when a debrief is first opened
    assert win.session_view is not None and win.session_view.prompts.coach is made[0]


@given(
    text=st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40),
    data=st.data(),
)
def test_a_span_covers_the_same_characters_in_qts_offsets(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    note = Note(start, end, "minimising", "Why.", None, 0, len(text), text[start:end])
    prefix = data.draw(st.sampled_from(["", "🔒 ", "↻ "]))
    spans = qt_spans(text, [note], prefix=prefix)
    assert [_in_utf16(prefix + text, span) for span in spans] == ([text[start:end]] if start < end else [])


def test_many_notes_past_emoji_are_measured_in_order_and_overlaps_too() -> None:
    text = "🔥 It was obviously just a typo. 🔥 We should have rolled back. 🔥 Obviously."
    notes = COACH.check(text)
    assert len(notes) >= 4
    spans = qt_spans(text, list(reversed(notes)))
    as_utf16 = text.encode("utf-16-le")
    by_start = sorted(notes, key=lambda n: n.start)
    for (first, last), note in zip(spans, by_start, strict=True):
        assert as_utf16[2 * first : 2 * last].decode("utf-16-le") == note.wording
    overlapping = [by_start[0], by_start[0]]
    assert qt_spans(text, overlapping) == [spans[0], spans[0]]
