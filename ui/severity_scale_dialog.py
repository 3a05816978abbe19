"""Editing the organisation's severity scale: a level's name and what it means, most severe first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitation.classification import scale_problem
from facilitation.settings import SeverityLevel
from ui.widgets import LongTextDelegate

SAVE_KEYS = ("Ctrl+Return", "Ctrl+Enter")
NAME_COLUMN, DESCRIPTION_COLUMN = 0, 1


class SeverityScaleDialog(QDialog):
    """A table of levels, one a row; Save refuses an empty scale or two levels of the same name.

    A scale is a handful of rows, so a ``QTableWidget`` holds them rather than a model of its own.
    """

    def __init__(self, parent: QWidget | None, scale: list[SeverityLevel]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Takeaways — Severity scale")
        self._scale: list[SeverityLevel] | None = None

        hint = QLabel(
            "Most severe first. Every debrief picks exactly one level; the description is "
            "what people read when they choose, and what the PDF prints."
        )
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setAccessibleName("Severity levels: name and description")
        self.table.setHorizontalHeaderLabels(["Name", "Description"])
        self.table.setItemDelegate(LongTextDelegate(self.table))
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(DESCRIPTION_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(NAME_COLUMN, 140)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        for level in scale:
            self._append(level.name, level.description)
        if scale:
            self.table.setCurrentCell(0, NAME_COLUMN)

        self.problem = QLabel()
        self.problem.setProperty("role", "problem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.table.itemChanged.connect(self._on_table_item_changed)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName("Save (Ctrl+Enter)")
        self.save_button.setToolTip("Ctrl+Enter")
        self.save_button.setDefault(True)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel (Esc)")
        cancel.setToolTip("Esc")
        cancel.setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        save_action = QAction("Save", self)
        save_action.setShortcuts([QKeySequence(key) for key in SAVE_KEYS])
        save_action.triggered.connect(self.accept)
        self.addAction(save_action)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(hint)
        layout.addLayout(self._row_buttons())
        layout.addWidget(self.table, stretch=1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(820, 420)

    @classmethod
    def ask(cls, parent: QWidget | None, scale: list[SeverityLevel]) -> list[SeverityLevel] | None:
        """The saved scale, or None if the facilitator cancelled."""
        dialog = cls(parent, scale)
        try:
            dialog.exec()
            return dialog.scale()
        finally:
            dialog.deleteLater()

    def scale(self) -> list[SeverityLevel] | None:
        """What was saved; None until Save succeeds."""
        return self._scale

    def levels(self) -> list[SeverityLevel]:
        """The levels as the table shows them, rows left wholly empty left out."""
        found = []
        for row in range(self.table.rowCount()):
            name, description = self._text(row, NAME_COLUMN), self._text(row, DESCRIPTION_COLUMN)
            if name.strip() or description.strip():
                found.append(SeverityLevel(name.strip(), description.strip()))
        return found

    def accept(self) -> None:
        self._commit_open_editor()
        levels = self.levels()
        problem = scale_problem(levels)
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            self.table.setFocus()
            return
        self._scale = levels
        super().accept()

    # -- rows -----------------------------------------------------------------

    def add_level(self) -> None:
        """A new empty level at the end, its name ready to type."""
        self._commit_open_editor()  # what is being typed in a cell is kept
        row = self._append("", "")
        self.table.setFocus()
        self.table.setCurrentCell(row, NAME_COLUMN)
        item = self.table.item(row, NAME_COLUMN)
        if item is not None:
            self.table.editItem(item)

    def remove_level(self) -> None:
        """Remove the selected level."""
        self._commit_open_editor()  # what is being typed in a cell is kept
        row = self.table.currentRow()
        if row < 0:
            return
        self.table.removeRow(row)
        if self.table.rowCount():
            self.table.setCurrentCell(min(row, self.table.rowCount() - 1), NAME_COLUMN)

    def move_level(self, offset: int) -> None:
        """Move the selected level up (-1, more severe) or down (+1)."""
        self._commit_open_editor()  # what is being typed in a cell is kept
        row, column = self.table.currentRow(), max(self.table.currentColumn(), 0)
        target = row + offset
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        texts = [(self._text(r, NAME_COLUMN), self._text(r, DESCRIPTION_COLUMN)) for r in (row, target)]
        for r, (name, description) in zip((target, row), texts, strict=True):
            self._set_row(r, name, description)
        self.table.setCurrentCell(target, column)

    def _row_buttons(self) -> QHBoxLayout:
        specs: tuple[tuple[str, str, Callable[[], None]], ...] = (
            # Not Ctrl+Shift+A: a text field on Linux takes it first.
            ("Add a level", "Ctrl+N", self.add_level),
            ("Remove the level", "Ctrl+Shift+Delete", self.remove_level),
            ("Move up", "Alt+Up", lambda: self.move_level(-1)),
            ("Move down", "Alt+Down", lambda: self.move_level(1)),
        )
        row = QHBoxLayout()
        self.row_actions: list[QAction] = []
        for text, key, slot in specs:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _checked=False, s=slot: s())
            self.addAction(action)
            self.row_actions.append(action)
            button = QPushButton(text)
            button.setAccessibleName(f"{text} ({key})")
            button.setToolTip(key)
            button.setAutoDefault(False)  # Enter saves, whichever button was clicked last
            button.clicked.connect(action.trigger)
            row.addWidget(button)
        row.addStretch()
        return row

    def _append(self, name: str, description: str) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self._set_row(row, name, description)
        return row

    def _set_row(self, row: int, name: str, description: str) -> None:
        for column, text in ((NAME_COLUMN, name), (DESCRIPTION_COLUMN, description)):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            self.table.setItem(row, column, item)

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def _commit_open_editor(self) -> None:
        """Keep what is typed in a cell still being edited (Ctrl+Enter saves from inside one)."""
        editor = QApplication.focusWidget()
        if editor is not None and editor.parentWidget() is self.table.viewport():
            self.table.commitData(editor)

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        item.setToolTip(item.text())
        if not self.problem.isHidden():
            self.problem.hide()
