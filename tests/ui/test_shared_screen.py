"""The shared screen follows the facilitator's window, keeps private things off, and answers only its keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFontMetricsF, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from facilitation.model import KeyLearning, Session, TimelineEntry, WentWrong
from facilitation.phases import Phase
from storage.library import Library
from tests.factories import full_session
from ui import shared_screen
from ui.main_window import MainWindow
from ui.shared_screen import WINDOW_CHOICE, RowsArea, ScreenChooser, SharedScreen, fitted_lines, screen_key

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


@pytest.fixture(autouse=True)
def own_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The remembered screen goes to a file of the test's own, never the person's settings."""
    path = tmp_path / "settings.ini"
    monkeypatch.setattr(
        shared_screen, "settings_store", lambda: QSettings(str(path), QSettings.Format.IniFormat)
    )
    return path


def _open(window: MainWindow, library: Library, session: Session) -> None:
    with_id = library.sessions.create(session)
    window.open_session(with_id)


def _press_f5(qtbot: QtBot, window: MainWindow) -> SharedScreen:
    qtbot.keyClick(window, Qt.Key.Key_F5)
    screen = window.shared_screen.screen
    assert screen is not None
    qtbot.waitExposed(screen)
    return screen


def _texts(screen: SharedScreen) -> str:
    """Every text anywhere in the shared screen's widget tree, shown or hidden."""
    texts = [screen.windowTitle(), screen.toolTip(), screen.accessibleName()]
    for child in screen.findChildren(QLabel):
        texts += [child.text(), child.toolTip(), child.accessibleName(), child.whatsThis()]
    for area in screen.findChildren(RowsArea):  # rows painted, not labels: what they paint and say
        texts += [row.lead + " " + "\n".join(row.lines) for row in area.placed()]
        texts += [area.accessibleDescription(), area.toolTip()]
    return "\n".join(texts)


def _flat(screen: SharedScreen) -> str:
    return " ".join(_texts(screen).split())


def test_f5_opens_and_closes_the_shared_screen_only_while_a_debrief_is_open(
    qtbot: QtBot, window: MainWindow, library: Library
) -> None:
    assert not window.shared_screen.toggle_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.shared_screen.screen is None

    _open(window, library, Session(title="Auth outage"))
    screen = _press_f5(qtbot, window)
    assert screen.windowTitle().startswith("Takeaways — shared screen")
    assert screen.isVisible() and window.shared_screen.toggle_action.isChecked()
    assert "Auth outage" in _flat(screen)  # Prepare shows the title

    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.shared_screen.screen is None
    assert not screen.isVisible()
    assert not window.shared_screen.toggle_action.isChecked()

    _press_f5(qtbot, window).close()  # by its own window button
    assert window.shared_screen.screen is None
    assert not window.shared_screen.toggle_action.isChecked()
    assert _press_f5(qtbot, window).isVisible()  # one F5 brings it back

    window.show_library()  # leaving the debrief closes its shared screen
    assert window.shared_screen.screen is None
    assert not window.shared_screen.toggle_action.isEnabled()


def test_the_menu_names_the_shared_screen_with_its_keys(window: MainWindow, library: Library) -> None:
    _open(window, library, Session(title="Menus"))
    session_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Session")
    keys = {action.text(): action.shortcut().toString() for action in session_menu.actions()}
    assert keys["&Shared screen"] == "F5"
    assert keys["&Blank the shared screen"] == "F6"
    assert keys["Show the parking lot on the shared screen"] == "Ctrl+Alt+P"


def test_an_entry_typed_and_entered_shows_at_once_and_the_newest_stays_in_sight(
    qtbot: QtBot, window: MainWindow, library: Library
) -> None:
    _open(window, library, Session(title="Outage", time_zone="UTC", current_phase="timeline"))
    screen = _press_f5(qtbot, window)
    view = window.session_view
    assert view is not None
    line = view.timeline.entry_line
    for n in range(40):
        qtbot.keyClicks(line, f"14:{n:02} @deploy bot: step {n} of the rollout")
        qtbot.keyClick(line, Qt.Key.Key_Return)
        assert f"step {n} of the rollout" in _texts(screen)
    text = _texts(screen)
    assert "14:39" in text and "deploy bot: step 39" in text
    assert "step 0 of" not in text  # the oldest gave way: no scrolling, the newest fit
    assert screen.content.hidden_rows > 0


