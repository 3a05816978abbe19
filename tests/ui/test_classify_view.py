"""The Classify phase driven as a facilitator does: pick a severity, type tags, and watch the times speak."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from facilitation.model import Session
from facilitation.settings import HolidayWindow, SeverityLevel
from storage.library import Library
from ui.classify_view import REGRESSION_CHOICES, ClassifyView
from ui.session_editor import SAVE_DELAY_MS, SessionEditor
from ui.severity_scale_dialog import SeverityScaleDialog

CPH = ZoneInfo("Europe/Copenhagen")
ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def _view(qtbot: QtBot, library: Library, **fields: object) -> ClassifyView:
    session = Session(title="Auth outage", time_zone="Europe/Copenhagen", **fields)  # type: ignore[arg-type]
    session_id = library.sessions.create(session)
    editor = SessionEditor(library.sessions, library.sessions.get(session_id))
    view = ClassifyView(editor, library.settings, library.sessions.known_tags)
    view.resize(1000, 800)
    _show(qtbot, view)
    view.focus_first()
    return view


def _show(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


@pytest.fixture
def classify(qtbot: QtBot, library: Library) -> ClassifyView:
    """A debrief started Monday 2 March 2026 14:00 in Copenhagen, detected at 14:20."""
    return _view(
        qtbot,
        library,
        started_at=datetime(2026, 3, 2, 14, 0, tzinfo=CPH),
        detected_at=datetime(2026, 3, 2, 14, 20, tzinfo=CPH),
    )


def _stored(library: Library, view: ClassifyView) -> Session:
    return library.sessions.get(view.editor.session_id)


def test_a_click_picks_the_severity_and_shows_what_it_means(
    classify: ClassifyView, library: Library, qtbot: QtBot
) -> None:
    assert [b.text() for b in classify.severity_buttons] == ["Sev-1", "Sev-2", "Sev-3", "Sev-4"]
    assert "None chosen yet" in classify.severity_note.text()
    assert classify.severity_buttons[1].toolTip().startswith("Major:")
    qtbot.mouseClick(classify.severity_buttons[1], Qt.MouseButton.LeftButton)
    assert _stored(library, classify).severity == "Sev-2"
    assert classify.severity_buttons[1].isChecked()
    assert classify.severity_note.text().startswith("Sev-2 — Major")
    qtbot.mouseClick(classify.severity_buttons[0], Qt.MouseButton.LeftButton)
    assert _stored(library, classify).severity == "Sev-1"
    assert [b.isChecked() for b in classify.severity_buttons] == [True, False, False, False]

    classify.editor.undo_stack.undo()
    assert _stored(library, classify).severity == "Sev-2"
    assert classify.severity_buttons[1].isChecked()
    classify.editor.undo_stack.undo()
    assert _stored(library, classify).severity == ""
    assert not any(b.isChecked() for b in classify.severity_buttons)
    assert "None chosen yet" in classify.severity_note.text()


def test_alt_shift_and_a_number_picks_a_level_and_alt_shift_0_clears(
    classify: ClassifyView, library: Library, qtbot: QtBot
) -> None:
    texts = [a.text() for a in classify.menu_actions if a.isVisible()]
    assert texts[:4] == ["Severity 1: Sev-1", "Severity 2: Sev-2", "Severity 3: Sev-3", "Severity 4: Sev-4"]
    assert all(
        a.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut for a in classify.menu_actions
    )
    assert {a.shortcut().toString() for a in classify.menu_actions}.isdisjoint(
        {f"Alt+{n}" for n in range(10)} | {f"Ctrl+{n}" for n in range(10)} | {"F5", "F6"}
    )
    focus = QApplication.focusWidget()
    assert focus is not None and classify.isAncestorOf(focus)
    qtbot.keyClick(focus, Qt.Key.Key_3, ALT_SHIFT)
    assert _stored(library, classify).severity == "Sev-3"
    qtbot.keyClick(focus, Qt.Key.Key_5, ALT_SHIFT)  # a four-level scale has no fifth key
    assert _stored(library, classify).severity == "Sev-3"
    qtbot.keyClick(focus, Qt.Key.Key_0, ALT_SHIFT)
    assert _stored(library, classify).severity == ""


def test_a_severity_not_on_the_scale_says_so(qtbot: QtBot, library: Library) -> None:
    view = _view(qtbot, library, severity="P1")
    assert "'P1' is not on the organisation's scale" in view.severity_note.text()
    assert not any(b.isChecked() for b in view.severity_buttons)


def test_editing_the_scale_keeps_it_in_the_library(
    classify: ClassifyView, library: Library, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[list[SeverityLevel]] = []
    new_scale = [SeverityLevel("P1", "Everyone drops everything"), SeverityLevel("P2", "Same day")]

    def ask(parent: object, scale: list[SeverityLevel]) -> list[SeverityLevel]:
        asked.append(scale)
        return new_scale

    monkeypatch.setattr(SeverityScaleDialog, "ask", ask)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_G, CTRL_SHIFT)
    assert [level.name for level in asked[0]] == ["Sev-1", "Sev-2", "Sev-3", "Sev-4"]
    assert library.settings.load().severity_scale == new_scale
    assert [b.text() for b in classify.severity_buttons] == ["P1", "P2"]
    assert [a.text() for a in classify.menu_actions if a.isVisible()][:2] == [
        "Severity 1: P1",
        "Severity 2: P2",
    ]
    classify.severity_buttons[0].setFocus()
    qtbot.keyClick(classify.severity_buttons[0], Qt.Key.Key_2, ALT_SHIFT)
    assert _stored(library, classify).severity == "P2"
    assert classify.severity_note.text() == "P2 — Same day"


def test_a_cancelled_scale_changes_nothing(
    classify: ClassifyView, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = library.settings.load().severity_scale
    monkeypatch.setattr(SeverityScaleDialog, "ask", lambda parent, scale: None)
    classify.edit_scale_button.click()
    assert library.settings.load().severity_scale == before
    assert len(classify.severity_buttons) == len(before)


def test_tags_complete_from_the_library_and_keep_their_spelling(qtbot: QtBot, library: Library) -> None:
    library.sessions.create(Session(title="Earlier", tags=["Database", "auth", "data loss"]))
    view = _view(qtbot, library)
    view.tags.setFocus()
    qtbot.keyClicks(view.tags, "Auth, dat")
    assert view.tags.completing()
    assert view.tags.suggestions.stringList() == ["Database", "data loss"]
    popup = view.tags.tag_completer.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert view.tags.text() == "Auth, Database, "
    assert _stored(library, view).tags == []  # Enter picked a tag; it kept nothing half-typed
    assert view.editor.undo_stack.count() == 0
    qtbot.keyClicks(view.tags, "AUTH, peak hours")
    qtbot.keyClick(view.tags, Qt.Key.Key_Return)
    assert _stored(library, view).tags == ["Auth", "Database", "peak hours"]
    assert view.tags.text() == "Auth, Database, peak hours"

    view.editor.undo_stack.undo()
    assert _stored(library, view).tags == []
    assert view.tags.text() == ""


def test_tags_are_kept_on_leaving_the_field(qtbot: QtBot, library: Library) -> None:
    view = _view(qtbot, library)
    view.tags.setFocus()
    qtbot.keyClicks(view.tags, "config, ")
    view.texts["system"].setFocus()
    assert _stored(library, view).tags == ["config"]


def test_system_trigger_and_third_party_are_saved_on_enter(
    classify: ClassifyView, library: Library, qtbot: QtBot
) -> None:
    for name, text in (
        ("system", "Auth Service"),
        ("trigger", "Configuration change"),
        ("third_party", "Okta"),
    ):
        edit = classify.texts[name]
        edit.setFocus()
        qtbot.keyClicks(edit, text)
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    stored = _stored(library, classify)
    assert (stored.system, stored.trigger, stored.metadata.third_party) == (
        "Auth Service",
        "Configuration change",
        "Okta",
    )
    assert classify.texts["trigger"].accessibleName() == "Trigger (what set it off)"
    labels = [w.text() for w in classify.findChildren(type(classify.severity_note))]
    assert not any("root cause" in text.lower() for text in labels)


def test_a_hundred_thousand_characters_in_the_system_field(
    classify: ClassifyView, library: Library, qtbot: QtBot
) -> None:
    long_text = "Ω" * 100_000
    classify.texts["system"].setFocus()
    classify.texts["system"].insert(long_text)
    qtbot.keyClick(classify.texts["system"], Qt.Key.Key_Return)
    assert _stored(library, classify).system == long_text


def test_customer_impact_is_saved_within_a_second(
    classify: ClassifyView, library: Library, qtbot: QtBot
) -> None:
    classify.customer_impact.setFocus()
    qtbot.keyClicks(classify.customer_impact, "Logins failed for 40 minutes.")
    assert SAVE_DELAY_MS < 1000
    qtbot.waitUntil(
        lambda: _stored(library, classify).metadata.customer_impact == "Logins failed for 40 minutes.",
        timeout=1000,
    )


def test_regression_is_unknown_yes_or_no_and_undoable(
    classify: ClassifyView, library: Library, qtbot: QtBot
) -> None:
    assert classify.regression.currentText() == "Not known yet"
    classify.regression.setFocus()
    qtbot.keyClick(classify.regression, Qt.Key.Key_Down)
    assert classify.regression.currentIndex() == 1
    assert _stored(library, classify).metadata.regression is True
    qtbot.keyClick(classify.regression, Qt.Key.Key_Down)
    assert _stored(library, classify).metadata.regression is False
    classify.editor.undo_stack.undo()
    assert _stored(library, classify).metadata.regression is True
    classify.editor.undo_stack.undo()
    assert _stored(library, classify).metadata.regression is None
    assert classify.regression.currentText() == REGRESSION_CHOICES[0][0]


def test_the_times_speak_and_follow_every_change(classify: ClassifyView) -> None:
    derived = classify.derived
    assert derived["hour"].text().startswith("14:00–14:59, when it was detected")
    assert derived["weekday"].text() == "Monday"
    assert derived["detect"].text() == "20 min"
    assert derived["mitigate"].text() == "—  needs the mitigation time"
    assert derived["holiday"].text().startswith("None")

    classify.editor.change("resolved_at", datetime(2026, 3, 2, 15, 5, tzinfo=CPH))
    assert derived["resolve"].text() == "1 h 05 min"
    classify.editor.change("mitigated_at", datetime(2026, 3, 2, 13, 0, tzinfo=CPH))
    assert "before the start" in derived["mitigate"].text()
    classify.editor.change("time_zone", "Asia/Tokyo")
    assert derived["hour"].text().startswith("22:00–22:59")
    classify.editor.change("detected_at", None)
    assert derived["hour"].text().startswith("22:00–22:59, when it was started")


def test_the_holiday_window_comes_from_the_organisations_calendar(qtbot: QtBot, library: Library) -> None:
    settings = library.settings.load()
    settings.holidays = [HolidayWindow("Winter freeze", date(2025, 12, 20), date(2026, 1, 4))]
    library.settings.save(settings)
    view = _view(qtbot, library, started_at=datetime(2025, 12, 31, 23, 30, tzinfo=CPH))
    assert view.derived["holiday"].text() == "Winter freeze"
    assert view.derived["weekday"].text() == "Wednesday"
    view.editor.change("started_at", None)
    assert view.derived["holiday"].text() == "—  needs the start time"


def test_the_first_field_is_the_chosen_severity(qtbot: QtBot, library: Library) -> None:
    view = _view(qtbot, library, severity="Sev-3")
    assert view.severity_buttons[2].hasFocus()
    qtbot.keyClick(view.severity_buttons[2], Qt.Key.Key_A, ALT)  # T&ags
    assert view.tags.hasFocus()


def _type_in_cell(qtbot: QtBot, dialog: SeverityScaleDialog, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    # The cell editor closes on the next turn of the event loop, as between two key presses.
    qtbot.waitUntil(lambda: dialog.table.hasFocus())


def test_the_scale_dialog_refuses_an_empty_scale_and_twin_names(qtbot: QtBot) -> None:
    dialog = SeverityScaleDialog(None, [SeverityLevel("Sev-1", "Critical"), SeverityLevel("Sev-2", "Major")])
    _show(qtbot, dialog)
    dialog.table.setFocus()
    dialog.table.setCurrentCell(0, 0)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete, CTRL_SHIFT)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete, CTRL_SHIFT)
    assert dialog.table.rowCount() == 0
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.scale() is None
    assert dialog.problem.text() == "A scale needs at least one level: every debrief picks one."

    qtbot.keyClick(dialog.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    _type_in_cell(qtbot, dialog, "Low")
    qtbot.keyClick(dialog.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    _type_in_cell(qtbot, dialog, "low")
    assert dialog.problem.isHidden()  # a new edit clears the old problem
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.scale() is None
    assert dialog.problem.text() == "'low' reads the same as 'Low': each level needs a name of its own."
    assert dialog.isVisible()


def test_the_scale_dialog_adds_moves_and_saves(qtbot: QtBot) -> None:
    dialog = SeverityScaleDialog(None, [SeverityLevel("Sev-1", "Critical"), SeverityLevel("Sev-2", "Major")])
    _show(qtbot, dialog)
    dialog.add_level()
    qtbot.keyClicks(QApplication.focusWidget(), "Sev-0")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # on to its description
    _type_in_cell(qtbot, dialog, "Worse than critical")
    qtbot.keyClick(dialog.table, Qt.Key.Key_Up, ALT)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Up, ALT)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Up, ALT)  # already at the top: stays
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.scale() == [
        SeverityLevel("Sev-0", "Worse than critical"),
        SeverityLevel("Sev-1", "Critical"),
        SeverityLevel("Sev-2", "Major"),
    ]
