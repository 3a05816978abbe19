"""Forget a person: one name replaced by a role everywhere in the library, after a preview and one "yes"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitation.library import ForgetPreview
from facilitation.messages import echo
from facilitation.protocols import LibraryQueries
from ui.widgets import LongLineEdit, confirmed

SUGGESTED_ROLE = "former engineer"
NEEDS_BOTH = "Type the name to forget and the role to put in its place."
NEEDS_PREVIEW = "Preview (Enter) shows where this name appears; nothing changes until you confirm."


BACKUPS_KEEP_IT = (
    "Backups made before now still hold the name; delete them from the backups folder "
    "if it must go from those too."
)


def preview_text(preview: ForgetPreview) -> str:
    """The preview in plain words: where the name is and how often."""
    name = echo(preview.name, 60)
    if not preview.places:
        return f"“{name}” does not appear anywhere in this library, so nothing would change."
    noun = "debrief" if preview.sessions == 1 else "debriefs"
    places = "\n".join(f"  • {place}: {count:,}" for place, count in preview.places)
    return (
        f"“{name}” appears in {preview.sessions:,} {noun}:\n{places}\n\n"
        f"Each becomes “{echo(preview.role, 60)}”. This cannot be undone. {BACKUPS_KEEP_IT}"
    )


class ConfirmForget:
    """The one confirmation before a name is replaced."""

    @classmethod
    def ask(cls, parent: QWidget, preview: ForgetPreview) -> bool:
        """True when the person confirms."""
        total = sum(count for _place, count in preview.places)
        places = "place" if total == 1 else "places"
        debriefs = "debrief" if preview.sessions == 1 else "debriefs"
        return confirmed(
            parent,
            "Takeaways — Forget a person",
            f"Replace “{echo(preview.name, 60)}” by “{echo(preview.role, 60)}” in {total:,} {places} "
            f"across {preview.sessions:,} {debriefs}?\n\nThis cannot be undone. {BACKUPS_KEEP_IT}",
        )


class ForgetPersonDialog(QDialog):
    """A name (completed from the people in the library), a role, and what would change."""

    def __init__(self, queries: LibraryQueries, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Takeaways — Forget a person")
        self.queries = queries
        self.changed = 0
        self._preview: ForgetPreview | None = None
        intro = QLabel(
            "For someone who has left or asked to be removed: their name is replaced by a role in "
            "every debrief, note and action of this library."
        )
        intro.setWordWrap(True)
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.setAccessibleName("The name to forget")
        self.name.addItems(queries.people())
        self.name.setCurrentIndex(-1)
        self.name.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.role = LongLineEdit(accessible_name="The role to put in its place")
        self.role.setText(SUGGESTED_ROLE)
        self.preview = QLabel(NEEDS_PREVIEW)
        self.preview.setAccessibleName("What would change")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.problem = QLabel()
        self.problem.setProperty("role", "problem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()
        self.preview_button = QPushButton("&Preview")
        self.preview_button.setAccessibleName("Show where the name appears, changing nothing")
        self.preview_button.setToolTip(
            "Enter: looks through every debrief (a few seconds in a large library)"
        )
        self.preview_button.setDefault(True)
        self.preview_button.clicked.connect(self.show_preview)
        self.forget_button = QPushButton("&Replace everywhere…")
        self.forget_button.setAutoDefault(False)
        self.forget_button.setAccessibleName("Replace the name everywhere, after one confirmation")
        self.forget_button.setEnabled(False)
        self.forget_button.clicked.connect(self._on_forget_button_clicked)
        cancel = QPushButton("Cancel")
        cancel.setAccessibleName("Close without changing anything")
        cancel.clicked.connect(self.reject)
        self.name.editTextChanged.connect(self._on_input_changed)
        self.role.textChanged.connect(self._on_input_changed)
        name_field = self.name.lineEdit()
        if name_field is not None:
            name_field.returnPressed.connect(self.show_preview)
        self.role.returnPressed.connect(self.show_preview)

        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("Replace &by", self.role)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.forget_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.preview, stretch=1)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self.resize(560, 380)

    @classmethod
    def ask(cls, parent: QWidget, queries: LibraryQueries) -> int | None:
        """How many places changed, or None when nothing was done."""
        dialog = cls(queries, parent)
        return dialog.changed if dialog.exec() == QDialog.DialogCode.Accepted else None

    def show_preview(self) -> None:
        """Show where the name typed appears (nothing is changed)."""
        self._preview = None
        self.forget_button.setEnabled(False)
        self.problem.hide()
        name, role = self.name.currentText().strip(), self.role.text().strip()
        if not name or not role:
            self.preview.setText(NEEDS_BOTH)
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            preview = self.queries.forget_preview(name, role)
        except ValueError as problem:
            self.preview.clear()
            self.problem.setText(str(problem))
            self.problem.show()
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.preview.setText(preview_text(preview))
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))  # every place in view
        self._preview = preview
        self.forget_button.setEnabled(bool(preview.places))

    def _on_input_changed(self, _text: str) -> None:
        self._preview = None
        self.forget_button.setEnabled(False)
        self.preview.setText(NEEDS_PREVIEW)

    def _on_forget_button_clicked(self) -> None:
        preview = self._preview
        if preview is None or not preview.places or not ConfirmForget.ask(self, preview):
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.changed = self.queries.forget(preview.name, preview.role)
        except ValueError as problem:
            self.problem.setText(str(problem))
            self.problem.show()
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.accept()