def test_private_items_notes_and_the_parking_lot_never_reach_the_shared_screen(
    qtbot: QtBot, window: MainWindow, library: Library
) -> None:
    session = full_session()
    _open(window, library, session)
    screen = _press_f5(qtbot, window)
    view = window.session_view
    assert view is not None
    private = [
        "Someone mentioned a similar outage",  # a private timeline entry
        "Night pages pile up unseen",  # a private learning
        "Irina was quiet",  # the private notes
        "Ирина",  # a private participant
    ]
    parked = "Add a lint for host names"
    seen = set()
    for phase in view.phases:
        view.go_to(phase)
        assert screen.phase is phase
        text = _flat(screen)
        seen.add(text)
        for secret in [*private, parked]:
            assert secret not in text, (phase, secret)
    assert any("Paged: login errors < 5% & rising <b>" in text for text in seen)  # shown as typed
    assert any("Runbooks drift from the hosts" in text for text in seen)

    qtbot.keyClick(window, Qt.Key.Key_P, CTRL_ALT)  # the facilitator asks for the parking lot
    for phase in view.phases:
        view.go_to(phase)
        text = _flat(screen)
        assert parked in text
        for secret in private:
            assert secret not in text, (phase, secret)


def test_f6_from_the_facilitator_and_b_on_the_screen_blank_it(
    qtbot: QtBot, window: MainWindow, library: Library
) -> None:
    _open(window, library, Session(title="Blanking"))
    screen = _press_f5(qtbot, window)
    assert not screen.blanked
    qtbot.keyClick(window, Qt.Key.Key_F6)
    assert screen.blanked and not screen.page.isVisible()
    assert window.shared_screen.blank_action.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_F6)
    assert not screen.blanked and screen.page.isVisible()
    qtbot.keyClick(screen, Qt.Key.Key_B)
    assert screen.blanked
    qtbot.keyClick(screen, Qt.Key.Key_B)
    assert not screen.blanked


def test_zoom_changes_the_type_size_from_either_window(
    qtbot: QtBot, window: MainWindow, library: Library
) -> None:
    _open(
        window,
        library,
        Session(title="Zoom", current_phase="went_wrong", went_wrong=[WentWrong(text="Slow")]),
    )
    screen = _press_f5(qtbot, window)
    start = screen.body_point_size()
    qtbot.keyClick(screen, Qt.Key.Key_Plus)
    bigger = screen.body_point_size()
    assert bigger > start
    assert screen.content.rows_font().pointSizeF() == pytest.approx(bigger)
    qtbot.keyClick(screen, Qt.Key.Key_Minus)
    qtbot.keyClick(screen, Qt.Key.Key_Minus)
    assert screen.body_point_size() < start
    qtbot.keyClick(window, Qt.Key.Key_Equal, CTRL_ALT)
    assert screen.body_point_size() == pytest.approx(start)
    qtbot.keyClick(window, Qt.Key.Key_Minus, CTRL_ALT)
    assert screen.body_point_size() < start


def test_type_is_sized_from_the_window_height(qtbot: QtBot, window: MainWindow, library: Library) -> None:
    _open(window, library, Session(title="Sizes"))
    screen = _press_f5(qtbot, window)
    screen.resize(1920, 1080)
    assert screen.body_point_size() == pytest.approx(28)
    assert screen.question.font().pointSizeF() > 28
    screen.resize(480, 270)  # a tile in a video call: smaller, and still laid out the same
    assert 10 < screen.body_point_size() < 28


def test_esc_leaves_full_screen_and_other_keys_do_nothing(
    qtbot: QtBot, window: MainWindow, library: Library
) -> None:
    _open(window, library, Session(title="Keys", current_phase="timeline"))
    screen = _press_f5(qtbot, window)
    screen.showFullScreen()
    qtbot.waitUntil(screen.isFullScreen)
    for key in (Qt.Key.Key_A, Qt.Key.Key_Return, Qt.Key.Key_Delete):
        qtbot.keyClick(screen, key)
    assert screen.isFullScreen() and not screen.blanked
    assert window.editor is not None and window.editor.session.timeline == []
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not screen.isFullScreen())


