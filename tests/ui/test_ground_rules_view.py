"""Ground rules: the session's policy shown for the room, safely, and the organisation's policy edited."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QColor, QDesktopServices, QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

import resources
from ui.ground_rules_view import READING_POINT_SIZE, READING_WIDTH, GroundRulesView
from ui.policy_dialog import EMPTY_POLICY_PROBLEM, PolicyChoice, PolicyDialog

_POLICY = """# How we hold this debrief

We are here to **learn**, not to blame.

- Everyone acted in good faith, with what they knew at the time.
- Fix ideas go to the [parking lot](https://example.com/parking-lot).
"""

_CTRL = Qt.KeyboardModifier.ControlModifier
_CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _long_policy() -> str:
    """A policy of exactly 100,000 characters, in many bullets, ending with a sentence to look for."""
    ending = "- The last rule: we end on time.\n"
    bullet = "- We describe what people saw and what made sense to them at the time, in their words.\n"
    body = bullet * ((100_000 - len(ending)) // len(bullet))
    body += "x" * (100_000 - len(ending) - len(body) - 1) + "\n"
    text = body + ending
    assert len(text) == 100_000
    return text


@pytest.fixture
def view(qtbot: QtBot) -> GroundRulesView:
    shown = GroundRulesView()
    qtbot.addWidget(shown)
    shown.resize(1280, 800)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


@pytest.fixture
def dialog(qtbot: QtBot) -> Iterator[PolicyDialog]:
    opened = PolicyDialog(None, _POLICY)
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitExposed(opened)
    yield opened
    opened.close()


class _UrlRecorder(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def open_url(self, url: QUrl) -> None:
        self.opened.append(url)


def _click_text(qtbot: QtBot, view: GroundRulesView, text: str) -> None:
    found = view.policy.document().find(text)
    assert not found.isNull()
    middle = QTextCursor(found)
    middle.setPosition(found.selectionStart() + len(text) // 2)
    point = view.policy.cursorRect(middle).center() + QPoint(1, 0)
    qtbot.mouseClick(view.policy.viewport(), Qt.MouseButton.LeftButton, pos=point)


# -- the view ------------------------------------------------------------------


def test_the_policy_reads_as_text_not_markup(view: GroundRulesView) -> None:
    view.show_policy(_POLICY)
    shown = view.policy.toPlainText()
    assert "Everyone acted in good faith, with what they knew at the time." in shown
    assert "We are here to learn, not to blame." in shown
    assert "**" not in shown and "# " not in shown and "](" not in shown
    assert view.policy.document().firstBlock().blockFormat().headingLevel() == 1
    assert view.policy.isReadOnly()


def test_the_policy_is_big_calm_and_centred(view: GroundRulesView) -> None:
    view.show_policy(_POLICY)
    assert view.policy.font().pointSize() >= READING_POINT_SIZE
    assert view.policy.document().lastBlock().blockFormat().lineHeight() >= 130
    page = view.page.geometry()
    assert page.width() == READING_WIDTH
    assert abs(page.left() - (view.width() - page.right() - 1)) <= 1


def test_a_policy_shown_before_the_view_opens_starts_at_its_heading(qtbot: QtBot) -> None:
    view = GroundRulesView()
    qtbot.addWidget(view)
    view.show_policy(_long_policy())
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    view.policy.grab()
    assert view.policy.verticalScrollBar().value() == 0


def test_the_controls_have_names_for_assistive_technology(view: GroundRulesView) -> None:
    assert view.policy.accessibleName()
    assert "Edit the organisation's policy" in view.edit_button.accessibleName()
    assert view.edit_button.text() == "Edit the organisation's policy…"


def test_clicking_a_link_opens_nothing(view: GroundRulesView, qtbot: QtBot) -> None:
    view.show_policy(_POLICY)
    assert not view.policy.openLinks()
    assert not view.policy.openExternalLinks()
    recorder = _UrlRecorder()
    # PySide6 wants the slot's name as str, whatever its stub says.
    QDesktopServices.setUrlHandler("https", recorder, "open_url")  # type: ignore[arg-type]
    try:
        with qtbot.waitSignal(view.policy.anchorClicked, timeout=1000, raising=False) as clicked:
            _click_text(qtbot, view, "parking lot")
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert recorder.opened == []
    assert clicked.args == [QUrl("https://example.com/parking-lot")]  # the click did land on the link
    assert view.policy.source() == QUrl()
    assert "Everyone acted in good faith" in view.policy.toPlainText()


def test_images_and_html_in_the_policy_load_nothing(view: GroundRulesView, tmp_path: Path) -> None:
    picture = tmp_path / "picture.png"
    red = QImage(40, 40, QImage.Format.Format_RGB32)
    red.fill(QColor("red"))
    assert red.save(str(picture))
    url = QUrl.fromLocalFile(str(picture))
    view.show_policy(f"![graph]({url.toString()})\n\n<b>bold</b> <img src='{picture}'>\n")
    view.policy.grab()  # lays the page out, which is when images are asked for
    loaded = view.policy.document().resource(QTextDocument.ResourceType.ImageResource, url)
    assert isinstance(loaded, QImage)
    assert loaded.size() != red.size()
    assert "<b>bold</b>" in view.policy.toPlainText()


def test_the_edit_button_asks_for_the_dialog(view: GroundRulesView, qtbot: QtBot) -> None:
    with qtbot.waitSignal(view.edit_requested, timeout=1000):
        qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)


def test_the_edit_key_asks_for_the_dialog(view: GroundRulesView, qtbot: QtBot) -> None:
    view.activateWindow()
    view.policy.setFocus()
    qtbot.waitUntil(view.policy.hasFocus)
    with qtbot.waitSignal(view.edit_requested, timeout=1000):
        qtbot.keyClick(view.policy, Qt.Key.Key_E, _CTRL_SHIFT)


def test_an_empty_policy_says_what_to_do(view: GroundRulesView) -> None:
    view.show_policy("")
    assert view.policy.toPlainText() == ""
    assert "Edit the organisation's policy" in view.policy.placeholderText()


def test_a_100000_character_policy_is_shown_whole(view: GroundRulesView, qtbot: QtBot) -> None:
    view.show_policy(_long_policy())
    view.policy.grab()
    shown = view.policy.toPlainText()
    assert shown.endswith("The last rule: we end on time.")
    assert shown.count("made sense to them") == _long_policy().count("made sense to them")
    bar = view.policy.verticalScrollBar()
    assert bar.value() == 0 and bar.maximum() > 0
    bar.setValue(bar.maximum())
    last = view.policy.cursorForPosition(view.policy.viewport().rect().bottomLeft() - QPoint(-30, 40))
    assert last.blockNumber() >= view.policy.document().blockCount() - 20


# -- the dialog ----------------------------------------------------------------


def test_the_dialog_starts_from_the_current_policy(dialog: PolicyDialog, qtbot: QtBot) -> None:
    assert dialog.windowTitle() == "Takeaways — Organisation policy"
    assert dialog.editor.toPlainText() == _POLICY
    assert "Everyone acted in good faith" in dialog.preview.toPlainText()
    assert not dialog.preview.openLinks() and not dialog.preview.openExternalLinks()
    assert dialog.apply_to_session.isChecked()
    assert dialog.choice() is None
    for control in (dialog.editor, dialog.preview, dialog.apply_to_session, dialog.save_button):
        assert control.accessibleName()


def test_saving_carries_the_text_and_the_choice(dialog: PolicyDialog, qtbot: QtBot) -> None:
    dialog.editor.selectAll()
    qtbot.keyClicks(dialog.editor, "We learn together.")
    qtbot.keyClick(dialog.apply_to_session, Qt.Key.Key_Space)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.choice() == PolicyChoice(text="We learn together.", apply_to_session=False)


def test_the_preview_follows_the_typing(dialog: PolicyDialog, qtbot: QtBot) -> None:
    dialog.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(dialog.editor, "- Anyone may **pause** the meeting.")
    qtbot.waitUntil(lambda: "Anyone may pause the meeting." in dialog.preview.toPlainText(), timeout=2000)


def test_the_preview_keeps_its_place_while_the_text_changes(qtbot: QtBot) -> None:
    dialog = PolicyDialog(None, _long_policy())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    bar = dialog.preview.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    place = bar.value()
    assert place > 0
    dialog.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(dialog.editor, "- One more.")
    qtbot.waitUntil(lambda: dialog.preview.toPlainText().endswith("One more."), timeout=2000)
    dialog.preview.grab()
    assert bar.value() == place


def test_enter_outside_the_text_saves(dialog: PolicyDialog, qtbot: QtBot) -> None:
    dialog.apply_to_session.setFocus()
    qtbot.waitUntil(dialog.apply_to_session.hasFocus)
    qtbot.keyClick(dialog.apply_to_session, Qt.Key.Key_Return)
    assert dialog.choice() == PolicyChoice(text=_POLICY, apply_to_session=True)


def test_ctrl_enter_saves(dialog: PolicyDialog, qtbot: QtBot) -> None:
    dialog.editor.setFocus()
    qtbot.waitUntil(dialog.editor.hasFocus)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, _CTRL)
    assert dialog.choice() == PolicyChoice(text=_POLICY, apply_to_session=True)
    assert dialog.editor.toPlainText() == _POLICY  # the key saved; it did not add a line


def test_escape_cancels(dialog: PolicyDialog, qtbot: QtBot) -> None:
    qtbot.keyClicks(dialog.editor, "half a thought")
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not dialog.isVisible()
    assert dialog.choice() is None


@pytest.mark.parametrize("blank", ["", "  \n\t\n"])
def test_an_empty_policy_is_not_saved(dialog: PolicyDialog, qtbot: QtBot, blank: str) -> None:
    dialog.editor.selectAll()
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Delete)
    dialog.editor.insertPlainText(blank)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.choice() is None
    assert not dialog.problem.isHidden()
    assert dialog.problem.text() == EMPTY_POLICY_PROBLEM
    qtbot.keyClicks(dialog.editor, "We learn.")
    assert dialog.problem.isHidden()
    dialog.accept()
    assert dialog.choice() == PolicyChoice(text=blank + "We learn.", apply_to_session=True)


def test_restore_fills_in_the_shipped_text_and_can_be_undone(dialog: PolicyDialog, qtbot: QtBot) -> None:
    dialog.editor.selectAll()
    qtbot.keyClicks(dialog.editor, "Our own words")
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    default = resources.read_text("policy.md")
    assert dialog.editor.toPlainText() == default
    assert dialog.isVisible() and dialog.choice() is None
    dialog.editor.undo()
    assert dialog.editor.toPlainText() == "Our own words"
    dialog.editor.redo()
    dialog.accept()
    assert dialog.choice() == PolicyChoice(text=default, apply_to_session=True)


def test_a_100000_character_policy_is_saved_whole(qtbot: QtBot) -> None:
    text = _long_policy()
    dialog = PolicyDialog(None, text)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.preview.toPlainText().endswith("The last rule: we end on time.")
    dialog.accept()
    choice = dialog.choice()
    assert choice is not None and choice.text == text


def test_ask_returns_what_was_saved(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    def save_at_once(self: PolicyDialog) -> int:
        qtbot.keyClicks(self.editor, "Blameless.")
        self.accept()
        return self.result()

    monkeypatch.setattr(PolicyDialog, "exec", save_at_once)
    assert PolicyDialog.ask(None, "") == PolicyChoice(text="Blameless.", apply_to_session=True)


def test_ask_returns_none_when_cancelled(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    def cancel_at_once(self: PolicyDialog) -> int:
        self.reject()
        return self.result()

    monkeypatch.setattr(PolicyDialog, "exec", cancel_at_once)
    assert PolicyDialog.ask(None, _POLICY) is None
