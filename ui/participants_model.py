"""Participants as an editable two-column table model: name and role."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from facilitation.model import Participant

_Index = QModelIndex | QPersistentModelIndex
_EDITABLE = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsEditable


class ParticipantsModel(QAbstractTableModel):
    """The people in a debrief; every change emits ``participants_changed``."""

    participants_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._people: list[Participant] = []

    def set_rows(self, people: list[Participant]) -> None:
        """Show these participants instead."""
        self.beginResetModel()
        self._people = [Participant(p.name, p.role, p.private) for p in people]
        self.endResetModel()

    def participants(self) -> list[Participant]:
        """The participants with a name, in order."""
        return [Participant(p.name, p.role, p.private) for p in self._people if p.name.strip()]

    def add(self, name: str = "", role: str = "") -> int:
        """Append a participant; returns its row."""
        row = len(self._people)
        self.beginInsertRows(QModelIndex(), row, row)
        self._people.append(Participant(name, role))
        self.endInsertRows()
        self.participants_changed.emit()
        return row

    def remove(self, row: int) -> None:
        """Remove the participant at ``row``."""
        if not 0 <= row < len(self._people):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._people[row]
        self.endRemoveRows()
        self.participants_changed.emit()

    def move(self, row: int, offset: int) -> int:
        """Move a participant up (-1) or down (+1); returns its new row."""
        target = row + offset
        if not (0 <= row < len(self._people) and 0 <= target < len(self._people)):
            return row
        destination = target + 1 if offset > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._people.insert(target, self._people.pop(row))
        self.endMoveRows()
        self.participants_changed.emit()
        return target

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._people)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 2

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _EDITABLE if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._people):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            person = self._people[index.row()]
            return person.name if index.column() == 0 else person.role
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        person = self._people[index.row()]
        if index.column() == 0:
            person.name = str(value)
        else:
            person.role = str(value)
        self.dataChanged.emit(index, index, [role])
        self.participants_changed.emit()
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return ("Name", "Role")[section]
        return None