def test_phase_moves_and_their_undo_follow(qtbot: QtBot, window: MainWindow, library: Library) -> None:
    _open(window, library, full_session())
    screen = _press_f5(qtbot, window)
    view = window.session_view
    assert view is not None
    view.go_to(Phase.TIMELINE)
    assert screen.phase_label.text() == "Timeline"
    qtbot.keyClick(window, Qt.Key.Key_PageDown, CTRL)
    assert screen.phase_label.text() == "What went right"
    assert "The login alert fired within two minutes" in _flat(screen)
    qtbot.keyClick(window, Qt.Key.Key_7, CTRL)
    assert screen.phase_label.text() == "Key learnings"
    assert "1." in _texts(screen) and "A config push reaches every region" in _flat(screen)
    window.undo()
    assert screen.phase_label.text() == "What went right"


def test_the_question_asked_and_list_edits_follow(qtbot: QtBot, window: MainWindow, library: Library) -> None:
    _open(window, library, Session(title="Q", current_phase="key_learnings"))
    screen = _press_f5(qtbot, window)
    editor = window.editor
    assert editor is not None
    assert not screen.question.isVisible()
    editor.ask("What surprised you?")
    assert screen.question.isVisible() and screen.question.text() == "What surprised you?"
    editor.add_item("key_learnings", KeyLearning(text="Canaries catch config too"))
    assert "Canaries catch config too" in _flat(screen)
    key = editor.session.key_learnings[0].key
    editor.edit_item("key_learnings", key, text="Canaries catch config pushes too")
    assert "Canaries catch config pushes too" in _flat(screen)
    editor.edit_item("key_learnings", key, private=True)
    assert "Canaries" not in _flat(screen)
    window.undo()
    assert "Canaries" in _flat(screen)
    editor.remove_item("key_learnings", key)
    assert "Canaries" not in _flat(screen)
    assert "No learnings written yet." in _texts(screen)


