"""Small widgets shared by the views."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QKeyCombination,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFocusEvent, QInputMethodEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

if TYPE_CHECKING:  # only named in annotations: PySide builds a class's enums when first asked for it
    from PySide6.QtGui import QTextCharFormat


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` exactly as typed (Qt would read ``<b>`` in a tooltip as markup)."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>" if text else ""


def hint_label(text: str = "", wrap: bool = False) -> QLabel:
    """A quiet line of guidance (the theme's ``hint`` role), wrapped when ``wrap``."""
    label = QLabel(text)
    label.setProperty("role", "hint")
    label.setWordWrap(wrap)
    return label


def form_layout(row_spacing: int) -> QFormLayout:
    """A form whose fields take the width left, 16 px from their captions, ``row_spacing`` apart."""
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setHorizontalSpacing(16)
    form.setVerticalSpacing(row_spacing)
    return form


def open_file(parent: QWidget, title: str, start: Path, filters: str) -> Path | None:
    """The file the person picks in the system's chooser, starting in ``start``; None when cancelled."""
    name, _filter = QFileDialog.getOpenFileName(parent, title, str(start), filters)
    return Path(name) if name else None


# QLineEdit cuts text at 32,767 characters unless told otherwise; people paste more.
LONGEST_LINE = 2**31 - 1


def _yields_undo_key(event: QEvent, can_undo: bool, can_redo: bool) -> bool:
    """True for an Undo/Redo key the field has nothing to do with, so the session's undo gets it."""
    if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
        return False
    if event.matches(QKeySequence.StandardKey.Undo):
        return not can_undo
    if event.matches(QKeySequence.StandardKey.Redo) or event.keyCombination() == _CTRL_SHIFT_Z:
        return not can_redo
    return False


_CTRL_SHIFT_Z = QKeyCombination(
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Z
)

WINDOW_KEYS = frozenset({QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_E)})
"""Keys the window's actions keep while a text field has the cursor (Ctrl+E: Export).

On Linux a text field reads Ctrl+E as "end of line" and claims it before any shortcut; ours
let it through. Where no action is bound to it, the field still gets the key and moves to
the end of the line as before (End does that everywhere)."""


def _yields_window_key(event: QEvent) -> bool:
    """True for a key the window's actions keep, asked for before the field would take it."""
    return (
        event.type() == QEvent.Type.ShortcutOverride
        and isinstance(event, QKeyEvent)
        and event.keyCombination() in WINDOW_KEYS
    )


class LongLineEdit(QLineEdit):
    """A one-line text field that keeps whatever length is pasted into it.

    Ctrl+Z undoes its own typing while it has any; after that the key reaches the
    window, which undoes the last change to the session. Ctrl+E reaches the window's
    Export (``WINDOW_KEYS``).
    """

    def __init__(self, parent: QWidget | None = None, accessible_name: str = "") -> None:
        super().__init__(parent)
        self.setMaxLength(LONGEST_LINE)
        if accessible_name:
            self.setAccessibleName(accessible_name)
        self._composing = False
        self._waiting: tuple[list[tuple[int, int]], QTextCharFormat] | None = None
        self.underlined: list[tuple[int, int]] = []

    def event(self, event: QEvent) -> bool:
        if _yields_window_key(event) or _yields_undo_key(
            event, self.isUndoAvailable(), self.isRedoAvailable()
        ):
            event.ignore()
            return False
        return super().event(event)

    def set_underlines(self, spans: list[tuple[int, int]], fmt: QTextCharFormat) -> None:
        """Draw ``fmt`` over these spans of the text (UTF-16 offsets), until the next call.

        A line edit has no public way to format parts of its text; the one Qt offers is
        an input-method event that carries formats and no text, which changes neither the
        text, the cursor nor the undo history. While an input method is composing a
        character, the event would end the composition, so the spans wait for it to finish.
        """
        if self._composing:
            self._waiting = (list(spans), fmt)
            return
        self._waiting = None
        if not spans and not self.underlined:
            return
        self.underlined = list(spans)
        cursor = self.cursorPosition()  # the event's offsets count from the cursor
        kind = QInputMethodEvent.AttributeType.TextFormat
        attributes = [
            QInputMethodEvent.Attribute(kind, start - cursor, end - start, fmt) for start, end in spans
        ]
        QCoreApplication.sendEvent(self, QInputMethodEvent("", attributes))

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        super().inputMethodEvent(event)
        composing = bool(event.preeditString())
        if self._composing and not composing:
            self._composing = False
            if self._waiting is not None:
                self.set_underlines(*self._waiting)
        self._composing = composing


class NotesEdit(QPlainTextEdit):
    """A multi-line text field that says when the cursor leaves it.

    Like ``LongLineEdit``, it lets Ctrl+Z through once it has nothing of its own to
    undo, and Ctrl+E (``WINDOW_KEYS``) always.
    """

    focus_left = Signal()

    def __init__(self, parent: QWidget | None = None, accessible_name: str = "") -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        if accessible_name:
            self.setAccessibleName(accessible_name)

    def event(self, event: QEvent) -> bool:
        document = self.document()
        if _yields_window_key(event) or _yields_undo_key(
            event, document.isUndoAvailable(), document.isRedoAvailable()
        ):
            event.ignore()
            return False
        return super().event(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_left.emit()


class LongTextDelegate(QStyledItemDelegate):
    """Edits table cells in a ``LongLineEdit``, so a pasted name or role stays whole."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        return LongLineEdit(parent)


def confirmed(parent: QWidget, title: str, question: str) -> bool:
    """Ask ``question`` with Yes and Cancel (Cancel the default); True when the answer is Yes."""
    answer = QMessageBox.question(
        parent,
        title,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes
