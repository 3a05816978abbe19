"""F1: every action of the window with its key, read from the menus themselves."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def menu_actions(menu_bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, action, key) for every action in the menus, in menu order."""
    found = []
    for menu_action in menu_bar.actions():
        menu = menu_action.menu()
        if not isinstance(menu, QMenu):
            continue
        for action in menu.actions():
            if action.isSeparator():
                continue
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
            found.append((menu_action.text().replace("&", ""), action.text().replace("&", ""), keys))
    return found


class KeysDialog(QDialog):
    """A table of the window's actions and keys."""

    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Takeaways — Keys")
        rows = menu_actions(menu_bar)
        table = QTableWidget(len(rows), 3)
        table.setAccessibleName("Actions and their keys")
        table.setHorizontalHeaderLabels(["Menu", "Action", "Key"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(value))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(620, 520)

    @classmethod
    def ask(cls, menu_bar: QMenuBar, parent: QWidget | None = None) -> None:
        """Show the list until it is closed."""
        cls(menu_bar, parent).exec()
