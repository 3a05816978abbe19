"""Small widgets shared by the views."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

# QLineEdit cuts text at 32,767 characters unless told otherwise; people paste more.
LONGEST_LINE = 2**31 - 1


class LongLineEdit(QLineEdit):
    """A one-line text field that keeps whatever length is pasted into it."""

    def __init__(self, parent: QWidget | None = None, accessible_name: str = "") -> None:
        super().__init__(parent)
        self.setMaxLength(LONGEST_LINE)
        if accessible_name:
            self.setAccessibleName(accessible_name)


class NotesEdit(QPlainTextEdit):
    """A multi-line text field that says when the cursor leaves it."""

    focus_left = Signal()

    def __init__(self, parent: QWidget | None = None, accessible_name: str = "") -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        if accessible_name:
            self.setAccessibleName(accessible_name)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_left.emit()


class LongTextDelegate(QStyledItemDelegate):
    """Edits table cells in a ``LongLineEdit``, so a pasted name or role stays whole."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        return LongLineEdit(parent)
