"""The Ground rules phase: the session's own copy of the blameless policy, big and calm for the room."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QColor, QImage, QKeySequence, QTextBlockFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

READING_POINT_SIZE = 16
READING_WIDTH = 900
LINE_HEIGHT_PERCENT = 150
EDIT_POLICY_KEY = "Ctrl+Shift+E"

# Raw HTML in a policy is shown as typed: it could size text off the shared screen or point at files.
_MARKDOWN = QTextDocument.MarkdownFeature.MarkdownDialectGitHub | QTextDocument.MarkdownFeature.MarkdownNoHTML


def _blank_image() -> QImage:
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    return image


class PolicyBrowser(QTextBrowser):
    """Markdown, read-only, that never follows a link and never loads a file or address it names."""

    def __init__(self, parent: QWidget | None = None, accessible_name: str = "") -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.document().setDocumentMargin(20)
        self._blank = _blank_image()
        if accessible_name:
            self.setAccessibleName(accessible_name)

    def show_markdown(self, markdown: str) -> None:
        """Render ``markdown`` with room between the lines."""
        document = self.document()
        document.setMarkdown(markdown, _MARKDOWN)
        spacing = QTextBlockFormat()
        spacing.setLineHeight(LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        cursor = QTextCursor(document)
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(spacing)
        # The widget scrolls to keep its cursor in sight; keep that cursor at the first line.
        self.setTextCursor(QTextCursor(document))

    def loadResource(self, type: int, name: QUrl | str, /) -> Any:
        # An empty answer would make Qt read the file itself; a blank image leaves nothing to fetch.
        if type == QTextDocument.ResourceType.ImageResource.value:
            return self._blank
        return QByteArray()


class GroundRulesView(QWidget):
    """The policy the debrief is held under, shown for reading aloud, with a way to edit the original."""

    edit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel("Ground rules")
        heading.setProperty("role", "heading")
        hint = QLabel(
            "Read these together before the timeline. This debrief keeps this copy, "
            "even if the organisation's policy changes later."
        )
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)

        self.policy = PolicyBrowser(accessible_name="Ground rules for this debrief")
        reading_font = self.policy.font()
        reading_font.setPointSize(READING_POINT_SIZE)
        self.policy.setFont(reading_font)
        self.policy.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.policy.setPlaceholderText(
            "No ground rules are written for this debrief yet. "
            "Edit the organisation's policy to give the room something to read together."
        )

        text = "Edit the organisation's policy…"
        self.edit_action = QAction(text, self)
        self.edit_action.setShortcut(QKeySequence(EDIT_POLICY_KEY))
        self.edit_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.edit_action.triggered.connect(self._on_edit_action_triggered)
        self.addAction(self.edit_action)
        self.menu_actions = [self.edit_action]
        self.edit_button = QPushButton(text)
        self.edit_button.setAccessibleName(f"Edit the organisation's policy ({EDIT_POLICY_KEY})")
        self.edit_button.setToolTip(EDIT_POLICY_KEY)
        self.edit_button.clicked.connect(self.edit_action.trigger)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addStretch()

        # A line of text wider than this is hard to follow from across a room.
        self.page = QWidget()
        self.page.setMaximumWidth(READING_WIDTH)
        self.page.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self.page)
        layout.setContentsMargins(28, 20, 28, 28)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.policy, stretch=1)
        layout.addLayout(buttons)
        # The page takes all the width up to its cap; the two unstretched sides share what is left.
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addStretch(0)
        outer.addWidget(self.page, stretch=1)
        outer.addStretch(0)

    def show_policy(self, markdown: str) -> None:
        """Show ``markdown``, the session's copy of the policy, from its first line."""
        self.policy.show_markdown(markdown)
        self.policy.verticalScrollBar().setValue(0)

    def _on_edit_action_triggered(self) -> None:
        self.edit_requested.emit()
