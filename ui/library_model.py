"""The library as a table model: one row per session, from its summary only."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from facilitation.model import SessionSummary

_Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Reference", "Title", "Severity", "Status", "Date")
_SORT_FIELDS = ("reference", "title", "severity", "status", "start_day")
SESSION_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class SessionTableModel(QAbstractTableModel):
    """Session summaries as rows; never holds a session's content."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[SessionSummary] = []

    def set_rows(self, rows: list[SessionSummary]) -> None:
        """Show ``rows`` instead of what was shown."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows by one column, in Python: fast for 10,000 rows."""
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        field = _SORT_FIELDS[column]
        self._rows.sort(
            key=lambda r: str(getattr(r, field)).casefold(), reverse=order == Qt.SortOrder.DescendingOrder
        )
        self.layoutChanged.emit()

    def row_of(self, session_id: int) -> int:
        """The row showing a session, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.id == session_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        if role == SESSION_ID_ROLE:
            return summary.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (summary.reference, summary.title, summary.severity, summary.status, summary.start_day)
            text = values[index.column()]
            # A cell shows one line; a pasted essay stays whole in the session.
            return text.splitlines()[0][:300] if text and role == Qt.ItemDataRole.DisplayRole else text
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None
