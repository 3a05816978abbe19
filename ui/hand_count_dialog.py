"""A show of hands, counted and typed in: a ready check or "who learned something new?"; ``ask()``."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

MOST_PEOPLE = 999
TITLES = {"ready": "Ready to move on?", "learned": "Who learned something new today?"}
"""What the room is asked, by kind of hand count; also the dialog's title."""
_HINTS = {
    "ready": "Ask who is ready to move on and count the raised hands. "
    "Nobody is named; a few hands still down is a good reason to take a minute more.",
    "learned": "Ask who learned something new today and count the raised hands. Nobody is named.",
}
NOT_COUNTED = "not counted"


class TypedCount(NamedTuple):
    """What was typed in: hands raised, and how many people were asked (None when not counted)."""

    hands: int
    present: int | None


class HandCountDialog(QDialog):
    """Two numbers: the hands that went up (with the cursor), and the people in the room."""

    def __init__(self, parent: QWidget | None, kind: str, present: int) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLES[kind])
        self.setAccessibleName(TITLES[kind])
        hint = QLabel(_HINTS[kind])
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        self.present = QSpinBox()
        self.present.setRange(0, MOST_PEOPLE)
        self.present.setSpecialValueText(NOT_COUNTED)
        self.present.setAccessibleName("People in the room")
        self.present.setValue(min(max(present, 0), MOST_PEOPLE))
        self.hands = QSpinBox()
        self.hands.setRange(0, MOST_PEOPLE)
        self.hands.setAccessibleName("Hands raised")

        form = QFormLayout()
        hands_caption = QLabel("&Hands raised")
        hands_caption.setBuddy(self.hands)
        present_caption = QLabel("&People in the room")
        present_caption.setBuddy(self.present)
        form.addRow(hands_caption, self.hands)
        form.addRow(present_caption, self.present)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        if save is not None:
            save.setDefault(True)  # Enter in either box saves
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.hands.setFocus()
        self.hands.selectAll()

    def count(self) -> TypedCount:
        """The numbers as typed; more hands than people counted means more people came."""
        hands, present = self.hands.value(), self.present.value()
        return TypedCount(hands, max(present, hands) if present else None)

    @classmethod
    def ask(cls, parent: QWidget | None, kind: str, present: int) -> TypedCount | None:
        """The count typed in, or None when the person changed their mind.

        Args:
            parent: The window it belongs to.
            kind: ``ready`` or ``learned``.
            present: How many people are in the room to start with (0: not counted).
        """
        dialog = cls(parent, kind, present)
        return dialog.count() if dialog.exec() == QDialog.DialogCode.Accepted else None
