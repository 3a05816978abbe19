"""Row bookkeeping shared by the table models over one of a session's item lists."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex

from facilitation.model import Item

_Index = QModelIndex | QPersistentModelIndex


class ItemRowsModel(QAbstractTableModel):
    """Items as rows, kept in step with the editor by ``insert``/``remove``/``move``/``refresh``.

    Subclasses say what the columns are (``column_count``) and show the cells.
    """

    column_count = 1

    def __init__(self, items: list[Item]) -> None:
        super().__init__()
        self._rows: list[Item] = list(items)

    def row_of(self, key: str) -> int:
        """The row showing the item with this key, or -1."""
        return next((row for row, item in enumerate(self._rows) if item.key == key), -1)

    def insert(self, row: int, item: Item) -> None:
        """Show ``item`` at ``row``."""
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, item)
        self.endInsertRows()

    def remove(self, row: int) -> None:
        """Stop showing the item at ``row``."""
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def move(self, source: int, target: int) -> None:
        """Show the item at ``source`` at ``target`` instead."""
        if source == target:
            return
        destination = target + 1 if target > source else target  # Qt counts the row being moved
        self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), destination)
        self._rows.insert(target, self._rows.pop(source))
        self.endMoveRows()

    def refresh(self, row: int) -> None:
        """Show again the item at ``row`` after it changed."""
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.column_count - 1), [])

    def refresh_column(self, column: int) -> None:
        """Show again one column of every row (counts and links that other changes move)."""
        if self._rows:
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column), [])

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.column_count
