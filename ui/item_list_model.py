"""A list of a session's items (the parking lot, what went right …) as a list model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from facilitation.model import Item

_Index = QModelIndex | QPersistentModelIndex
ITEM_KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class ItemListModel(QAbstractListModel):
    """Items as rows, showing their first line; kept in step by ``insert``/``remove``/``refresh``."""

    def __init__(self, items: list[Item]) -> None:
        super().__init__()
        self._items = list(items)

    def item(self, row: int) -> Item:
        """The item at ``row``."""
        return self._items[row]

    def insert(self, row: int, item: Item) -> None:
        """Show ``item`` at ``row``."""
        self.beginInsertRows(QModelIndex(), row, row)
        self._items.insert(row, item)
        self.endInsertRows()

    def remove(self, row: int) -> None:
        """Stop showing the item at ``row``."""
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._items[row]
        self.endRemoveRows()

    def refresh(self, row: int) -> None:
        """Show again the item at ``row`` after it changed."""
        index = self.index(row)
        self.dataChanged.emit(index, index, [])

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            first = item.text.splitlines()[0][:500] if item.text else ""
            return f"🔒 {first}" if item.private else first
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.text[:2000] + ("…" if len(item.text) > 2000 else "")
        if role == ITEM_KEY_ROLE:
            return item.key
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ("Private: " if item.private else "") + item.text[:500]
        return None
