"""A list of a session's items (the parking lot, what went right …) as a list model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from facilitation.model import Item
from ui.language_notes import NOTE_SPANS_ROLE, notes_description, qt_spans, with_notes_tooltip

if TYPE_CHECKING:
    from facilitation.coach import Note

_Index = QModelIndex | QPersistentModelIndex
ITEM_KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class ItemListModel(QAbstractListModel):
    """Items as rows, showing their first line; kept in step by ``insert``/``remove``/``move``/``refresh``.

    Editing a row in place emits ``text_edited(row, new_text)`` and changes nothing
    itself: the editor makes the change, so that it is saved and can be undone.
    ``notes`` gives an item's open language notes: their wording is underlined
    (``NOTE_SPANS_ROLE``) and they join the item's tooltip.
    """

    text_edited = Signal(int, str)

    def __init__(
        self,
        items: list[Item],
        marker: Callable[[Item], str] | None = None,
        notes: Callable[[Item], Sequence[Note]] | None = None,
    ) -> None:
        super().__init__()
        self._items = list(items)
        self._marker = marker or (lambda item: "")
        self._notes = notes or (lambda item: ())

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

    def move(self, source: int, target: int) -> None:
        """Show the item at ``source`` at ``target`` instead."""
        if source == target:
            return
        self.beginMoveRows(
            QModelIndex(), source, source, QModelIndex(), target + 1 if target > source else target
        )
        self._items.insert(target, self._items.pop(source))
        self.endMoveRows()

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value).strip()
        if text and text != self._items[index.row()].text:
            self.text_edited.emit(index.row(), text)
        return True

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
            return self._prefix(item) + self._first_line(item)
        if role == Qt.ItemDataRole.EditRole:
            return item.text
        if role == Qt.ItemDataRole.ToolTipRole:
            text = item.text[:2000] + ("…" if len(item.text) > 2000 else "")
            return with_notes_tooltip(text, item.text, self._notes(item))
        if role == NOTE_SPANS_ROLE:
            notes = self._notes(item)
            if not notes:
                return None
            return qt_spans(item.text, notes, 0, len(self._first_line(item)), self._prefix(item))
        if role == ITEM_KEY_ROLE:
            return item.key
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ("Private: " if item.private else "") + item.text[:500]
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return notes_description(item.text, self._notes(item)) or None
        return None

    def _prefix(self, item: Item) -> str:
        return f"{'🔒 ' if item.private else ''}{self._marker(item)}"

    @staticmethod
    def _first_line(item: Item) -> str:
        return item.text.splitlines()[0][:500] if item.text else ""
