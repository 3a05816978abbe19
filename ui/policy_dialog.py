"""Editing the organisation's blameless policy, with a preview of how the room will read it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

import resources
from ui.ground_rules_view import PolicyBrowser

EMPTY_POLICY_PROBLEM = "A policy needs at least a sentence; the room reads it before the timeline."
SAVE_KEYS = ("Ctrl+Return", "Ctrl+Enter")
# Rendering a long policy takes a moment; wait for a pause in typing rather than redraw on every key.
PREVIEW_DELAY_MS = 250


@dataclass(frozen=True)
class PolicyChoice:
    """What the facilitator saved: the new policy, and whether this debrief takes it too."""

    text: str
    apply_to_session: bool


class PolicyDialog(QDialog):
    """The policy's Markdown beside its preview; Save refuses an empty policy."""

    def __init__(self, parent: QWidget | None, current_markdown: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Takeaways — Organisation policy")
        self._choice: PolicyChoice | None = None

        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Organisation policy in Markdown")
        self.editor.setTabChangesFocus(True)
        self.editor.setPlainText(current_markdown)
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self.preview = PolicyBrowser(accessible_name="Preview of the policy as the room will read it")
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self._on_preview_timer_timeout)

        self.apply_to_session = QCheckBox("&Use it for this debrief too")
        self.apply_to_session.setAccessibleName("Use it for this debrief too")
        self.apply_to_session.setChecked(True)
        self.problem = QLabel()
        self.problem.setProperty("role", "problem")
        self.problem.setWordWrap(True)
        self.problem.hide()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName("Save (Ctrl+Enter)")
        self.save_button.setToolTip("Ctrl+Enter")
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setAccessibleName("Cancel (Esc)")
        self.cancel_button.setToolTip("Esc")
        self.restore_button = buttons.addButton(
            "&Restore our default text", QDialogButtonBox.ButtonRole.ResetRole
        )
        self.restore_button.setAccessibleName("Restore our default text (Alt+R)")
        self.restore_button.setToolTip("Alt+R; Ctrl+Z in the text brings yours back")
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        # Enter outside the text saves, whichever button last had the focus.
        for button in (self.cancel_button, self.restore_button):
            button.setAutoDefault(False)
        self.save_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        save_action = QAction("Save", self)
        save_action.setShortcuts([QKeySequence(key) for key in SAVE_KEYS])
        save_action.triggered.connect(self.accept)
        self.addAction(save_action)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._titled("&Policy (Markdown)", self.editor))
        splitter.addWidget(self._titled("How the room will read it", self.preview))
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(splitter, stretch=1)
        layout.addWidget(self.apply_to_session)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(1100, 680)
        self._render_preview()

    @classmethod
    def ask(cls, parent: QWidget | None, current_markdown: str) -> PolicyChoice | None:
        """The saved policy and where it applies, or None if the facilitator cancelled."""
        dialog = cls(parent, current_markdown)
        try:
            dialog.exec()
            return dialog.choice()
        finally:
            dialog.deleteLater()

    def choice(self) -> PolicyChoice | None:
        """What was saved; None until Save succeeds."""
        return self._choice

    def accept(self) -> None:
        text = self.editor.toPlainText()
        if not text.strip():
            self.problem.setText(EMPTY_POLICY_PROBLEM)
            self.problem.show()
            self.editor.setFocus()
            return
        self._choice = PolicyChoice(text=text, apply_to_session=self.apply_to_session.isChecked())
        super().accept()

    @staticmethod
    def _titled(title: str, field: QWidget) -> QWidget:
        box = QWidget()
        label = QLabel(title)
        label.setProperty("role", "subheading")
        label.setBuddy(field)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(field, stretch=1)
        return box

    def _render_preview(self) -> None:
        # Keep the reader's place while the text under it changes.
        position = self.preview.verticalScrollBar().value()
        self.preview.show_markdown(self.editor.toPlainText())
        self.preview.verticalScrollBar().setValue(position)

    def _on_editor_text_changed(self) -> None:
        if not self.problem.isHidden() and self.editor.toPlainText().strip():
            self.problem.hide()
        self.preview_timer.start()

    def _on_preview_timer_timeout(self) -> None:
        self._render_preview()

    def _on_restore_button_clicked(self) -> None:
        # Replaced as one edit, so Ctrl+Z in the text brings back what was there.
        cursor = self.editor.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(resources.read_text("policy.md"))
        self.editor.setTextCursor(cursor)
        self.editor.moveCursor(QTextCursor.MoveOperation.Start)
        self.editor.setFocus()
