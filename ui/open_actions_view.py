"""Open actions across every debrief: overdue first, each leading to its session; CSV for a tracker."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitation.library import OpenAction, order_open_actions
from ui.actions_view import status_label
from ui.table_model import HeaderedTableModel
from ui.widgets import hint_label, plain_tooltip

EXPORT_KEY = "Ctrl+E"
"""The window's Export action writes the CSV while this view is shown."""
_CELL = 300


def due_text(action: OpenAction, today: date) -> str:
    """The due column: the date, and the word "overdue" when it has passed (not colour alone)."""
    if action.due is None:
        return "no due date"
    return f"{action.due.isoformat()} · overdue" if action.overdue(today) else action.due.isoformat()


def due_tooltip(action: OpenAction, today: date) -> str:
    """How long ago an overdue action was due."""
    if action.due is None or not action.overdue(today):
        return due_text(action, today)
    days = (today - action.due).days
    return f"Due {action.due.isoformat()}, overdue by {days:,} day{'s' if days != 1 else ''}"


class OpenActionsModel(HeaderedTableModel):
    """Open actions as rows: Due, Owner, Action, Status, Session."""

    HEADERS = ("Due", "Owner", "Action", "Status", "Session")

    def __init__(self) -> None:
        super().__init__()
        self._actions: list[OpenAction] = []
        self._today = date.today()

    @property
    def actions(self) -> list[OpenAction]:
        """The actions shown, in order."""
        return list(self._actions)

    def set_actions(self, actions: list[OpenAction], today: date) -> None:
        """Show these actions, overdue first, as of ``today``."""
        self.beginResetModel()
        self._actions = order_open_actions(actions, today)
        self._today = today
        self.endResetModel()

    def action(self, row: int) -> OpenAction:
        """The action on row ``row``."""
        return self._actions[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._actions)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._actions):
            return None
        action = self._actions[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            session = " ".join(p for p in (action.reference, action.session_title) if p)
            text = (
                due_text(action, self._today),
                action.owner or "no owner yet",
                action.text,
                status_label(action.status),
                session,
            )[column]
            if role == Qt.ItemDataRole.ToolTipRole:
                return plain_tooltip(due_tooltip(action, self._today) if column == 0 else text[:5000])
            return text.splitlines()[0][:_CELL] if text else ""
        if role == Qt.ItemDataRole.FontRole and column == 0 and action.overdue(self._today):
            font = QFont()
            font.setBold(True)
            return font
        return None


class OpenActionsView(QWidget):
    """Every action still open or in progress; Enter opens its debrief at the action."""

    action_requested = Signal(int, str)
    """Session id and the action's key."""
    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel("Open actions")
        heading.setProperty("role", "heading")
        self.summary = QLabel()
        self.summary.setProperty("role", "subheading")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.model = OpenActionsModel()
        self.table = QTableView()
        self.table.setAccessibleName("Open actions across every debrief, overdue first")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((230, 170, 420, 120, 300)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._on_table_activated)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setAccessibleName(f"Export the open actions as CSV for a tracker ({EXPORT_KEY})")
        self.export_button.setToolTip(f"A CSV file for a tracker, in this order ({EXPORT_KEY})")
        self.export_button.clicked.connect(self.export_requested)
        hint = hint_label("Enter opens the debrief at the action · Ctrl+L goes back to the library")
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, stretch=1)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addLayout(buttons)
        layout.addWidget(self.table, stretch=1)
        layout.addWidget(hint)

    def show_actions(self, actions: list[OpenAction], today: date) -> None:
        """Show these actions as of ``today``."""
        self.model.set_actions(actions, today)
        overdue = sum(action.overdue(today) for action in actions)
        count = len(actions)
        noun = "open action" if count == 1 else "open actions"
        self.summary.setText(
            "No open actions: everything agreed is done or dropped."
            if not count
            else f"{count:,} {noun}, {overdue:,} overdue"
            if overdue
            else f"{count:,} {noun}, none overdue"
        )
        if count:
            self.table.selectRow(0)

    def focus_first(self) -> None:
        """Put the keyboard on the table."""
        self.table.setFocus()

    def _on_table_activated(self, index: QModelIndex) -> None:
        action = self.model.action(index.row())
        self.action_requested.emit(action.session_id, action.key)