def test_the_move_on_signal_shows_gently_for_a_while(
    qtbot: QtBot, window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    _open(window, library, Session(title="Loops", current_phase="went_wrong"))
    screen = _press_f5(qtbot, window)
    monkeypatch.setattr(shared_screen, "MOVE_ON_SHOWN_MS", 50)
    qtbot.keyClick(window, Qt.Key.Key_F9)
    assert screen.banner.isVisible() and "move on" in screen.banner.text()
    qtbot.waitUntil(lambda: not screen.banner.isVisible(), timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_F9)
    window.undo()  # taken back: the banner goes at once
    assert not screen.banner.isVisible()


def test_the_shared_screen_never_takes_the_cursor(qtbot: QtBot, window: MainWindow, library: Library) -> None:
    with qtbot.waitActive(window):
        window.activateWindow()
    _open(window, library, Session(title="Focus", current_phase="timeline"))
    view = window.session_view
    assert view is not None
    line = view.timeline.entry_line
    assert line.hasFocus()
    screen = _press_f5(qtbot, window)
    assert screen.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    qtbot.keyClicks(line, "still typing here")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    assert QApplication.activeWindow() is window
    assert QApplication.focusWidget() is line
    assert not screen.isActiveWindow()
    assert all(child.focusPolicy() == Qt.FocusPolicy.NoFocus for child in screen.findChildren(QLabel))


def test_very_long_text_is_cut_never_overflowing(qtbot: QtBot, window: MainWindow, library: Library) -> None:
    word = "unbrokenword" * 300
    long = "The failover was slow because " * 200
    session = Session(
        title="Long",
        current_phase="timeline",
        timeline=[TimelineEntry(text=word, actor="x" * 400), TimelineEntry(text=long)],
    )
    _open(window, library, session)
    screen = _press_f5(qtbot, window)
    editor = window.editor
    assert editor is not None
    editor.ask("Why " * 500 + "?")
    area = screen.content.rect()
    metrics = QFontMetricsF(screen.content.rows_font())
    for row in screen.content.placed():
        for box, texts in ((row.lead_box, (row.lead,)), (row.body_box, row.lines)):
            assert area.contains(box), texts[0][:40]
            assert all(metrics.horizontalAdvance(text) <= box.width() + 1 for text in texts)
    assert screen.question.text().count("\n") <= 2 and screen.question.text().endswith("…")
    assert screen.question.geometry().bottom() < screen.content.geometry().top()


def test_fitted_lines_keep_to_the_limit(qapp: QApplication) -> None:
    font = qapp.font()
    assert fitted_lines("", font, 300, 3) == []
    assert fitted_lines("short", font, 300, 3) == ["short"]
    cut = fitted_lines("word " * 500, font, 300, 2)
    assert len(cut) == 2 and cut[-1].endswith("…")
    # Qt counts an emoji as two units: the words after one still break between words.
    emoji = fitted_lines("🔥🔥 a spike in DB connections " * 6, font, 260, 8)
    assert all(
        word in {"🔥🔥", "🔥", "a", "spike", "in", "DB", "connections"}
        for row in emoji
        for word in row.split()
    )


def test_the_chosen_screen_is_remembered_and_a_gone_one_asked_again(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, own_settings: Path
) -> None:
    class FakeScreen:
        def __init__(self, name: str) -> None:
            self._name = name

        def name(self) -> str:
            return self._name

    laptop, projector = FakeScreen("eDP-1"), FakeScreen("HDMI-1")
    monkeypatch.setattr(QGuiApplication, "screens", staticmethod(lambda: [laptop, projector]))
    monkeypatch.setattr(window, "screen", lambda: laptop)
    asked: list[str] = []
    answers = iter(["HDMI-1", None])
    monkeypatch.setattr(
        ScreenChooser,
        "ask",
        classmethod(lambda cls, parent, screens, chosen: asked.append(chosen) or next(answers)),
    )
    control = window.shared_screen
    assert control._remembered_place() == "HDMI-1"  # never chosen: asked, the projector suggested
    assert asked == ["HDMI-1"]
    assert (
        QSettings(str(own_settings), QSettings.Format.IniFormat).value(shared_screen.SETTINGS_KEY) == "HDMI-1"
    )
    assert control._remembered_place() == "HDMI-1"  # remembered: not asked again
    assert asked == ["HDMI-1"]

    monkeypatch.setattr(QGuiApplication, "screens", staticmethod(lambda: [laptop, FakeScreen("DP-2")]))
    assert control._remembered_place() is None  # that screen is gone: asked, and cancelled
    assert asked == ["HDMI-1", "HDMI-1"]

    shared_screen.settings_store().setValue(shared_screen.SETTINGS_KEY, WINDOW_CHOICE)
    assert control._remembered_place() == WINDOW_CHOICE


def test_a_show_of_hands_is_asked_on_the_shared_screen_while_it_is_taken(
    qtbot: QtBot, window: MainWindow, library: Library
) -> None:
    _open(window, library, Session(title="Hands", current_phase="review"))
    screen = _press_f5(qtbot, window)
    editor = window.editor
    assert editor is not None
    editor.ask("What would you tell a new joiner?")
    editor.ask_for_hands("ready")
    assert screen.question.text() == "Ready to move on? Raise a hand"
    editor.ask_for_hands("learned")
    assert screen.question.text() == "Who learned something new today?"
    editor.ask_for_hands("")
    assert screen.question.text() == "What would you tell a new joiner?"


def test_with_one_screen_it_is_a_window_unless_full_screen_was_chosen(
    qtbot: QtBot, window: MainWindow, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    _open(window, library, Session(title="One screen"))
    only = QGuiApplication.screens()[0]
    screen = _press_f5(qtbot, window)
    assert not screen.isFullScreen()  # it would cover the facilitator's window
    qtbot.keyClick(window, Qt.Key.Key_F5)
    monkeypatch.setattr(
        ScreenChooser, "ask", classmethod(lambda cls, parent, screens, chosen: screen_key(only))
    )
    qtbot.keyClick(window, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    screen = window.shared_screen.screen
    assert screen is not None
    qtbot.waitUntil(screen.isFullScreen)
    assert window.shared_screen._remembered_place() == screen_key(only)
