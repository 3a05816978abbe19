"""The Review & export phase: what a reader would still miss, and where the debrief stands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShowEvent, QWheelEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitation.model import SESSION_STATUSES, Session, hand_counts_line
from facilitation.phases import Phase
from facilitation.review import Finding, completeness
from ui.session_editor import SessionEditor

if TYPE_CHECKING:
    from facilitation.coach import Coach

STATUS_LABELS = {"draft": "Draft", "in-review": "In review", "reviewed": "Reviewed", "published": "Published"}
CHECK_AGAIN_KEY = "Ctrl+Shift+C"  # F5 and F6 belong to the shared screen
EXPORT_KEY = "Ctrl+E"  # the window's Export action; the button here asks for it
LEARNED_KEY = "Shift+F4"  # the session's "learned something new" action; the button here asks for it
NO_HANDS = "No show of hands counted yet."
GO_TO_KEYS = ("Return", "Enter")
READY = "Ready for readers"
PHASE_ROLE = Qt.ItemDataRole.UserRole
KEY_ROLE = Qt.ItemDataRole.UserRole + 1


def status_label(status: str) -> str:
    """A status as people read it (``in-review`` → ``In review``)."""
    return STATUS_LABELS.get(status, status)


class ReviewView(QWidget):
    """The completeness findings, each leading to its phase, and the session's status."""

    go_to_requested = Signal(object)
    """A finding was activated: the window should show this ``Phase``."""
    item_requested = Signal(str)
    """After ``go_to_requested``: the finding is about the item (or field) with this key; select it."""
    export_requested = Signal()
    """The Export button was pressed: the window should open its export dialog."""
    hands_requested = Signal()
    """The "learned something new" button was pressed: the session should take that show of hands."""

    def __init__(
        self,
        editor: SessionEditor,
        coach: Coach | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.coach = coach  # without one, wording is not checked
        self.findings: list[Finding] = []

        heading = QLabel("Review & export")
        heading.setProperty("role", "heading")
        hint = QLabel(
            "What a reader who wasn't there would still miss. Enter on a line goes to it; "
            f"{CHECK_AGAIN_KEY} checks again."
        )
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setProperty("role", "subheading")
        self.summary.setAccessibleDescription("Completeness")
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("What is still missing, phase by phase")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.itemActivated.connect(self._on_list_item_activated)

        self.status = _DeliberateCombo()
        self.status.setAccessibleName("Status of this debrief")
        for status in SESSION_STATUSES:
            self.status.addItem(status_label(status), status)
        self.status.activated.connect(self._on_status_activated)
        status_caption = QLabel("S&tatus")
        status_caption.setBuddy(self.status)
        self.history = QLabel()
        self.history.setProperty("role", "hint")
        self.history.setWordWrap(True)
        self.history.setAccessibleDescription("Status history")
        self.export_button = QPushButton("Export…")
        self.export_button.setAccessibleName(f"Export this debrief ({EXPORT_KEY})")
        self.export_button.setToolTip(f"PDF, Markdown, JSON or a pre-read, internal or public ({EXPORT_KEY})")
        self.export_button.clicked.connect(self.export_requested)
        self.hands = QLabel()
        self.hands.setWordWrap(True)
        self.hands.setAccessibleDescription("Shows of hands")
        self.hands_button = QPushButton("Show of hands: learned something new…")
        self.hands_button.setAccessibleName(f"Show of hands: who learned something new today ({LEARNED_KEY})")
        self.hands_button.setToolTip(f"Count the hands and type the number in ({LEARNED_KEY})")
        self.hands_button.clicked.connect(self.hands_requested)
        hands_row = QHBoxLayout()
        hands_row.addWidget(self.hands, stretch=1)
        hands_row.addWidget(self.hands_button)
        status_row = QHBoxLayout()
        status_row.addWidget(status_caption)
        status_row.addWidget(self.status)
        status_row.addStretch()
        status_row.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 28)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, stretch=1)
        layout.addLayout(status_row)
        layout.addWidget(self.history)
        layout.addLayout(hands_row)  # last, so the status comes first when Tab leaves the list

        self.menu_actions = self._build_actions()
        editor.field_changed.connect(self._on_editor_field_changed)
        # Any change can close a gap or open one; checked only while the phase is on screen.
        editor.item_inserted.connect(self._on_editor_item_changed)
        editor.item_removed.connect(self._on_editor_item_changed)
        editor.item_changed.connect(self._on_editor_item_changed)
        editor.item_moved.connect(self._on_editor_item_moved)
        editor.list_replaced.connect(lambda _list_name: self._refresh_if_shown())
        editor.hands_counted.connect(self._show_hands)
        self._show_hands()
        self._show_status()
        self.refresh()

    def _build_actions(self) -> list[QAction]:
        self.check_action = QAction("Check the debrief again", self)
        self.check_action.setShortcut(QKeySequence(CHECK_AGAIN_KEY))
        self.check_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.check_action.triggered.connect(self.refresh)
        self.addAction(self.check_action)
        self.go_action = QAction("Go to the phase of the selected finding", self)
        self.go_action.setShortcuts([QKeySequence(key) for key in GO_TO_KEYS])
        self.go_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.go_action.triggered.connect(self.go_to_selected)
        self.list.addAction(self.go_action)
        return [self.check_action, self.go_action]

    # -- public --------------------------------------------------------------

    def focus_first(self) -> None:
        """Put the cursor on the first finding, or on the status when nothing is missing."""
        if self.list.count():
            if self.list.currentRow() < 0:
                self.list.setCurrentRow(0)
            self.list.setFocus()
        else:
            self.list.setFocus()  # never the status: a stray arrow key must not change it

    def refresh(self) -> None:
        """Check the session again and list what is missing."""
        self.findings = completeness(self.editor.session, self.coach)
        row = self.list.currentRow()
        self.list.clear()
        for finding in self.findings:
            item = QListWidgetItem(_line(finding))
            item.setData(PHASE_ROLE, finding.phase.value)
            item.setData(KEY_ROLE, finding.item_key)
            item.setToolTip(f"Enter goes to {finding.phase.label} (Ctrl+{finding.phase.value % 10})")
            self.list.addItem(item)
        if self.findings:
            self.list.setCurrentRow(min(max(row, 0), len(self.findings) - 1))
            count = len(self.findings)
            things = "1 thing" if count == 1 else f"{count} things"
            self.summary.setText(f"{things} to look at before readers see it.")
        else:
            self.summary.setText(READY)
        self.list.setVisible(bool(self.findings))

    def go_to_selected(self) -> None:
        """Ask for the phase of the selected finding."""
        item = self.list.currentItem()
        if item is not None:
            self._on_list_item_activated(item)

    # -- showing -------------------------------------------------------------

    def _refresh_if_shown(self) -> None:
        if self.isVisible():
            self.refresh()

    def _show_hands(self) -> None:
        self.hands.setText(hand_counts_line(self.editor.session.hand_counts) or NO_HANDS)

    def _show_status(self) -> None:
        session = self.editor.session
        index = self.status.findData(session.status)
        with QSignalBlocker(self.status):
            if index < 0:
                self.status.addItem(status_label(session.status), session.status)
                index = self.status.count() - 1
            self.status.setCurrentIndex(index)
        self.history.setText(_history_text(session))

    # -- slots ---------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        self.go_to_requested.emit(Phase(int(item.data(PHASE_ROLE))))
        if item.data(KEY_ROLE):
            self.item_requested.emit(str(item.data(KEY_ROLE)))

    def _on_status_activated(self, index: int) -> None:
        if not self.editor.set_field("status", self.status.itemData(index)):
            self._show_status()  # not changed on disk, so not changed on screen either

    def _on_editor_item_changed(self, _list_name: str, _index: int) -> None:
        self._refresh_if_shown()

    def _on_editor_item_moved(self, _list_name: str, _old: int, _new: int) -> None:
        self._refresh_if_shown()

    def _on_editor_field_changed(self, name: str) -> None:
        if name == "status":
            self._show_status()
        self._refresh_if_shown()


class _DeliberateCombo(QComboBox):
    """A status is changed on purpose: from the opened list (Alt+Down, a click), never by a stray
    arrow key or turn of the mouse wheel."""

    _STRAY_KEYS = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
                             Qt.Key.Key_Home, Qt.Key.Key_End})  # fmt: skip

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in self._STRAY_KEYS and not event.modifiers() & Qt.KeyboardModifier.AltModifier:
            event.ignore()
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()


def _line(finding: Finding) -> str:
    """A finding as the list shows it, led by its phase unless the sentence names it already."""
    if finding.phase.label.casefold() in finding.message.casefold():
        return finding.message
    return f"{finding.phase.label}: {finding.message}"


def _history_text(session: Session) -> str:
    """The status changes, oldest first, each with when and by whom; the status alone without them."""
    if not session.status_history:
        return f"{status_label(session.status)}, with no recorded changes yet."
    lines = []
    for change in session.status_history:
        when = change.changed_at.astimezone()  # on this computer's clock, as people remember it
        line = f"{status_label(change.status)} — {when:%Y-%m-%d %H:%M}"
        lines.append(f"{line} by {change.changed_by}" if change.changed_by else line)
    return "\n".join(lines)
